import { createStore, type StoreApi } from 'zustand/vanilla';
import * as Y from 'yjs';
import {
  COMPLAINT_ID,
  addAction,
  addSiblingCause,
  deleteAction,
  updateAction,
  updateLetter,
  askWhy,
  deleteCause,
  editCause,
  getActions,
  getCauses,
  CauseKey,
  getComplaint,
  getLetter,
  getMeta,
  markRootCause,
  updateCause,
  updateComplaint,
  type ActionFields,
  type ActionKind,
  type BoardSnapshot,
  type CauseDetails,
  type DateStyle,
  type LetterFields,
} from '../../../shared/board';
import { bringBackCauses, restoreMoment } from '../../../shared/history/restore';
import { fillContact } from '../../../shared/letter/contact';
import { formatMoment } from '../../lib/formatDate';
import { draftLetter } from '../../../shared/letter/draft';
import type { Hint } from '../../../shared/coach/coachBoard';
import type { MeetingCommand, MeetingMessage, MeetingMine, MeetingView } from '../../../shared/meeting';
import type { Role } from '../../../shared/protocol';
import { reached } from '../../lib/milestones';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** Someone on the board, from awareness (the server stamps name and role). */
export interface Peer {
  clientId: number;
  name: string;
  color: string;
  role: Role;
  isSelf: boolean;
  /** Pointer position in flow coordinates (the same whatever each screen's zoom and pan). */
  cursor?: { x: number; y: number };
  /** The card this person is typing in. */
  editing?: string;
  /** What a facilitator leading "follow me" sees: the visible part of the canvas, in flow coordinates. */
  view?: ViewRect;
}

export interface ViewRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where this person's presence goes: awareness in the app, nowhere in component tests. */
export interface PresenceSink {
  set(field: 'cursor' | 'editing' | 'view', value: unknown): void;
}

/** Where meeting commands go: the server. False when they cannot be sent now (offline). */
export interface MeetingSink {
  send(command: MeetingCommand): boolean;
}
export type PanelTab = 'details' | 'chains' | 'actions' | 'coach' | 'history';

/** A past moment of the board shown instead of the live one (the History panel): read-only. */
export interface Moment {
  /** The History panel's step it shows. */
  step: number;
  /** The index of the change it follows (see `Replay.boardAt`). */
  index: number;
  /** When, on the server's clock (ms). */
  at: number;
  board: BoardSnapshot;
}
/** What the main area shows: the tree, or the letter to the customer. */
export type MainView = 'canvas' | 'letter';

export interface BoardState {
  /** The derived snapshot of the document; never written back. */
  board: BoardSnapshot | undefined;
  /** The method coach's advice on `board`, derived with it. */
  hints: Hint[];
  /** True once the coach reads what the answers say (the reading chunk has loaded); before, it checks the tree's shape. */
  coachReads: boolean;
  role: Role;
  status: ConnectionStatus;
  /** True once the first sync with the server is done. */
  synced: boolean;
  /** Local changes the server has not yet confirmed it stored. */
  unsynced: number;
  /** True while the server says it cannot write the board to its storage (edits stay live; "Saved" waits). */
  serverCannotSave: boolean;
  /** Why the server refused this connection for good (a revoked link…), if it did. */
  refused: string | undefined;
  selectedId: string | undefined;
  editingId: string | undefined;
  /** Causes whose branch is folded away on this screen (a view preference: not shared). */
  collapsed: ReadonlySet<string>;
  panel: PanelTab;
  view: MainView;
  /** Bumped to ask the canvas to bring a card into view. */
  inView: { id: string; nonce: number } | undefined;
  /** Bumped to ask the canvas to fit the whole tree. */
  fitRequest: number;
  canUndo: boolean;
  canRedo: boolean;
  firstViewReady: boolean;
  /** Everyone present, this person first. */
  peers: Peer[];
  /** Other people typing in each card. */
  editorsByCause: Record<string, Peer[]>;
  /** The meeting as the server last told it; undefined until it has. */
  meeting: MeetingView | undefined;
  /** This person's own candidates and dots, which nobody else sees before the reveal. */
  mine: MeetingMine;
  /** The server's clock minus this device's, in milliseconds: timers count down on the server's clock. */
  clockOffset: number;
  /** A message for this person (a refused command…), until dismissed. */
  notice: { message: string; id: number } | undefined;
  /** The follow-me request (its `since`) this person stepped out of, by panning or Escape. */
  leftFollow: number | undefined;
  /** This person's awareness client id. */
  selfId: number;
  /** The past moment shown instead of the board, while the History panel replays it. */
  moment: Moment | undefined;
  ops: BoardOps;
}

