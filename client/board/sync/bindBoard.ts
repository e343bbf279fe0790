import type * as Y from 'yjs';
import { CAUSE_FIELD_KEYS, getCauses, readBoard, rereadCauses } from '../../../shared/board';
import { coachBoard } from '../../../shared/coach/coachBoard';
import { loadedReading, loadReading } from '../../lib/useReading';
import type { BoardStore } from '../store/createBoardStore';
import { reuseUnchanged } from './reuseUnchanged';

/**
 * How long the coach waits for the board to settle before it reads it again, and how long at most while edits keep
 * coming. Reading a board of 1,000 causes takes it several milliseconds: once per keystroke, it made typing drop frames.
 */
const COACH_PAUSE_MS = 400;
const COACH_MAX_WAIT_MS = 2_000;

/** Runs `work` when the browser is idle (soon after, at the latest). */
const whenIdle = (work: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(work, { timeout: 1000 }) : setTimeout(work, 0));

/**
 * The document half of the bridge: on every update, derives the snapshot with `readBoard` (reusing unchanged objects),
 * or for an update to some causes' own fields alone (typing in a card) reads those causes again (`rereadCauses`), and
 * sets it in the store; the coach's hints follow once the edits pause (at once for the first snapshot), and drop
 * meanwhile any hint about a card that is gone. It never writes back. The coach reads the answers once the
 * reading tools have loaded: their chunk is fetched when the board's first view is on screen and the browser is idle
 * (fetched with the page, it had delayed the first paint of an empty board by about half a second); until then the
 * coach checks the tree's shape. Returns the function that unbinds it.
 */
export function bindBoard(doc: Y.Doc, store: BoardStore): { unbind(): void } {
  let bound = true;
  // What the transaction being applied changed among the causes: some causes' own fields, or more ('all').
  const causes = getCauses(doc);
  let touched: Set<string> | 'all' = new Set();
  const onCauses = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (const event of events) {
      if (touched === 'all') return;
      const [id, key, ...deeper] = event.path;
      const fields = key === undefined ? [...event.keys.keys()] : [key];
      if (typeof id === 'string' && deeper.length === 0 && fields.every((field) => typeof field === 'string' && CAUSE_FIELD_KEYS.has(field))) touched.add(id);
      else touched = 'all';
    }
  };
  causes.observeDeep(onCauses);
  let coaching: ReturnType<typeof setTimeout> | undefined;
  let waitingSince = 0;
  const coach = () => {
    clearTimeout(coaching);
    coaching = undefined;
    const { board } = store.getState();
    const reading = loadedReading();
    if (bound && board) store.setState({ hints: coachBoard(board, reading?.causes), coachReads: Boolean(reading) });
  };
  const refresh = (_update?: Uint8Array, _origin?: unknown, _doc?: Y.Doc, transaction?: Y.Transaction) => {
    const changed = touched;
    touched = new Set();
    const state = store.getState();
    // Only causes' fields changed when nothing outside the causes did (another top-level type: the title, the letter…).
    const onlyFields =
      state.board !== undefined &&
      transaction !== undefined &&
      changed !== 'all' &&
      [...transaction.changedParentTypes.keys()].every((type) => type.parent !== null || (type as unknown) === causes);
    const board = onlyFields ? rereadCauses(state.board!, doc, changed) : reuseUnchanged(state.board, readBoard(doc));
    if (board === state.board) return;
    if (!state.board) {
      store.setState({ board });
      return coach();
    }
    const hints = state.hints.every((hint) => board.causes[hint.causeId]) ? state.hints : state.hints.filter((hint) => board.causes[hint.causeId]);
    store.setState({ board, hints });
    const now = Date.now();
    if (coaching === undefined) waitingSince = now;
    clearTimeout(coaching);
    coaching = setTimeout(coach, Math.max(0, Math.min(COACH_PAUSE_MS, waitingSince + COACH_MAX_WAIT_MS - now)));
  };
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
    unbind: () => {
      bound = false;
      clearTimeout(coaching);
      causes.unobserveDeep(onCauses);
      stopWaiting();
      doc.off('update', refresh);
    },
  };
}
