/** A list's search field. */
export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange(value: string): void }) {
  return (
    <input
      type="search"
      className="search"
      placeholder={placeholder}
      aria-label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

/** Text as a search compares it: without case or accents ("lukasz" finds "Łukasz", "jose" finds "José"). */
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[łŁ]/g, 'l').replace(/[øØ]/g, 'o').replace(/ß/g, 'ss').toLowerCase();

/** Whether any of `texts` contains what was typed in a search box (every text matches an empty search). */
export function matchesSearch(query: string, texts: string[]): boolean {
  const needle = fold(query.trim());
  return !needle || texts.some((text) => fold(text).includes(needle));
}