export interface BoardOps {
  askWhy(parentId: string): void;
  addSibling(siblingId: string): void;
  editCause(id: string, text: string): void;
  updateCause(id: string, details: CauseDetails): void;
  /** Like updateCause, for typing: keystrokes of one field merge into one undo step (cut with endUndoStep). */
  typeDetails(id: string, details: CauseDetails): void;
  /** Adds an action to a cause; returns its id (undefined when this person may not edit). */
  addAction(causeId: string, kind: ActionKind): string | undefined;
  updateAction(id: string, fields: ActionFields): void;
  /** Like updateAction, for typing (see typeDetails). */
  typeAction(id: string, fields: ActionFields): void;
  deleteAction(id: string): void;
  /** Typing in the letter or its contact fields (see typeDetails). */
  typeLetter(fields: LetterFields): void;
  /** How this board's documents write dates (one undo step). */
  setDateStyle(style: DateStyle): void;
  /** Writes the draft from the board into the letter, replacing what is there (one undo step). */
  draftLetter(): void;
  /** Fills the draft's placeholders ([name], [phone or email], [date]) from the contact fields as they are now. */
  fillLetterContact(): void;
  showView(view: MainView): void;
  endUndoStep(): void;
  toggleRootCause(id: string): void;
  deleteCause(id: string): void;
  undo(): void;
  redo(): void;
  select(id: string | undefined): void;
  /** Selects a card and brings it into view. */
  focusCard(id: string): void;
  startEditing(id: string): void;
  /** Ends the typing session (one undo step); with `id`, only if that card is the one being edited. */
  stopEditing(id?: string): void;
  /**
   * Takes back a card this person just added, if it is still empty (as if never asked: no empty card, no undo step),
   * and selects the card it was added from.
   */
  takeBack(id: string): void;
  toggleCollapsed(id: string): void;
  showPanel(tab: PanelTab): void;
  fitView(): void;
  /** The canvas has laid out, measured and placed its first view. */
  markFirstView(): void;
  /** This person's pointer over the canvas, in flow coordinates; undefined when it leaves. */
  moveCursor(position: { x: number; y: number } | undefined): void;
  /** Shares what this person sees of the canvas (while they lead "follow me"); undefined to stop. */
  shareView(view: ViewRect | undefined): void;
  /** Sends a meeting command; the server answers with the new meeting or a refusal. */
  meeting(command: MeetingCommand): void;
  /** Takes in a message from the server about the meeting. */
  receiveMeeting(message: MeetingMessage): void;
  /** Leaves the facilitator's view (manual pan, Escape) until they ask again. */
  stopFollowing(): void;
  notify(message: string): void;
  dismissNotice(): void;
  /** Shows a past moment instead of the live board (read-only); undefined goes back to now. */
  viewMoment(moment: Moment | undefined): void;
  /**
   * Makes the board what it was at a past moment (the document then, as one update): an edit like any other, which
   * everyone sees, merges with what others do meanwhile, and this person can undo. The facilitator's.
   */
  restoreMoment(past: Uint8Array, at: number): void;
  /** Brings deleted causes back, with their branch (a deletion the history shows); one undo step. */
  bringBack(causeIds: readonly string[]): void;
}

/**
 * Whether this person may change the board now: viewers never, editors not while the facilitator has locked it, and
 * nobody whose link the server has refused (edits would stay on this screen forever).
 */
export const selectCanEdit = (state: BoardState): boolean =>
  state.refused === undefined && state.moment === undefined && (state.role === 'facilitator' || (state.role === 'editor' && !state.meeting?.locked));

/** Whether this person's viewport follows a facilitator's now. */
export const selectFollowing = (state: BoardState): boolean => {
  const follow = state.meeting?.follow;
  return !!follow && follow.clientId !== state.selfId && state.leftFollow !== follow.since;
};

export type BoardStore = StoreApi<BoardState> & { undoManager: Y.UndoManager };

export interface BoardStoreOptions {
  role: Role;
  /** The transaction origin of this person's edits: what undo tracks. */
  origin: object;
  /** This person's display name, recorded as "added by". */
  name?: string;
  presence?: PresenceSink;
  meeting?: MeetingSink;
}

/**
 * One store per open board: the snapshot the bridge derives from the Y.Doc, plus local UI state. Actions write to the
 * document only through shared/ operations, with this client's origin, so undo tracks exactly our own changes: one
 * step per command, and one per editing session of a card.
 */
