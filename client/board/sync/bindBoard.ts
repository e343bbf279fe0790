import type * as Y from 'yjs';
import { readBoard } from '../../../shared/board';
import { coachBoard } from '../../../shared/coach';
import type { BoardStore } from '../store/createBoardStore';
import { reuseUnchanged } from './reuseUnchanged';

/**
 * The document half of the bridge: on every update, derives the snapshot with `readBoard` (reusing unchanged objects)
 * and the coach's hints, and sets them in the store. It never writes back. Returns the function that unbinds it.
 */
export function bindBoard(doc: Y.Doc, store: BoardStore): { refresh(): void; unbind(): void } {
  const refresh = () =>
    store.setState((state) => {
      const board = reuseUnchanged(state.board, readBoard(doc));
      return board === state.board ? {} : { board, hints: coachBoard(board) };
    });
  doc.on('update', refresh);
  refresh();
  return { refresh, unbind: () => doc.off('update', refresh) };
}
