import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface Tab<T extends string> {
  id: T;
  label: ReactNode;
}

/**
 * Tabs as the ARIA pattern has them: one Tab stop (the selected tab), arrow keys, Home and End to move between them,
 * each tab selected as it gets focus. `idPrefix` names the tabs (`${idPrefix}-${id}`) and `panelId` the panel they
 * control, for the panel's `aria-labelledby`.
 */
export function TabList<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
  idPrefix,
  panelId,
  className,
  tabClassName,
}: {
  tabs: Array<Tab<T>>;
  selected: T;
  onSelect(id: T): void;
  label: string;
  idPrefix: string;
  panelId: string;
  className: string;
  tabClassName: string;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent) => {
    const at = tabs.findIndex((tab) => tab.id === selected);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    onSelect(tab.id);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(`${idPrefix}-${tab.id}`)}`)?.focus();
  };
  return (
    <div ref={list} className={className} role="tablist" aria-label={label} onKeyDown={move}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`${idPrefix}-${tab.id}`}
          aria-selected={tab.id === selected}
          aria-controls={panelId}
          tabIndex={tab.id === selected ? 0 : -1}
          className={`${tabClassName}${tab.id === selected ? ' is-current' : ''}`}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
