import { useEffect, useMemo, useState } from 'react';
import { boardPath, type SpaceRole, type SpaceView } from '../../shared/protocol';
import { ApiRequestError, api } from '../lib/api';
import { PageFrame } from '../lib/Brand';
import { SearchBox } from '../lib/SearchBox';
import { CenteredMessage } from '../lib/CenteredMessage';
import { hideTokenInLink, tokenInLink } from '../lib/linkToken';
import { formatDay, formatDayOf } from '../lib/formatDate';
import { getKnownSpace, rememberBoard, rememberSpace } from '../lib/knownBoards';
import { NewAnalysisForm } from '../home/NewAnalysisForm';

type State = { state: 'loading' } | { state: 'ready'; space: SpaceView; links: Partial<Record<SpaceRole, string>> } | { state: 'denied'; message: string };

/**
 * A team space: every board the team started from it (or added to it), newest complaint first, each opened with the
 * space's link (as an editor); a new analysis started here belongs to the space; the links to pass on to the team.
 */
export function SpacePage({ spaceId }: { spaceId: string }) {
  const [token] = useState(() => tokenInLink() ?? getKnownSpace(spaceId)?.token);
  const [state, setState] = useState<State>(() => (token ? { state: 'loading' } : { state: 'denied', message: 'Open this space with the link you were given: it carries your access.' }));
  const [query, setQuery] = useState('');

  useEffect(() => {
    hideTokenInLink();
    if (!token) return;
    let cancelled = false;
    Promise.all([api.getSpace(spaceId, token), api.getSpaceLinks(spaceId, token)]).then(
      ([space, { links }]) => {
        if (cancelled) return;
        rememberSpace({ id: space.id, token, role: space.role, name: space.name, openedAt: Date.now() });
        document.title = `${space.name} · Whyboard`;
        setState({ state: 'ready', space, links });
      },
      (error: unknown) => {
        if (cancelled) return;
        const message =
          error instanceof ApiRequestError && error.status === 401
            ? 'This link no longer gives access to the space. Ask its admin for a new one.'
            : error instanceof ApiRequestError && error.status === 404
              ? 'There is no such space. Check the link you were given.'
              : error instanceof Error
                ? error.message
                : String(error);
        setState({ state: 'denied', message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [spaceId, token]);

  const boards = useMemo(() => {
    if (state.state !== 'ready') return [];
    const needle = query.trim().toLowerCase();
    return state.space.boards
      .filter((board) => !needle || [board.title, board.customer, board.channel].some((text) => text.toLowerCase().includes(needle)))
      .sort((a, b) => (b.receivedAt || b.createdAt).localeCompare(a.receivedAt || a.createdAt));
  }, [state, query]);

  if (state.state === 'denied') return <CenteredMessage title="This space cannot be opened" body={state.message} />;
  if (state.state === 'loading' || !token) return <CenteredMessage title="Opening the space…" />;
  const { space, links } = state;

  return (
    <PageFrame className="space">
      <section className="home-intro">
        <p className="space-kicker">Team space · {space.role === 'admin' ? 'admin' : 'member'}</p>
        <h1>{space.name}</h1>
        <p>
          {space.boards.length === 0
            ? 'No analysis yet. Start one from a customer’s complaint: it belongs to this space, and everyone with the space’s link can open it.'
            : `${space.boards.length} ${space.boards.length === 1 ? 'analysis' : 'analyses'}, every one open to the team.`}
        </p>
      </section>
      <div className="home-grid">
        <section className="known-boards space-boards" aria-labelledby="space-boards-title">
          <h2 id="space-boards-title">Analyses</h2>
          {space.boards.length === 0 && <p className="muted">The analyses started here appear here, for everyone in the space.</p>}
          {space.boards.length > 0 && (
            <SearchBox label="Search this space's analyses" placeholder="Search by title, customer or channel" value={query} onChange={setQuery} />
          )}
          {space.boards.length > 0 && boards.length === 0 && <p className="muted">No analysis matches “{query}”.</p>}
          <ul>
            {boards.map((board) => (
              <li key={board.id}>
                {/* The space's link opens each of its boards (as an editor). */}
                <a href={`${boardPath(board.id)}#token=${encodeURIComponent(token)}`}>
                  <strong>{board.title || 'Untitled board'}</strong>
                  <span className="muted">
                    {[
                      board.customer,
                      board.channel,
                      board.receivedAt ? `received ${formatDay(board.receivedAt)}` : `started ${formatDayOf(Date.parse(board.createdAt))}`,
                      board.rootCauses.length > 0 ? `${board.rootCauses.length} root ${board.rootCauses.length === 1 ? 'cause' : 'causes'}` : `${board.causeCount} ${board.causeCount === 1 ? 'cause' : 'causes'}, no root cause yet`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
        <div className="home-side">
          <NewAnalysisForm
            create={(body) => api.createBoardInSpace(space.id, token, body)}
            onCreated={(created, title, customer) => {
              rememberBoard({ id: created.id, token: created.tokens.facilitator, role: 'facilitator', title, customer, openedAt: Date.now() });
              window.location.assign(boardPath(created.id));
            }}
          />
          <section className="example-card space-links" aria-labelledby="space-links-title">
            <h2 id="space-links-title">Your team</h2>
            {links.member && <CopyLink label="Member" description="Starts analyses here and opens every one of them as an editor." link={links.member} />}
            {links.admin && <CopyLink label="Admin" description="Manages the space. Keep it to yourself." link={links.admin} />}
          </section>
        </div>
      </div>
    </PageFrame>
  );
}

/** A link to pass on, with what it grants and a button that copies it. */
function CopyLink({ label, description, link }: { label: string; description: string; link: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="share-row">
      <div>
        <strong className="share-role">{label}</strong>
        <span className="muted">{description}</span>
        <input className="share-link" readOnly value={link} aria-label={`${label} link`} onFocus={(event) => event.currentTarget.select()} />
      </div>
      <span className="share-buttons">
        <button
          type="button"
          className="button button-small"
          onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => undefined)}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </span>
    </div>
  );
}
