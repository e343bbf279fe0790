import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, askWhy, initBoard, readBoard, updateCause } from '../../shared/board';
import { stateAt, updateOf, type Author } from '../../shared/history/changes';
import { historySteps } from '../../shared/history/steps';
import { applyFolds, type StoredChange } from '../../server/storage/Storage';
import { historyRuns } from '../../server/storage/historyRuns';

const fran: Author = { name: 'Fran', role: 'facilitator' };
const eve: Author = { name: 'Eve', role: 'editor' };
const T0 = Date.parse('2026-12-05T09:00:00Z');

/** The rows as a storage keeps them once it has folded their runs. */
const folded = (rows: StoredChange[], runMs = 10_000): StoredChange[] => applyFolds(rows, historyRuns(rows, runMs));

const boardAt = (rows: StoredChange[], at: number) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stateAt(rows, at));
  return readBoard(doc);
};

describe('folding a person’s run of changes', () => {
  it('does not carry a change back past someone who built on the run, nor past what it builds on', () => {
    // Two people on one board (each a document of their own, synced after every change, as through the server).
    const docs = { fran: new Y.Doc(), eve: new Y.Doc() };
    const rows: StoredChange[] = [];
    const change = (seconds: number, by: Author, write: (doc: Y.Doc) => void) => {
      const doc = by === fran ? docs.fran : docs.eve;
      const update = updateOf(doc, () => write(doc));
      Y.applyUpdate(by === fran ? docs.eve : docs.fran, update);
      rows.push({ seq: rows.length + 1, at: T0 + seconds * 1000, by, update });
    };
    let a = '';
    change(0, fran, (doc) => initBoard(doc, { title: 'Late parcel', complaint: { text: 'It came a week late.' } }, 'x'));
    change(22, fran, (doc) => (a = askWhy(doc, COMPLAINT_ID, { text: 'The courier lost the label' }, 'x')));
    change(23, eve, (doc) => askWhy(doc, a, { text: 'The label printer jammed' }, 'x'));
    change(25, fran, (doc) => updateCause(doc, a, { status: 'ruledOut' }, 'x'));
    change(26, fran, (doc) => askWhy(doc, COMPLAINT_ID, { text: 'The order sat in the queue' }, 'x'));
    const runs = folded(rows);

    // Eve's answer under A keeps A before it; Fran's ruling out, which came after Eve, stays after her.
    const atEve = boardAt(runs, T0 + 23_500);
    expect(atEve.causeIds.map((id) => atEve.causes[id]!.text)).toEqual(['The courier lost the label', 'The label printer jammed']);
    expect(atEve.causes[a]!.status).toBe('hypothesis');
    expect(historySteps(runs).map((step) => `${step.by}: ${step.kind}`)).toEqual([
      'Fran: board.created',
      'Fran: cause.added',
      'Eve: cause.added',
      // Fran's two last changes, one after the other, are one (at the time of the last): both steps are told.
      'Fran: cause.added',
      'Fran: cause.ruledOut',
    ]);
    // What could fold did: Fran's two last changes, one after the other.
    expect(runs).toHaveLength(4);
  });

  it('folds a person’s typing across someone else’s typing in another card', () => {
    const doc = new Y.Doc();
    const rows: StoredChange[] = [];
    initBoard(doc, { title: 'Late parcel', complaint: { text: 'It came a week late.' } }, 'x');
    const [mine, theirs] = [askWhy(doc, COMPLAINT_ID, {}, 'x'), askWhy(doc, COMPLAINT_ID, {}, 'x')];
    rows.push({ seq: 1, at: T0, by: null, update: Y.encodeStateAsUpdate(doc) });
    const text = (id: string) => (doc.getMap('causes').get(id) as Y.Map<Y.Text>).get('text')!;
    for (let i = 0; i < 8; i++) {
      rows.push({ seq: rows.length + 1, at: T0 + 1000 + i * 500, by: fran, update: updateOf(doc, () => text(mine).insert(i, 'a')) });
      rows.push({ seq: rows.length + 1, at: T0 + 1200 + i * 500, by: eve, update: updateOf(doc, () => text(theirs).insert(i, 'b')) });
    }
    const runs = folded(rows);
    expect(runs).toHaveLength(3);
    expect(boardAt(runs, T0 + 60_000).causes[mine]!.text).toBe('aaaaaaaa');
  });
});
