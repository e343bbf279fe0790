import { useEffect, useRef, useState } from 'react';
import type { BoardLinks, Role } from '../../shared/protocol';
import { api } from '../lib/api';

const DESCRIPTION: Record<Role, string> = {
  facilitator: 'Runs the meeting; can do everything.',
  editor: 'Adds and edits causes.',
  viewer: 'Watches live; cannot change anything.',
};

/** Copy-link buttons, one per role the current person may hand out. */
export function ShareMenu({ boardId, token }: { boardId: string; token: string }) {
  const [open, setOpen] = useState(false);
  const [links, setLinks] = useState<BoardLinks>();
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState<Role>();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open || links) return;
    api.getLinks(boardId, token).then(
      (answer) => setLinks(answer.links),
      (failure: Error) => setError(failure.message),
    );
  }, [open, links, boardId, token]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const copy = async (role: Role, link: string) => {
    await navigator.clipboard?.writeText(link).catch(() => undefined);
    setCopied(role);
    setTimeout(() => setCopied((current) => (current === role ? undefined : current)), 2000);
  };

  return (
    <div className="share" ref={root}>
      <button type="button" className="button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)}>
        Share
      </button>
      {open && (
        <div className="share-panel" role="dialog" aria-label="Share this board">
          <p className="share-intro">Anyone with a link can open this board with that role. Share them only with your team.</p>
          {error && <p className="form-error">{error}</p>}
          {!links && !error && <p className="muted">Loading links…</p>}
          {links &&
            (Object.entries(links) as Array<[Role, string]>).map(([role, link]) => (
              <div className="share-row" key={role}>
                <div>
                  <strong className="share-role">{role[0]!.toUpperCase() + role.slice(1)}</strong>
                  <span className="muted">{DESCRIPTION[role]}</span>
                  <input className="share-link" readOnly value={link} aria-label={`${role} link`} onFocus={(event) => event.currentTarget.select()} />
                </div>
                <button type="button" className="button button-small" onClick={() => void copy(role, link)}>
                  {copied === role ? 'Copied' : 'Copy link'}
                </button>
              </div>
            ))}
        </div>
      )}
    </div>
  );
}
