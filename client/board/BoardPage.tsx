import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { COMPLAINT_ID } from '../../shared/board';
import { AwarenessLimits, boardIdInPath, spacePath, type BoardLinksView, type Role } from '../../shared/protocol';
import { loadIdentity, saveIdentity, type Identity } from '../lib/identity';
import { ApiRequestError, api } from '../lib/api';
import { Brand } from '../lib/Brand';
import { CenteredMessage, OPENING_BOARD } from '../lib/CenteredMessage';
import { hideTokenInLink, tokenInLink } from '../lib/linkToken';
import { getKnownBoard, getKnownSpace, rememberBoard } from '../lib/knownBoards';
import { BoardStoreContext, useBoardStoreApi } from './store/BoardStoreContext';
import { Canvas } from './canvas/Canvas';
import { canvasElement, cardElement } from './canvas/cardElement';
import { dropEarly, openEarly, takeConnection, type BoardConnection } from './sync/connectBoard';
import { selectCanEdit, type BoardStore } from './store/createBoardStore';
import { FollowBanner } from './meeting/FollowBanner';
import { ReopenedBanner } from './actions/ReopenedBanner';
import { BoardAccessContext } from './BoardAccessContext';
import { MomentBanner } from './history/MomentBanner';
import { MeetingBar, MeetingFlags } from './meeting/MeetingBar';
import { NoticeToast, RefusedBanner } from './meeting/NoticeToast';
import { ExportMenu } from './topbar/ExportMenu';
import { LetterView } from './letter/LetterView';
import { PresenceAvatars } from './topbar/PresenceAvatars';
import { ShareMenu } from './topbar/ShareMenu';
import { commandTitle } from './commands/commandTitle';
import { ShortcutsDialog } from './commands/ShortcutsDialog';
import { SidePanel } from './panels/SidePanel';
import { useBoardShortcuts } from './commands/useBoardShortcuts';
import { StatusBadge } from './topbar/StatusBadge';
import { reached } from '../lib/milestones';

reached('board-code');

/** What this page opens with: the board, its link's token and the role this browser remembers for it, if any. */
function openingOf(boardId: string): Access {
  const known = getKnownBoard(boardId);
  const token = tokenInLink() ?? known?.token;
  if (!token) return { state: 'denied', message: 'Open this board with the link you were given: it carries your access.' };
  return { state: 'opening', token, role: known?.token === token ? known.role : undefined };
}

/** The link's role, asked for before React draws the page (the page takes the answer). */
let earlyLinks: { boardId: string; token: string; answer: Promise<BoardLinksView> } | undefined;

// The connection and the role are asked for as soon as this code has run, before React draws the page: the socket, the
// server's answers and this browser's copy are on their way while it does.
{
  const boardId = boardIdInPath(window.location.pathname);
  const opening = boardId ? openingOf(boardId) : undefined;
  if (boardId && opening?.state === 'opening') {
    const answer = api.getLinks(boardId, opening.token);
    answer.catch(() => undefined); // handled when the page takes it
    earlyLinks = { boardId, token: opening.token, answer };
    const identity = loadIdentity();
    if (identity) openEarly(boardId, opening.token, identity);
  }
}

/**
 * Access to the board: its link's token, and the role it grants once known. The socket opens at once; the role this
 * browser remembers for the token shows the board straight away, and the server's answer confirms it (or, for a link
 * opened here for the first time, gives it).
 */
type Access = { state: 'opening'; token: string; role?: Role; space?: BoardLinksView['space'] } | { state: 'denied'; message: string };

/** Why a link does not open the board, in words. */
function deniedMessage(error: unknown): string {
  if (error instanceof ApiRequestError && error.status === 401)
    return 'This link does not give access to the board: it may have been replaced. Ask the facilitator for a new one.';
  if (error instanceof ApiRequestError && error.status === 404) return 'There is no such board. Check the link you were given.';
  return error instanceof Error ? error.message : String(error);
}

