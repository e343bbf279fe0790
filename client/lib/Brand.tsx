/** Whyboard's mark and name, the way home from every page. */
export function Brand() {
  return (
    <a className="brand" href="/" aria-label="Whyboard home">
      <span className="brand-mark" aria-hidden="true">
        ?
      </span>
      Whyboard
    </a>
  );
}

/** The frame of the pages outside a board (home, a space): the brand bar, and the page's content below it. */
export function PageFrame({ className = '', children }: { className?: string; children: React.ReactNode }) {
  return (
    <div className={`home ${className}`.trim()}>
      <header className="topbar">
        <Brand />
      </header>
      <main className="home-main">{children}</main>
    </div>
  );
}
