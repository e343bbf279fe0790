import { useState } from 'react';
import { boardPath } from '../../shared/protocol';
import { forgetBoard, listKnownBoards, rememberBoard, type KnownBoard } from '../lib/knownBoards';
import { NewAnalysisForm } from './NewAnalysisForm';

const ago = (time: number) => {
  const minutes = Math.round((Date.now() - time) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(time).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
};

export function HomePage() {
  const [boards, setBoards] = useState<KnownBoard[]>(() => listKnownBoards());
  const open = (board: Pick<KnownBoard, 'id'>) => window.location.assign(boardPath(board.id));

  return (
    <div className="home">
      <header className="topbar">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">?</span>
          Whyboard
        </a>
      </header>
      <main className="home-main">
        <section className="home-intro">
          <h1>From a customer’s complaint to its root cause, together.</h1>
          <p>
            Ask “why?” until you reach the cause that, fixed, stops it happening again. Everyone edits live, from the room or
            from home.
          </p>
        </section>
        <div className="home-grid">
          <NewAnalysisForm
            onCreated={(created, title, customer) => {
              rememberBoard({ id: created.id, token: created.tokens.facilitator, role: 'facilitator', title, customer, openedAt: Date.now() });
              open(created);
            }}
          />
          <section className="known-boards" aria-labelledby="known-boards-title">
            <h2 id="known-boards-title">Your boards</h2>
            {boards.length === 0 ? (
              <p className="muted">Boards you create or open on this device appear here.</p>
            ) : (
              <ul>
                {boards.map((board) => (
                  <li key={board.id}>
                    <a href={boardPath(board.id)}>
                      <strong>{board.title || 'Untitled board'}</strong>
                      <span className="muted">
                        {[board.customer, board.role, ago(board.openedAt)].filter(Boolean).join(' · ')}
                      </span>
                    </a>
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      aria-label={`Remove ${board.title || 'this board'} from this list`}
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
            )}
          </section>
        </div>
      </main>
    </div>
  );
}
