/**
 * `historyRuns` looks each change up in an index of those before it. The definition it must keep is the plain one,
 * kept here as the reference (with the same footprints): a change joins its author's run when every other person's change since the run began is
 * independent of it and of every change of the run (neither refers to, deletes or names what the other made). Seeded
 * histories of several people building on each other's causes, with milestones and anonymous changes, must fold the
 * same way under both.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, CauseKey, askWhy, getCauses, initBoard, updateCause } from '../../shared/board';
import { EMPTY_UPDATE, updateOf, type Author } from '../../shared/history/changes';
import { footprintOf, historyRuns } from '../../server/storage/historyRuns';
import { foldOf, type Fold, type StoredChange } from '../../server/storage/Storage';
import { mulberry32 } from '../fixtures/random';

type Footprint = ReturnType<typeof footprintOf>;

const buildsOn = (user: Footprint, maker: Footprint) =>
  [...user.named].some((id) => maker.records.has(id)) ||
  user.refs.some(([client, from, to]) => maker.made.some(([made, start, end]) => made === client && from < end && start < to));
const independent = (a: Footprint, b: Footprint) => !buildsOn(a, b) && !buildsOn(b, a);

/** The definition, comparing every change of each run with every other person's change since it began. */
function referenceRuns(rows: readonly StoredChange[], runMs: number): Fold[] {
  const folds: Fold[] = [];
  const open = new Map<string, { rows: StoredChange[]; prints: Footprint[]; between: Footprint[] }>();
  const close = (key: string) => {
    const run = open.get(key)!;
    if (run.rows.length > 1) folds.push(foldOf(run.rows, run.rows[0]!.by));
    open.delete(key);
  };
  for (const row of rows) {
    if (row.milestone) {
      for (const key of [...open.keys()]) close(key);
      continue;
    }
    const key = row.by ? JSON.stringify([row.by.name, row.by.role]) : '';
    const print = footprintOf(row.update);
    const run = open.get(key);
    const joins =
      run !== undefined &&
      row.at - run.rows[0]!.at <= runMs &&
      run.between.every((other) => independent(other, print) && run.prints.every((member) => independent(other, member)));
    if (joins) {
      run.rows.push(row);
      run.prints.push(print);
    } else {
      if (run) close(key);
      open.set(key, { rows: [row], prints: [print], between: [] });
    }
    for (const [other, otherRun] of open) if (other !== key) otherRun.between.push(print);
  }
  for (const key of [...open.keys()]) close(key);
  return folds;
}

const PEOPLE: Author[] = [
  { name: 'Fran', role: 'facilitator' },
  { name: 'Eve', role: 'editor' },
  { name: 'Łukasz', role: 'editor' },
  { name: 'Ama', role: 'editor' },
];

/**
 * A seeded meeting: each person on a document of their own, synced through the server's order after every change.
 * They add causes (under anyone's), type into their own and others' cards, delete, rule causes out; now and then a
 * milestone, or a change by nobody known. Now and then two changes are stored in the other order, as two instances
 * committing them may: a change can then come before one it builds on.
 */
function meeting(seed: number, changes: number): StoredChange[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const docs = PEOPLE.map(() => new Y.Doc());
  const rows: StoredChange[] = [];
  let at = Date.parse('2026-12-05T09:00:00Z');
  const store = (by: Author | null, writer: Y.Doc, write: () => void) => {
    const update = updateOf(writer, write);
    for (const doc of docs) if (doc !== writer) Y.applyUpdate(doc, update);
    rows.push({ seq: rows.length + 1, at, by, update });
    if (rows.length > 2 && random() < 0.1) {
      const [before, last] = rows.splice(-2);
      rows.push({ ...last!, seq: before!.seq }, { ...before!, seq: last!.seq });
    }
  };
  store(null, docs[0]!, () => initBoard(docs[0]!, { title: 'Late parcel', complaint: { text: 'It came a week late.' } }, 'x'));
  for (let i = 0; i < changes; i++) {
    at += Math.floor(random() * 3000);
    const roll = random();
    if (roll < 0.04) {
      rows.push({ seq: rows.length + 1, at, by: pick(PEOPLE), update: EMPTY_UPDATE, milestone: { type: 'phase', phase: 'askWhy' } });
      continue;
    }
    const person = Math.floor(random() * PEOPLE.length);
    const doc = docs[person]!;
    const by = roll < 0.08 ? null : PEOPLE[person]!;
    const causes = [...getCauses(doc).keys()];
    const text = (id: string) => getCauses(doc).get(id)!.get(CauseKey.text) as Y.Text;
    if (causes.length === 0 || roll < 0.25) store(by, doc, () => askWhy(doc, pick([COMPLAINT_ID, ...causes]), { text: '' }, 'x'));
    else if (roll < 0.8) {
      const cause = pick(causes);
      store(by, doc, () => text(cause).insert(Math.floor(random() * (text(cause).length + 1)), 'why'));
    } else if (roll < 0.9) {
      const cause = pick(causes);
      if (text(cause).length === 0) continue;
      store(by, doc, () => text(cause).delete(Math.floor(random() * text(cause).length), 1));
    } else store(by, doc, () => updateCause(doc, pick(causes), { status: pick(['ruledOut', 'hypothesis', 'confirmed'] as const) }, 'x'));
  }
  return rows;
}

const shape = (folds: Fold[]) => folds.map((fold) => ({ seqs: fold.seqs, by: fold.change.by, at: fold.change.at }));

describe('history runs, looked up in an index', () => {
  it('fold every seeded meeting as the definition does', () => {
    let folded = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rows = meeting(seed, 150);
      for (const runMs of [2_000, 10_000]) {
        const expected = shape(referenceRuns(rows, runMs));
        expect(shape(historyRuns(rows, runMs)), `seed ${seed}, runs of ${runMs} ms`).toEqual(expected);
        folded += expected.length;
      }
    }
    // The meetings do fold, and not everything into one: both outcomes are exercised.
    expect(folded).toBeGreaterThan(200);
  });
});
