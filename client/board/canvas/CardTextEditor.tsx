import { SharedTextArea } from '../../lib/SharedTextArea';

interface Props {
  value: string;
  maxLength: number;
  label: string;
  placeholder?: string;
  onChange(value: string): void;
  /** Leaving the editor (a click elsewhere) ends editing. */
  onDone(): void;
}

/**
 * The inline editor of a card. Its keys (Enter adds a cause beside, Tab asks why, Shift+Enter is a new line, Escape
 * goes back to the card) are the board's commands while typing, dispatched with the others from `BOARD_COMMANDS`.
 */
export function CardTextEditor({ value, maxLength, label, placeholder, onChange, onDone }: Props) {
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
      onBlur={onDone}
    />
  );
}
