import { useEffect, useMemo, useState } from 'react';
import { boardPath, spacePath, type BoardSummary, type CreateBoardResponse } from '../../shared/protocol';
import { api } from '../lib/api';
import { PageFrame } from '../lib/Brand';
import { SearchBox, matchesSearch } from '../lib/SearchBox';
import { forgetBoard, listKnownBoards, listKnownSpaces, rememberBoard, rememberSpace, type KnownBoard, type KnownSpace } from '../lib/knownBoards';
import { formatDayOf } from '../lib/formatDate';
import { NewAnalysisForm } from './NewAnalysisForm';

const ago = (time: number) => {
  const minutes = Math.round((Date.now() - time) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return formatDayOf(time);
};

/** Opens a board this browser just created, as its facilitator. */
function openCreated(created: CreateBoardResponse, title: string, customer: string) {
  rememberBoard({ id: created.id, token: created.tokens.facilitator, role: 'facilitator', title, customer, openedAt: Date.now() });
  window.location.assign(boardPath(created.id));
}

export function HomePage() {
  const [boards, setBoards] = useState<KnownBoard[]>(() => listKnownBoards());
  const [knownSpaces] = useState(() => listKnownSpaces());
  const [summaries, setSummaries] = useState<Record<string, BoardSummary>>({});
  const [query, setQuery] = useState('');
  const [exampleError, setExampleError] = useState<string>();

  // Fresh titles, root-cause counts and last changes from the server; the list still works offline without them.
  // One at a time: each is read in a worker thread, and an address may have two such requests under way (a new user's
  // home page of four boards got 429s, and lost their counts).
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      for (const board of listKnownBoards()) {
        if (cancelled) return;
        const summary = await api.getBoard(board.id, board.token).catch(() => undefined);
        if (summary && !cancelled) setSummaries((current) => ({ ...current, [board.id]: summary }));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const rows = useMemo(() => {
    return boards
      .map((board) => {
        const summary = summaries[board.id];
        const updatedAt = summary ? Date.parse(summary.updatedAt) : board.openedAt;
        return { board, summary, title: summary?.title ?? board.title, customer: summary?.complaint.customer ?? board.customer, updatedAt };
      })
      .filter(({ title, customer, summary }) => matchesSearch(query, [title, customer, summary?.complaint.text ?? '']))
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }, [boards, summaries, query]);

  return (
    <PageFrame>
      <section className="home-intro">
        <h1>From a customer’s complaint to its root cause, together.</h1>
        <p>Ask “why?” until you reach the cause that, fixed, stops it happening again. Everyone edits live, from the room or from home.</p>
      </section>
      <div className="home-grid">
        <NewAnalysisForm onCreated={openCreated} spaces={knownSpaces} />
        <div className="home-side">
          <section className="example-card" aria-labelledby="example-title">
            <h2 id="example-title">New here?</h2>
            <p className="muted">Open a finished analysis: customers overcharged for a book, five whys deep, with evidence and a root cause.</p>
            <button
              type="button"
              className="button"
              onClick={() =>
                api.createExample().then(
                  (created) => openCreated(created, 'Overcharged for a book', 'Bookshop customers'),
                  (error: Error) => setExampleError(error.message),
                )
              }
            >
              Start from an example
            </button>
            {exampleError && <p className="form-error">{exampleError}</p>}
            <label className="button button-quiet import-button">
              Import a board file…
              <input
                type="file"
                accept="application/json,.json"
                className="visually-hidden"
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  event.currentTarget.value = '';
                  if (!file) return;
                  setExampleError(undefined);
                  file
                    .text()
                    .then((text) => api.importBoard(JSON.parse(text) as unknown))
                    .then(
                      (created) => openCreated(created, file.name.replace(/\.json$/i, ''), ''),
                      (error: Error) =>
                        setExampleError(error instanceof SyntaxError ? 'That file is not a Whyboard board file (it is not JSON).' : error.message),
                    );
                }}
              />
            </label>
          </section>
          <SpacesSection spaces={knownSpaces} />
          <section className="known-boards" aria-labelledby="known-boards-title">
            <h2 id="known-boards-title">Your boards</h2>
            {boards.length === 0 ? (
              <p className="muted">Boards you create or open on this device appear here.</p>
            ) : (
              <>
                <SearchBox label="Search your boards" placeholder="Search by title, customer or complaint" value={query} onChange={setQuery} />
                {rows.length === 0 && <p className="muted">No board matches “{query}”.</p>}
                <ul>
                  {rows.map(({ board, summary, title, customer, updatedAt }) => (
                    <li key={board.id}>
                      <a href={boardPath(board.id)}>
                        <strong>{title || 'Untitled board'}</strong>
                        <span className="muted">
                          {[
                            customer,
                            summary && `${summary.rootCauses.length} root ${summary.rootCauses.length === 1 ? 'cause' : 'causes'}`,
                            `changed ${ago(updatedAt)}`,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </span>
                      </a>
                      <button
                        type="button"
                        className="button button-small button-quiet"
                        aria-label={`Remove ${title || 'this board'} from this list`}
                        onClick={() => {
                          forgetBoard(board.id);
                          setBoards(listKnownBoards());
                        }}
                      >
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </div>
      </div>
    </PageFrame>
  );
}

/**
 * The team spaces this browser knows, above its boards, and a new one: a space gathers every analysis a team starts
 * from it, for whoever has its member link.
 */
function SpacesSection({ spaces }: { spaces: KnownSpace[] }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const create = (name: string) => {
    setBusy(true);
    setError(undefined);
    api.createSpace(name).then(
      (space) => {
        rememberSpace({ id: space.id, token: space.tokens.admin, role: 'admin', name: space.name, openedAt: Date.now() });
        window.location.assign(spacePath(space.id));
      },
      (failure: Error) => {
        setError(failure.message);
        setBusy(false);
      },
    );
  };
  return (
    <section className="known-boards known-spaces" aria-labelledby="known-spaces-title">
      <h2 id="known-spaces-title">Team spaces</h2>
      {spaces.length === 0 ? (
        <p className="muted">A space gathers every analysis your team starts from it: recurring causes and open actions, in one place.</p>
      ) : (
        <ul>
          {spaces.map((space) => (
            <li key={space.id}>
              <a href={spacePath(space.id)}>
                <strong>{space.name}</strong>
                <span className="muted">{space.role === 'admin' ? 'You manage it' : 'Member'}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <form
        className="new-space"
        onSubmit={(event) => {
          event.preventDefault();
          const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
          if (!name) return setError('Name the space: the team’s name, or what it looks after.');
          create(name);
        }}
      >
        <input name="name" aria-label="New space name" placeholder="A new space, e.g. Returns team" maxLength={120} />
        <button type="submit" className="button button-small" disabled={busy}>
          New space
        </button>
      </form>
      {error && <p className="form-error">{error}</p>}
    </section>
  );
}