export function BoardPage({ boardId }: { boardId: string }) {
  const [access, setAccess] = useState<Access>(() => openingOf(boardId));
  const [identity, setIdentity] = useState<Identity | undefined>(() => loadIdentity());
  const token = access.state === 'opening' ? access.token : undefined;

  useEffect(() => {
    if (access.state === 'denied') dropEarly();
  }, [access.state]);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    // Beside the sync, not before it: which role the link grants (one read of the board's record on the server).
    const early = earlyLinks?.boardId === boardId && earlyLinks.token === token ? earlyLinks.answer : undefined;
    earlyLinks = undefined;
    (early ?? api.getLinks(boardId, token)).then(
      ({ role, space }) => {
        reached('role');
        if (!cancelled) setAccess({ state: 'opening', token, role, space });
      },
      (error: unknown) => {
        if (cancelled) return;
        // Offline with a board this browser knows: it opens anyway, with the role remembered, and the provider connects
        // when the network is back. A link never opened here cannot be opened without the server.
        const offline = error instanceof ApiRequestError && error.status === 0;
        // A token the server refused leaves the address bar (a reload then opens with the one this browser keeps, if
        // any); one it could not check (offline, a server error) stays, for a reload that can.
        if (error instanceof ApiRequestError && (error.status === 401 || error.status === 404)) hideTokenInLink();
        setAccess((current) => (offline && current.state === 'opening' && current.role ? current : { state: 'denied', message: deniedMessage(error) }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, token]);

  if (access.state === 'denied') return <CenteredMessage title="This board cannot be opened" body={access.message} />;
  if (!identity) return <NamePrompt onDone={setIdentity} />;
  return <LiveBoard boardId={boardId} token={access.token} role={access.role} space={access.space} identity={identity} />;
}

/**
 * The board, connected from the first render: the document syncs (and this browser's copy loads) while the role is
 * still being checked. Shown once the role is known.
 */
function LiveBoard({
  boardId,
  token,
  role,
  space,
  identity,
}: {
  boardId: string;
  token: string;
  role: Role | undefined;
  space: BoardLinksView['space'];
  identity: Identity;
}) {
  const [connection, setConnection] = useState<BoardConnection>();
  useEffect(() => {
    const created = takeConnection(boardId, token, identity);
    setConnection(created);
    return () => created.destroy();
  }, [boardId, token, identity]);
  // Before the first paint of the board: it never shows the wrong role's tools, even for a frame.
  useLayoutEffect(() => {
    if (!connection || !role) return;
    connection.store.setState({ role });
    // The home page lists this board (with this link's role) by its title and customer, as they are now.
    const remember = (board = connection.store.getState().board) =>
      rememberBoard({ id: boardId, token, role, title: board?.title ?? '', customer: board?.complaint.customer ?? '', openedAt: Date.now() });
    remember();
    // Out of the address bar once this browser keeps it (not before: a reload on the name prompt would lose it).
    hideTokenInLink();
    return connection.store.subscribe(({ board }, previous) => {
      if (board && (board.title !== previous.board?.title || board.complaint.customer !== previous.board?.complaint.customer)) remember(board);
    });
  }, [connection, role, boardId, token]);
  if (!connection || !role) return <CenteredMessage title={OPENING_BOARD} />;
  return <BoardLayout boardId={boardId} token={token} store={connection.store} space={space} />;
}

/** The board screen for a store: top bar, canvas, side panel, shortcuts. Exported for component tests. */
export function BoardLayout({ boardId, token, store, space }: { boardId: string; token: string; store: BoardStore; space?: BoardLinksView['space'] }) {
  const access = useMemo(() => ({ boardId, token }), [boardId, token]);
  // Back to the team's space, where this browser knows it (its link is kept with it).
  const backToSpace = space && getKnownSpace(space.id) ? space : undefined;
  const board = useStore(store, (state) => state.board);
  const role = useStore(store, (state) => state.role);
  const canEdit = useStore(store, selectCanEdit);
  const synced = useStore(store, (state) => state.synced);
  const canUndo = useStore(store, (state) => state.canUndo);
  const canRedo = useStore(store, (state) => state.canRedo);
  const ops = useStore(store, (state) => state.ops);
  const firstViewReady = useStore(store, (state) => state.firstViewReady);
  const coachReads = useStore(store, (state) => state.coachReads);
  const view = useStore(store, (state) => state.view);
  const moment = useStore(store, (state) => state.moment);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useBoardShortcuts(store, openHelp);

  useEffect(() => {
    if (board?.title) document.title = `${board.title} · Whyboard`;
  }, [board?.title]);

  return (
    <BoardStoreContext.Provider value={store}>
      <BoardAccessContext.Provider value={access}>
        <ReactFlowProvider>
          <div className="board-page">
            <SkipToTree />
            <header className="topbar">
              <Brand />
              <div className="topbar-title">
                <h1 title={board?.title}>{board?.title || 'Loading…'}</h1>
                {(board?.complaint.customer || backToSpace) && (
                  <span className="muted topbar-customer">
                    {board?.complaint.customer && <span title={`For ${board.complaint.customer}`}>for {board.complaint.customer}</span>}
                    {board?.complaint.customer && backToSpace && ' · '}
                    {backToSpace && (
                      <a href={spacePath(backToSpace.id)} className="topbar-space" title="Back to the team space">
                        {backToSpace.name}
                      </a>
                    )}
                  </span>
                )}
              </div>
              <div className="topbar-tools">
                {role === 'viewer' && (
                  <span className="badge badge-viewer" title="You can watch the board live; only editors and the facilitator can change it.">
                    View only
                  </span>
                )}
                {board && (
                  <span className="muted counts">
                    {board.causeIds.length} {board.causeIds.length === 1 ? 'cause' : 'causes'} · {board.rootCauseIds.length} root
                  </span>
                )}
                {canEdit && (
                  <span className="toolbar-group">
                    <button type="button" className="button button-small" onClick={ops.undo} disabled={!canUndo} title={commandTitle('undo')}>
                      Undo
                    </button>
                    <button type="button" className="button button-small" onClick={ops.redo} disabled={!canRedo} title={commandTitle('redo')}>
                      Redo
                    </button>
                  </span>
                )}
                <button
                  type="button"
                  className="button button-small button-icon"
                  onClick={openHelp}
                  aria-label="Keyboard shortcuts"
                  title={commandTitle('help')}
                >
                  ?
                </button>
                <PresenceAvatars />
                <StatusBadge />
                <button type="button" className="button" aria-pressed={view === 'letter'} onClick={() => ops.showView(view === 'letter' ? 'canvas' : 'letter')}>
                  Letter
                </button>
                <ExportMenu boardId={boardId} token={token} />
                <ShareMenu boardId={boardId} token={token} />
              </div>
            </header>
            <MeetingBar />
            <div className="board-body">
              <main
                id="tree"
                className="canvas"
                aria-label="Why-tree"
                tabIndex={-1}
                data-ready={firstViewReady || undefined}
                data-coach-reads={coachReads || undefined}
                onKeyDown={(event) => {
                  // On a card, Tab asks why; from the tree itself (after Escape), it leaves the tree, for the side panel.
                  if (event.key !== 'Tab' || event.shiftKey || event.target !== event.currentTarget) return;
                  const tab = document.querySelector<HTMLElement>('.side-panel [role="tab"][aria-selected="true"]');
                  if (!tab) return;
                  event.preventDefault();
                  tab.focus();
                }}
              >
                <FollowBanner />
                <MomentBanner />
                <ReopenedBanner />
                <div className="canvas-stage">
                  <MeetingFlags />
                  <NoticeToast />
                  <RefusedBanner />
                  {view === 'letter' && board && <LetterView access={access} />}
                  {board && board.schemaVersion > 0 ? (
                    <Canvas board={moment?.board ?? board} />
                  ) : (
                    <CenteredMessage title={synced ? 'This board is empty' : 'Loading the board…'} />
                  )}
                </div>
              </main>
              {board && <SidePanel />}
            </div>
            <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
          </div>
        </ReactFlowProvider>
      </BoardAccessContext.Provider>
    </BoardStoreContext.Provider>
  );
}

/**
 * The first thing Tab reaches: a link past the top bar and the meeting bar, straight to the selected card (or the
 * complaint), so a keyboard user is one key from the tree rather than twenty.
 */
function SkipToTree() {
  const store = useBoardStoreApi();
  return (
    <a
      className="skip-link"
      href="#tree"
      onClick={(event) => {
        event.preventDefault();
        const { selectedId } = store.getState();
        (cardElement(selectedId ?? COMPLAINT_ID) ?? canvasElement())?.focus();
      }}
    >
      Skip to the tree
    </a>
  );
}

/** First visit on this device: the name the others will see. Asked once, remembered. */
function NamePrompt({ onDone }: { onDone(identity: Identity): void }) {
  const [name, setName] = useState('');
  return (
    <div className="centered">
      <form
        className="centered-box name-prompt"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) onDone(saveIdentity(name));
        }}
      >
        <h1>What should the team call you?</h1>
        <p>Your name shows next to your cursor and on the causes you add. It is remembered on this device.</p>
        <label className="field" htmlFor="display-name">
          Your name
        </label>
        <input
          id="display-name"
          className="name-input"
          autoFocus
          maxLength={AwarenessLimits.nameLength}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          placeholder="e.g. Sam from Customer Care"
        />
        <button type="submit" className="button button-primary" disabled={!name.trim()}>
          Join the board
        </button>
      </form>
    </div>
  );
}
