import { createStore, type StoreApi } from 'zustand/vanilla';
import type * as Y from 'yjs';
import { COMPLAINT_ID, addSiblingCause, askWhy, deleteCause, editCause, markRootCause, type BoardSnapshot } from '../../shared/board';
import type { Role } from '../../shared/protocol';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

export interface BoardState {
  /** The derived snapshot of the document; never written back. */
  board: BoardSnapshot | undefined;
  role: Role;
  status: ConnectionStatus;
  /** True once the first sync with the server is done. */
  synced: boolean;
  selectedId: string | undefined;
  editingId: string | undefined;
  actions: BoardActions;
}

export interface BoardActions {
  askWhy(parentId: string): void;
  addSibling(siblingId: string): void;
  editCause(id: string, text: string): void;
  toggleRootCause(id: string): void;
  deleteCause(id: string): void;
  select(id: string | undefined): void;
  startEditing(id: string): void;
  stopEditing(): void;
}

export type BoardStore = StoreApi<BoardState>;

/**
 * One store per open board: the snapshot the bridge derives from the Y.Doc, plus local UI state. Actions write to the
 * document only through shared/ operations, with this client's origin (so undo can track exactly our changes).
 */
export function createBoardStore(doc: Y.Doc, role: Role, origin: object): BoardStore {
  const canEdit = role !== 'viewer';
  return createStore<BoardState>()((set, get) => ({
    board: undefined,
    role,
    status: 'connecting',
    synced: false,
    selectedId: undefined,
    editingId: undefined,
    actions: {
      askWhy(parentId) {
        if (!canEdit) return;
        const id = askWhy(doc, parentId, {}, origin);
        set({ selectedId: id, editingId: id });
      },
      addSibling(siblingId) {
        if (!canEdit || siblingId === COMPLAINT_ID) return;
        const id = addSiblingCause(doc, siblingId, {}, origin);
        set({ selectedId: id, editingId: id });
      },
      editCause(id, text) {
        if (canEdit) editCause(doc, id, text, origin);
      },
      toggleRootCause(id) {
        if (!canEdit) return;
        markRootCause(doc, id, !get().board?.causes[id]?.isRoot, origin);
      },
      deleteCause(id) {
        if (!canEdit) return;
        deleteCause(doc, id, origin);
        set((state) => ({ selectedId: undefined, editingId: state.editingId === id ? undefined : state.editingId }));
      },
      select: (id) => set({ selectedId: id }),
      startEditing: (id) => canEdit && set({ editingId: id, selectedId: id }),
      stopEditing: () => set({ editingId: undefined }),
    },
  }));
}
