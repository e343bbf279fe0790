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
