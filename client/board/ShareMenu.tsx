import { useEffect, useState } from 'react';
import type { BoardLinks, Role } from '../../shared/protocol';
import { api } from '../lib/api';
import { PopoverButton } from '../lib/PopoverButton';

const DESCRIPTION: Record<Role, string> = {
  facilitator: 'Runs the meeting; can do everything.',
  editor: 'Adds and edits causes.',
  viewer: 'Watches live; cannot change anything.',
};

/** Copy-link buttons, one per role the current person may hand out. */
export function ShareMenu({ boardId, token }: { boardId: string; token: string }) {
  return (
    <PopoverButton label="Share" dialogLabel="Share this board">
      <ShareLinks boardId={boardId} token={token} />
    </PopoverButton>
  );
}

/** The links, fetched when the panel opens. */
function ShareLinks({ boardId, token }: { boardId: string; token: string }) {
  const [links, setLinks] = useState<BoardLinks>();
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState<Role>();

  useEffect(() => {
    api.getLinks(boardId, token).then(
      (answer) => setLinks(answer.links),
      (failure: Error) => setError(failure.message),
    );
  }, [boardId, token]);

  const copy = async (role: Role, link: string) => {
    await navigator.clipboard?.writeText(link).catch(() => undefined);
    setCopied(role);
    setTimeout(() => setCopied((current) => (current === role ? undefined : current)), 2000);
  };

  return (
    <>
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
    </>
  );
}
