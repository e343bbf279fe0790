import { useEffect, useState } from 'react';
import type { BoardLinks, Role } from '../../../shared/protocol';
import { api } from '../../lib/api';
import { getKnownBoard, rememberBoard } from '../../lib/knownBoards';
import { PopoverButton } from '../../lib/PopoverButton';

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
  const [viaSpace, setViaSpace] = useState(false);
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState<Role>();
  // Only the facilitator sees every link, and only the facilitator may replace one (the server checks).
  const canRotate = links?.facilitator !== undefined;

  useEffect(() => {
    api.getLinks(boardId, token).then(
      (answer) => {
        setLinks(answer.links);
        setViaSpace(answer.viaSpace);
      },
      (failure: Error) => setError(failure.message),
    );
  }, [boardId, token]);

  const rotate = async (role: Role) => {
    const warning =
      role === 'facilitator'
        ? 'Replace your facilitator link? The old one stops working, here too: this page reopens with the new one.'
        : `Replace the ${role} link? Everyone who joined with it is disconnected and needs the new link.`;
    if (!window.confirm(warning)) return;
    try {
      const rotated = await api.rotateLink(boardId, token, role);
      if (role === 'facilitator') {
        const known = getKnownBoard(boardId);
        if (known) rememberBoard({ ...known, token: rotated.token });
        window.location.assign(rotated.link);
        window.location.reload();
        return;
      }
      setLinks((current) => ({ ...current, [role]: rotated.link }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

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
      {viaSpace && (
        <p className="muted" data-testid="share-via-space">
          You opened this board with your team space’s link. To bring someone in, give them the space’s member link: it opens every board of the space, and
          stops when the space’s admin replaces it.
        </p>
      )}
      {links &&
        (Object.entries(links) as Array<[Role, string]>).map(([role, link]) => (
          <div className="share-row" key={role}>
            <div>
              <strong className="share-role">{role[0]!.toUpperCase() + role.slice(1)}</strong>
              <span className="muted">{DESCRIPTION[role]}</span>
              <input className="share-link" readOnly value={link} aria-label={`${role} link`} onFocus={(event) => event.currentTarget.select()} />
            </div>
            <span className="share-buttons">
              <button type="button" className="button button-small" onClick={() => void copy(role, link)}>
                {copied === role ? 'Copied' : 'Copy link'}
              </button>
              {canRotate && (
                <button
                  type="button"
                  className="button button-small button-quiet"
                  onClick={() => void rotate(role)}
                  title="Make a new link; the old one stops working at once"
                >
                  New link
                </button>
              )}
            </span>
          </div>
        ))}
    </>
  );
}
