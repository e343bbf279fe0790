import * as Y from 'yjs';

/**
 * Turns `ytext` into `next` with the smallest middle edit (common prefix and suffix kept), so two people typing in
 * one card merge instead of overwriting each other. Must run inside a transaction.
 */
export function replaceText(ytext: Y.Text, next: string): void {
  const prev = ytext.toString();
  if (prev === next) return;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  if (endPrev > start) ytext.delete(start, endPrev - start);
  if (endNext > start) ytext.insert(start, next.slice(start, endNext));
}

/** Sets the text at `key` of `map` to `value` (a minimal edit of its Y.Text); `undefined` leaves it as it is. */
export function setText(map: Y.Map<unknown>, key: string, value: string | undefined): void {
  if (value === undefined) return;
  const ytext = map.get(key);
  if (ytext instanceof Y.Text) replaceText(ytext, value);
  else map.set(key, new Y.Text(value));
}

/** Sets a plain value at `key` of `map` unless it is `undefined` or already there (no empty updates). */
export function setValue(map: Y.Map<unknown>, key: string, value: string | number | boolean | undefined): void {
  if (value !== undefined && map.get(key) !== value) map.set(key, value);
}
