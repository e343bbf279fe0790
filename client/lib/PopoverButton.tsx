import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The button's text. */
  label: string;
  /** The panel's accessible name. */
  dialogLabel: string;
  panelClassName?: string;
  /** The panel's content: mounted only while it is open. */
  children: ReactNode;
}

/** A button that opens a panel under it; Escape or a click outside closes it. */
export function PopoverButton({ label, dialogLabel, panelClassName = '', children }: Props) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className="share" ref={ref}>
      <button type="button" className="button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && (
        <div className={`share-panel ${panelClassName}`} role="dialog" aria-label={dialogLabel}>
          {children}
        </div>
      )}
    </div>
  );
}
