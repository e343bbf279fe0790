import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { COMPLAINT_ID, askWhy, deleteCause, editCause, initBoard, markRootCause } from '../../shared/board';
import { createBoardStore } from '../../client/board/store/createBoardStore';
import { bindBoard } from '../../client/board/sync/bindBoard';
import { CoachCheck } from '../../shared/coach/messages';

/** The coach reads the board once edits pause, not on every keystroke (a board of 1,000 causes dropped frames). */
describe('when the coach reads the board', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Charged twice', complaint: { text: 'You charged me twice for one book!' } }, 'test');
    const first = askWhy(doc, COMPLAINT_ID, { text: 'The till took the payment twice' }, 'test');
    markRootCause(doc, first, true, 'test');
    const second = askWhy(doc, COMPLAINT_ID, { text: 'The card reader timed out' }, 'test');
    const store = createBoardStore(doc, { role: 'editor', origin: { client: 'local' } });
    const { unbind } = bindBoard(doc, store);
    // Marked a root cause and not confirmed: the coach says so.
    const hinted = (id: string) => store.getState().hints.some((hint) => hint.causeId === id && hint.check === CoachCheck.unconfirmedRoot);
    return { doc, store, unbind, first, second, hinted };
  }

  it('coaches the first snapshot at once, then once the edits pause', () => {
    const { doc, store, unbind, first, second, hinted } = setup();
    expect(hinted(first)).toBe(true); // an unconfirmed root cause, from the first snapshot on
    expect(hinted(second)).toBe(false);
    markRootCause(doc, second, true, 'test');
    expect(store.getState().board!.causes[second]!.isRoot).toBe(true); // the board at once
    expect(hinted(second)).toBe(false); // the coach not yet
    vi.advanceTimersByTime(399);
    expect(hinted(second)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(hinted(second)).toBe(true);
    unbind();
  });

  it('coaches within two seconds while edits keep coming', () => {
    const { doc, unbind, first, second, hinted } = setup();
    markRootCause(doc, second, true, 'test');
    for (let ms = 100; ms < 2_000; ms += 100) {
      vi.advanceTimersByTime(100);
      editCause(doc, first, `The till took the payment twice${'!'.repeat(ms / 100)}`, 'test');
      expect(hinted(second)).toBe(false);
    }
    vi.advanceTimersByTime(100);
    expect(hinted(second)).toBe(true);
    unbind();
  });

  it('drops a hint about a card that is gone at once, and coaches nothing after unbinding', () => {
    const { doc, store, unbind, first, second, hinted } = setup();
    deleteCause(doc, first, 'test');
    expect(hinted(first)).toBe(false);
    expect(store.getState().hints.every((hint) => store.getState().board!.causes[hint.causeId])).toBe(true);
    markRootCause(doc, second, true, 'test');
    unbind();
    vi.advanceTimersByTime(5_000);
    expect(hinted(second)).toBe(false);
  });
});
