import type * as Y from 'yjs';
import { readBoard } from '../../../shared/board';
import { coachBoard } from '../../../shared/coach/coachBoard';
import { loadedReading, loadReading } from '../../lib/useReading';
import type { BoardStore } from '../store/createBoardStore';
import { reuseUnchanged } from './reuseUnchanged';

/** Runs `work` when the browser is idle (soon after, at the latest). */
const whenIdle = (work: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(work, { timeout: 1000 }) : setTimeout(work, 0));

/**
 * The document half of the bridge: on every update, derives the snapshot with `readBoard` (reusing unchanged objects)
 * and the coach's hints, and sets them in the store. It never writes back. The coach reads the answers once the
 * reading tools have loaded: their chunk is fetched when the board's first view is on screen and the browser is idle
 * (fetched with the page, it had delayed the first paint of an empty board by about half a second); until then the
 * coach checks the tree's shape. Returns the function that unbinds it.
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
  const read = () =>
    void loadReading().then((reading) => {
      const { board } = store.getState();
      if (bound) store.setState({ hints: board ? coachBoard(board, reading.causes) : [], coachReads: true });
    });
  let stopWaiting = () => {};
  if (!loadedReading()) {
    if (store.getState().firstViewReady) whenIdle(read);
    else {
      stopWaiting = store.subscribe((state) => {
        if (!state.firstViewReady) return;
        stopWaiting();
        whenIdle(read);
      });
    }
  }
  return {
    refresh,
    unbind: () => {
      bound = false;
      stopWaiting();
      doc.off('update', refresh);
    },
  };
}
