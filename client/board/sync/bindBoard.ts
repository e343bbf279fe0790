import type * as Y from 'yjs';
import { readBoard } from '../../../shared/board';
import { coachBoard } from '../../../shared/coach/coachBoard';
import { loadedReading, loadReading } from '../../lib/useReading';
import type { BoardStore } from '../store/createBoardStore';
import { reuseUnchanged } from './reuseUnchanged';

/**
 * The document half of the bridge: on every update, derives the snapshot with `readBoard` (reusing unchanged objects)
 * and the coach's hints, and sets them in the store. It never writes back. The coach reads the answers once the
 * language tools have loaded (their own chunk, after the page); until then it checks the tree's shape. Returns the
 * function that unbinds it.
 */
export function bindBoard(doc: Y.Doc, store: BoardStore): { refresh(): void; unbind(): void } {
  let bound = true;
  const refresh = () =>
    store.setState((state) => {
      const board = reuseUnchanged(state.board, readBoard(doc));
      const reading = loadedReading();
      return board === state.board ? {} : { board, hints: coachBoard(board, reading?.causes), coachReads: Boolean(reading) };
    });
  doc.on('update', refresh);
  refresh();
  if (!loadedReading()) {
    void loadReading().then((reading) => {
      const { board } = store.getState();
      if (bound) store.setState({ hints: board ? coachBoard(board, reading.causes) : [], coachReads: true });
    });
  }
  return {
    refresh,
    unbind: () => {
      bound = false;
      doc.off('update', refresh);
    },
  };
}
