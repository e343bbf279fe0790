import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  COMPLAINT_ID,
  CauseKey,
  addAction,
  askWhy,
  deleteCause,
  editCause,
  getCauses,
  initBoard,
  markRootCause,
  moveCause,
  readBoard,
  updateCause,
  updateComplaint,
  updateLetter,
} from '../../shared/board';
import { createBoardStore } from '../../client/board/store/createBoardStore';
import { bindBoard } from '../../client/board/sync/bindBoard';
import { mulberry32 } from '../fixtures/random';

/*
 * The bridge reads again only the causes whose own fields an update changed (typing in a card), and reads the whole
 * board for anything else. Whatever the updates, local or from another person, what it shows is what readBoard shows.
 */
describe('the bridge from the document to the store', () => {
  it.each([1, 2, 3, 4, 5])('shows what readBoard shows after every update, whatever they change (seed %i)', (seed) => {
    const random = mulberry32(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Charged twice', complaint: { text: 'You charged me twice for one book!' } }, 'test');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const store = createBoardStore(doc, { role: 'editor', origin: { client: 'local' } });
    const { unbind } = bindBoard(doc, store);
    const ids = (d: Y.Doc) => readBoard(d).causeIds;
    const words = ['the till', 'read the card twice', 'no review step', 'Łukasz', '\u202Eevil', 'a\r\nb', '😀'];
    const edits: Array<(d: Y.Doc) => void> = [
      (d) => askWhy(d, pick([COMPLAINT_ID, ...ids(d)]), { text: pick(words) }, 'test'),
      (d) => ids(d).length > 0 && editCause(d, pick(ids(d)), pick(words).repeat(1 + Math.floor(random() * 3)), 'test'),
      // Typing into the text as the card's editor does: an insert into the cause's shared text.
      (d) => {
        const text =
          ids(d).length > 0
            ? getCauses(d)
                .get(pick(ids(d)))
                ?.get(CauseKey.text)
            : undefined;
        if (text instanceof Y.Text) text.insert(Math.floor(random() * (text.length + 1)), pick(words));
      },
      (d) =>
        ids(d).length > 0 && updateCause(d, pick(ids(d)), { evidence: pick(words), status: pick(['confirmed', 'ruledOut', 'hypothesis'] as const) }, 'test'),
      (d) => ids(d).length > 0 && updateCause(d, pick(ids(d)), { inControl: random() < 0.5, theme: pick(words) }, 'test'),
      (d) => ids(d).length > 0 && markRootCause(d, pick(ids(d)), random() < 0.7, 'test'),
      (d) => ids(d).length > 1 && deleteCause(d, pick(ids(d)), 'test'),
      (d) => ids(d).length > 1 && moveCause(d, pick(ids(d)), COMPLAINT_ID, 'test'),
      (d) => ids(d).length > 0 && addAction(d, pick(ids(d)), { text: pick(words) }, 'test'),
      (d) => updateComplaint(d, { title: pick(words) }, 'test'),
      (d) => updateLetter(d, { text: pick(words) }, 'test'),
      // A field and the title in one transaction: more than causes changed.
      (d) =>
        d.transact(() => {
          if (ids(d).length > 0) updateCause(d, pick(ids(d)), { evidence: pick(words) }, 'test');
          updateComplaint(d, { title: pick(words) }, 'test');
        }),
    ];
    for (let step = 0; step < 150; step++) {
      try {
        if (random() < 0.3) {
          // Someone else's edits, arriving as one update.
          Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
          pick(edits)(other);
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
        } else pick(edits)(doc);
      } catch (error) {
        // A board operation refusing what it was asked (a move into its own branch…) changes nothing.
        if (!(error instanceof Error && error.name === 'BoardError')) throw error;
      }
      expect(store.getState().board, `seed ${seed}, step ${step}`).toEqual(readBoard(doc));
    }
    unbind();
  });

  it('keeps every other cause, and the snapshot itself when nothing it shows changed', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Charged twice', complaint: { text: 'You charged me twice!' } }, 'test');
    const [a, b] = [askWhy(doc, COMPLAINT_ID, { text: 'The till' }, 'test'), askWhy(doc, COMPLAINT_ID, { text: 'The reader' }, 'test')];
    const store = createBoardStore(doc, { role: 'editor', origin: { client: 'local' } });
    bindBoard(doc, store);
    const before = store.getState().board!;
    (getCauses(doc).get(a)!.get(CauseKey.text) as Y.Text).insert(8, ' took it twice');
    const after = store.getState().board!;
    expect(after.causes[a]!.text).toBe('The till took it twice');
    expect(after.causes[b]).toBe(before.causes[b]);
    expect(after.causeIds).toBe(before.causeIds);
    expect(after.complaint).toBe(before.complaint);
    updateCause(doc, a, { evidence: '' }, 'test'); // as it was: nothing shown changed
    expect(store.getState().board).toBe(after);
  });
});
