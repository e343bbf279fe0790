import { useLayoutEffect, useRef } from 'react';

interface Props {
  value: string;
  maxLength: number;
  label: string;
  placeholder?: string;
  onChange(value: string): void;
  onDone(): void;
}

/** Length of the common prefix of two strings. */
const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
};

/**
 * The inline editor of a card. The value is the shared text, so other people's typing lands in it live; when it
 * does, the caret is moved by what changed before it instead of jumping to the end.
 */
export function CardTextEditor({ value, maxLength, label, placeholder, onChange, onDone }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const shown = useRef(value);
  const selection = useRef<[number, number]>([value.length, value.length]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
    const before = shown.current;
    shown.current = value;
    if (before === value || document.activeElement !== el) return;
    // A remote edit: shift our caret by the length change if it happened before the caret.
    const changedAt = commonPrefix(before, value);
    const shift = (at: number) => (at > changedAt ? Math.max(changedAt, at + value.length - before.length) : at);
    const [start, end] = selection.current;
    el.setSelectionRange(shift(start), shift(end));
    selection.current = [el.selectionStart, el.selectionEnd];
  }, [value]);

  return (
    <textarea
      ref={ref}
      className="card-editor nodrag nopan nowheel"
      aria-label={label}
      value={value}
      maxLength={maxLength}
      placeholder={placeholder}
      rows={1}
      autoFocus
      onFocus={(event) => {
        const end = event.currentTarget.value.length;
        event.currentTarget.setSelectionRange(end, end);
      }}
      onSelect={(event) => (selection.current = [event.currentTarget.selectionStart, event.currentTarget.selectionEnd])}
      onChange={(event) => {
        shown.current = event.currentTarget.value;
        selection.current = [event.currentTarget.selectionStart, event.currentTarget.selectionEnd];
        onChange(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' || (event.key === 'Enter' && !event.shiftKey)) {
          event.preventDefault();
          event.stopPropagation();
          onDone();
        }
      }}
      onBlur={onDone}
    />
  );
}
