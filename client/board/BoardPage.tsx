import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Role } from '../../shared/protocol';
import { ApiRequestError, api } from '../lib/api';
import { getKnownBoard, rememberBoard } from '../lib/knownBoards';
import { BoardStoreContext } from './BoardStoreContext';
import { Canvas } from './Canvas';
import { connectBoard, type BoardConnection } from './connectBoard';
import { ShareMenu } from './ShareMenu';
import { StatusBadge } from './StatusBadge';

/** The token from the link's fragment (`#token=…`), taken out of the address bar once read. */
function takeTokenFromLink(): string | undefined {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

type Access = { state: 'checking' } | { state: 'ready'; token: string; role: Role } | { state: 'denied'; message: string };

export function BoardPage({ boardId }: { boardId: string }) {
  const [access, setAccess] = useState<Access>({ state: 'checking' });

  useEffect(() => {
    const known = getKnownBoard(boardId);
    const token = takeTokenFromLink() ?? known?.token;
    if (!token) return setAccess({ state: 'denied', message: 'Open this board with the link you were given: it carries your access.' });
    let cancelled = false;
    api.getBoard(boardId, token).then(
      (summary) => {
        if (cancelled) return;
        rememberBoard({ id: boardId, token, role: summary.role, title: summary.title, customer: summary.complaint.customer, openedAt: Date.now() });
        setAccess({ state: 'ready', token, role: summary.role });
      },
      (error: unknown) => {
        if (cancelled) return;
        // Offline with a board we know: open it anyway; the provider connects when the network is back.
        if (error instanceof ApiRequestError && error.status === 0 && known) return setAccess({ state: 'ready', token, role: known.role });
        const message =
          error instanceof ApiRequestError && error.status === 401
            ? 'This link no longer gives access to the board. Ask the facilitator for a new one.'
            : error instanceof ApiRequestError && error.status === 404
              ? 'There is no such board. Check the link you were given.'
              : error instanceof Error
                ? error.message
                : String(error);
        setAccess({ state: 'denied', message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId]);

  if (access.state === 'checking') return <CenteredMessage title="Opening the board…" />;
  if (access.state === 'denied') return <CenteredMessage title="This board cannot be opened" body={access.message} />;
  return <LiveBoard boardId={boardId} token={access.token} role={access.role} />;
}

function LiveBoard({ boardId, token, role }: { boardId: string; token: string; role: Role }) {
  const [connection, setConnection] = useState<BoardConnection>();
  useEffect(() => {
    const created = connectBoard(boardId, token, role);
    setConnection(created);
    return () => created.destroy();
  }, [boardId, token, role]);
  if (!connection) return null;
  return (
    <BoardStoreContext.Provider value={connection.store}>
      <BoardLayout boardId={boardId} token={token} connection={connection} />
    </BoardStoreContext.Provider>
  );
}

function BoardLayout({ boardId, token, connection }: { boardId: string; token: string; connection: BoardConnection }) {
  const board = useStore(connection.store, (state) => state.board);
  const role = useStore(connection.store, (state) => state.role);
  const synced = useStore(connection.store, (state) => state.synced);

  useEffect(() => {
    if (board?.title) document.title = `${board.title} · Whyboard`;
  }, [board?.title]);

  return (
    <div className="board-page">
      <header className="topbar">
        <a className="brand" href="/" aria-label="Whyboard home">
          <span className="brand-mark" aria-hidden="true">?</span>
          Whyboard
        </a>
        <div className="topbar-title">
          <h1>{board?.title || 'Loading…'}</h1>
          {board?.complaint.customer && <span className="muted">for {board.complaint.customer}</span>}
        </div>
        <div className="topbar-tools">
          {role === 'viewer' && <span className="badge badge-viewer">View only</span>}
          {board && (
            <span className="muted counts">
              {board.causeIds.length} {board.causeIds.length === 1 ? 'cause' : 'causes'} · {board.rootCauseIds.length} root
            </span>
          )}
          <StatusBadge />
          <ShareMenu boardId={boardId} token={token} />
        </div>
      </header>
      <main className="canvas" aria-label="Why-tree">
        {board && board.schemaVersion > 0 ? (
          <ReactFlowProvider>
            <Canvas board={board} />
          </ReactFlowProvider>
        ) : (
          <CenteredMessage title={synced ? 'This board is empty' : 'Loading the board…'} />
        )}
      </main>
    </div>
  );
}

function CenteredMessage({ title, body }: { title: string; body?: string }) {
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
