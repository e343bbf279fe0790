import { SharedTextArea } from './SharedTextArea';

interface Props {
  value: string;
  maxLength: number;
  label: string;
  placeholder?: string;
  onChange(value: string): void;
  onDone(): void;
  /** Tab while typing: done here, ask why under it at once (the fast path of the meeting). */
  onTab?(): void;
}

/** The inline editor of a card: Enter or Escape (or leaving it) ends editing; Shift+Enter is a new line; Tab asks why under it. */
export function CardTextEditor({ value, maxLength, label, placeholder, onChange, onDone, onTab }: Props) {
  return (
    <SharedTextArea
      className="card-editor nodrag nopan nowheel"
      aria-label={label}
      value={value}
      onValue={onChange}
      maxLength={maxLength}
      placeholder={placeholder}
      rows={1}
      autoFocus
      onFocus={(event) => {
        const end = event.currentTarget.value.length;
        event.currentTarget.setSelectionRange(end, end);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' || (event.key === 'Enter' && !event.shiftKey)) {
          event.preventDefault();
          event.stopPropagation();
          onDone();
        } else if (event.key === 'Tab' && !event.shiftKey && onTab) {
          event.preventDefault();
          event.stopPropagation();
          onDone();
          onTab();
        }
      }}
      onBlur={onDone}
    />
  );
}
