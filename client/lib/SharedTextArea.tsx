import { useEffect, useLayoutEffect, useRef, type TextareaHTMLAttributes } from 'react';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValue(value: string): void;
  /** Grow to fit the text (the default), or keep the height the style gives (a one-line field). */
  grow?: boolean;
};

/** Length of the common prefix of two strings. */
const commonPrefix = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
};

/**
 * Whether the browser sizes a textarea to its text itself (`field-sizing: content`, Chromium 123+, Safari 26+): then
 * growing costs no layout forced from script on every keystroke (measured: about a tenth of typing's main-thread time on
 * a board of 1,000 causes). Elsewhere, the height is set from `scrollHeight`.
 */
const SIZES_ITSELF = typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('field-sizing', 'content');

/**
 * A textarea bound to shared text. Other people's typing lands in it live; when it does, the caret moves by what
 * changed before it instead of jumping to the end. Grows with its content.
 */
export function SharedTextArea({ value, onValue, onSelect, autoFocus, grow = true, className, ...props }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const shown = useRef(value);
  const selection = useRef<[number, number]>([value.length, value.length]);

  // `autoFocus` fails on an element that is not visible yet, and React Flow shows a new card only once it is measured:
  // keep trying for a few frames.
  useEffect(() => {
    if (!autoFocus) return;
    let frame = 0;
    let tries = 0;
    const attempt = () => {
      const el = ref.current;
      if (!el || document.activeElement === el) return;
      el.focus({ preventScroll: true });
      if (document.activeElement !== el && tries++ < 60) frame = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(frame);
  }, [autoFocus]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (grow && !SIZES_ITSELF) {
      el.style.height = 'auto';
      el.style.height = `${el.scrollHeight}px`;
    }
    const before = shown.current;
    shown.current = value;
    if (before === value || document.activeElement !== el) return;
    // A remote edit: shift our caret by the length change if it happened before the caret.
    const changedAt = commonPrefix(before, value);
    const shift = (at: number) => (at > changedAt ? Math.max(changedAt, at + value.length - before.length) : at);
    const [start, end] = selection.current;
    el.setSelectionRange(shift(start), shift(end));
    selection.current = [el.selectionStart, el.selectionEnd];
  }, [value, grow]);

  return (
    <textarea
      {...props}
      className={grow && SIZES_ITSELF ? `${className ?? ''} sizes-itself`.trim() : className}
      ref={ref}
      value={value}
      onSelect={(event) => {
        selection.current = [event.currentTarget.selectionStart, event.currentTarget.selectionEnd];
        onSelect?.(event);
      }}
      onChange={(event) => {
        shown.current = event.currentTarget.value;
        selection.current = [event.currentTarget.selectionStart, event.currentTarget.selectionEnd];
        onValue(event.currentTarget.value);
      }}
    />
  );
}
