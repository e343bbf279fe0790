/**
 * Whether a key event matches a binding. Bindings are `+`-joined modifiers (`Mod` is Ctrl, or ⌘ on a Mac; `Shift`,
 * `Alt`) and one key:
 * - a named key (`Enter`, `Tab`, `F2`, `ArrowUp`…) or a letter (`Z`), compared with `event.key`, layout-aware;
 * - a physical key (`KeyR`, `Digit1`), compared with `event.code`, for chords whose character the layout or the
 *   modifier changes (Alt+R types ® on a Mac, Shift+1 types ! on a US keyboard);
 * - any other single character (`?`), compared with `event.key` whatever Shift does, since the layout decides it;
 * - `Printable`: a character that starts typing (not space, no Ctrl, ⌘ or Alt).
 * Modifiers must match exactly, so Ctrl+Enter is not Enter.
 * The syntax follows tinykeys (`$mod+KeyZ`), small enough not to need it.
 */
export function matchKey(binding: string, event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  const parts = binding.split('+');
  const main = parts.pop()!;
  const mod = event.ctrlKey || event.metaKey;
  if (main === 'Printable') return event.key.length === 1 && event.key !== ' ' && !mod && !event.altKey;
  if (mod !== parts.includes('Mod') || event.altKey !== parts.includes('Alt')) return false;
  const shift = event.shiftKey === parts.includes('Shift');
  if (/^(Key[A-Z]|Digit[0-9])$/.test(main)) return event.code === main && shift;
  if (/^[a-z]$/i.test(main)) return event.key.toLowerCase() === main.toLowerCase() && shift;
  if (main.length === 1) return event.key === main;
  return event.key === main && shift;
}

const NAMES: Record<string, string> = {
  Mod: 'Ctrl/⌘',
  ArrowLeft: '←',
  ArrowUp: '↑',
  ArrowRight: '→',
  ArrowDown: '↓',
  Printable: 'Any letter or digit',
};

/** A binding as people read it: `Mod+Shift+Z` → `Ctrl/⌘ + Shift + Z`, `Alt+KeyR` → `Alt + R`. */
export function keyLabel(binding: string): string {
  return binding
    .split('+')
    .map((part) => NAMES[part] ?? part.replace(/^(Key|Digit)(?=.$)/, ''))
    .join(' + ');
}