export function createBoardStore(doc: Y.Doc, { role, origin, name = '', presence, meeting: meetingSink }: BoardStoreOptions): BoardStore {
  // Steps are cut explicitly (stopCapturing) at every command, never by time.
  const undoManager = new Y.UndoManager([getMeta(doc), getComplaint(doc), getCauses(doc), getActions(doc), getLetter(doc)], {
    trackedOrigins: new Set([origin]),
    captureTimeout: Number.MAX_SAFE_INTEGER,
  });
  let nonce = 0;
  let notices = 0;

  const store = createStore<BoardState>()((set, get) => {
    /** Runs one command as one undo step. */
    const canEdit = () => selectCanEdit(get());
    const command = (run: () => void) => {
      if (!canEdit()) return;
      undoManager.stopCapturing();
      run();
      undoManager.stopCapturing();
    };
    const bringIntoView = (id: string) => ({ selectedId: id, inView: { id, nonce: ++nonce } });
    /** The card this person just added, and how deep the undo stack was then: nothing else done since, if unchanged. */
    let fresh: { id: string; from: string; undoDepth: number } | undefined;
    const added = (id: string, from: string) => (fresh = { id, from, undoDepth: undoManager.undoStack.length });
    /**
     * Takes back a card just added, if it is still empty and has nothing under it; returns, if so, the card it was
     * added from (the one it was asked under, or beside).
     */
    const discardIfEmpty = (id: string): string | undefined => {
      if (fresh?.id !== id) return undefined;
      const { undoDepth, from } = fresh;
      fresh = undefined;
      const cause = getCauses(doc).get(id);
      const text = cause?.get(CauseKey.text);
      const parentId = cause?.get(CauseKey.parentId);
      if (
        !cause ||
        typeof parentId !== 'string' ||
        text?.toString().trim() ||
        [...getCauses(doc).values()].some((other) => other.get(CauseKey.parentId) === id)
      )
        return undefined;
      if (undoManager.undoStack.length === undoDepth) {
        // As if never asked: the step is undone, and nothing is left to redo.
        undoManager.undo();
        undoManager.redoStack.pop();
        set({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() });
      } else command(() => deleteCause(doc, id, origin));
      return from;
    };
    return {
      board: undefined,
      hints: [],
      coachReads: false,
      role,
      status: 'connecting',
      synced: false,
      unsynced: 0,
      serverCannotSave: false,
      refused: undefined,
      selectedId: undefined,
      editingId: undefined,
      collapsed: new Set(),
      panel: 'details',
      view: 'canvas',
      inView: undefined,
      fitRequest: 0,
      canUndo: false,
      canRedo: false,
      firstViewReady: false,
      peers: [],
      editorsByCause: {},
      meeting: undefined,
      mine: { candidates: [], votes: [] },
      clockOffset: 0,
      notice: undefined,
      leftFollow: undefined,
      selfId: doc.clientID,
      moment: undefined,
      ops: {
        askWhy: (parentId) =>
          command(() => {
            const id = askWhy(doc, parentId, { createdBy: name }, origin);
            const collapsed = new Set(get().collapsed);
            collapsed.delete(parentId);
            set({ ...bringIntoView(id), editingId: id, collapsed });
            added(id, parentId);
          }),
        addSibling: (siblingId) =>
          command(() => {
            if (siblingId === COMPLAINT_ID) return;
            const id = addSiblingCause(doc, siblingId, { createdBy: name }, origin);
            set({ ...bringIntoView(id), editingId: id });
            added(id, siblingId);
          }),
        editCause: (id, text) => canEdit() && editCause(doc, id, text, origin),
        updateCause: (id, details) => command(() => updateCause(doc, id, details, origin)),
        typeDetails: (id, details) => canEdit() && updateCause(doc, id, details, origin),
        addAction: (causeId, kind) => {
          let id: string | undefined;
          command(() => (id = addAction(doc, causeId, { kind, createdBy: name }, origin)));
          return id;
        },
        updateAction: (id, fields) => command(() => updateAction(doc, id, fields, origin)),
        typeAction: (id, fields) => canEdit() && updateAction(doc, id, fields, origin),
        deleteAction: (id) => command(() => deleteAction(doc, id, origin)),
        typeLetter: (fields) => canEdit() && updateLetter(doc, fields, origin),
        setDateStyle: (dateStyle) => command(() => updateComplaint(doc, { dateStyle }, origin)),
        draftLetter: () => {
          const board = get().board;
          if (board) command(() => updateLetter(doc, { text: draftLetter(board, get().meeting?.participants) }, origin));
        },
        fillLetterContact: () => {
          const board = get().board;
          const letter = board?.letter;
          const text = letter && fillContact(letter.text, { ...letter, dateStyle: board.dateStyle });
          if (letter && text !== letter.text) command(() => updateLetter(doc, { text }, origin));
        },
        showView: (view) => set({ view }),
        endUndoStep: () => undoManager.stopCapturing(),
        toggleRootCause: (id) => command(() => markRootCause(doc, id, !get().board?.causes[id]?.isRoot, origin)),
        deleteCause: (id) =>
          command(() => {
            const parentId = get().board?.causes[id]?.parentId;
            deleteCause(doc, id, origin);
            set((state) => ({ selectedId: parentId, editingId: state.editingId === id ? undefined : state.editingId }));
          }),
        undo: () => {
          if (!canEdit()) return;
          set({ editingId: undefined });
          undoManager.undo();
        },
        redo: () => {
          if (!canEdit()) return;
          set({ editingId: undefined });
          undoManager.redo();
        },
        // A card being taken back can still have focus for a moment: it is never selected.
        select: (id) => (id === undefined || id === COMPLAINT_ID || getCauses(doc).has(id)) && set({ selectedId: id }),
        focusCard: (id) => set(bringIntoView(id)),
        startEditing: (id) => {
          if (!canEdit() || id === COMPLAINT_ID) return;
          undoManager.stopCapturing();
          set({ editingId: id, selectedId: id });
        },
        stopEditing: (id) => {
          const editingId = get().editingId;
          // A blur that comes late (the editor of a card left with Enter or Tab) must not end the new card's session.
          if (id !== undefined && id !== editingId) return;
          undoManager.stopCapturing();
          if (editingId !== undefined) set({ editingId: undefined });
        },
        takeBack: (id) => {
          if (get().editingId === id) get().ops.stopEditing();
          const from = discardIfEmpty(id);
          if (from !== undefined) set(bringIntoView(from));
        },
        toggleCollapsed: (id) =>
          set((state) => {
            const collapsed = new Set(state.collapsed);
            if (!collapsed.delete(id)) collapsed.add(id);
            return { collapsed };
          }),
        showPanel: (panel) => set({ panel }),
        fitView: () => set((state) => ({ fitRequest: state.fitRequest + 1 })),
        markFirstView: () => {
          reached('first-view');
          set({ firstViewReady: true });
          // Painted: the frame after the one that drew the placed view has begun.
          requestAnimationFrame(() => setTimeout(() => reached('painted')));
        },
        moveCursor: (position) => presence?.set('cursor', position ?? null),
        shareView: (view) => presence?.set('view', view ?? null),
        meeting: (message) => {
          if (!meetingSink?.send(message)) get().ops.notify('You are offline: meeting controls work again once you are back.');
        },
        receiveMeeting: (message) => {
          switch (message.type) {
            case 'state': {
              // Someone restored an earlier moment: everyone is told who, and which, as their board changes.
              const before = get().meeting;
              const restored = message.meeting.restored;
              set({ meeting: message.meeting, clockOffset: message.now - Date.now() });
              if (before && restored && restored.at !== before.restored?.at && restored.by !== name) {
                get().ops.notify(`${restored.by} restored the board as it was on ${formatMoment(restored.to)}. They can undo it.`);
              }
              return;
            }
            case 'mine':
              return set({ mine: message.mine });
            case 'refused':
              return get().ops.notify(message.message);
          }
        },
        stopFollowing: () => set((state) => ({ leftFollow: state.meeting?.follow?.since })),
        notify: (message) => set({ notice: { message, id: ++notices } }),
        dismissNotice: () => set({ notice: undefined }),
        viewMoment: (moment) => set({ moment, editingId: undefined }),
        restoreMoment: (past, at) => {
          if (get().role !== 'facilitator') return;
          // Back to now first: a moment on screen is read-only, and the restore is an edit of the live board. The
          // meeting is told first, so everyone (and the history) knows the edit that follows is a restore.
          set({ moment: undefined });
          meetingSink?.send({ type: 'history.restore', to: at });
          const then = new Y.Doc();
          Y.applyUpdate(then, past);
          command(() => restoreMoment(doc, then, origin));
          then.destroy();
        },
        bringBack: (causeIds) => command(() => bringBackCauses(doc, causeIds, origin)),
      },
    };
  });
  const syncUndoState = () => store.setState({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() });
  undoManager.on('stack-item-added', syncUndoState);
  undoManager.on('stack-item-popped', syncUndoState);
  // Others see which card this person is typing in.
  store.subscribe((state, previous) => {
    if (state.editingId !== previous.editingId) presence?.set('editing', state.editingId ?? null);
  });
  return Object.assign(store, { undoManager });
}
