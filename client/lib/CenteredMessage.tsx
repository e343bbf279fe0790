/** What the board page says until it can show the board: in its HTML (vite.config.ts), while its code loads, and after. */
export const OPENING_BOARD = 'Opening the board…';

/** A page with one message in its middle (opening, or why something cannot be opened), and the way home. */
export function CenteredMessage({ title, body }: { title: string; body?: string }) {
  return (
    <div className="centered">
      <div className="centered-box">
        <h1>{title}</h1>
        {body && <p>{body}</p>}
        <a className="button" href="/">
          Go to your boards
        </a>
      </div>
    </div>
  );
}
