/** A list's search field. */
export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange(value: string): void }) {
  return <input type="search" className="search" placeholder={placeholder} aria-label={label} value={value} onChange={(event) => onChange(event.currentTarget.value)} />;
}
