/**
 * The board's schema migrations (shared/board/migrations.ts): the list is complete and in order, each step is tested
 * on a board of the version before it, running it twice at once merges into one board, and what is current or newer is
 * left alone.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  ActionKey,
  CauseKey,
  ComplaintKey,
  MIGRATIONS,
  MetaKey,
  SCHEMA_VERSION,
  addAction,
  askWhy,
  editCause,
  getActions,
  getCauses,
  getComplaint,
  getMeta,
  initBoard,
  migrateBoard,
  readBoard,
  updateComplaint,
} from '../../shared/board';

const ORIGIN = 'test';

/** A board as version 1 saved it: made, then marked version 1. */
function versionOne(): { doc: Y.Doc; cause: string; action: string } {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Overcharged', complaint: { text: 'You charged me twice!', customer: 'Łukasz Nowak' } }, ORIGIN);
  const cause = askWhy(doc, 'complaint', { text: 'The renewal ran twice' }, ORIGIN);
  const action = addAction(doc, cause, { kind: 'corrective', text: 'Make the renewal job idempotent', owner: 'Ada' }, ORIGIN);
  getMeta(doc).set(MetaKey.schemaVersion, 1);
  return { doc, cause, action };
}

describe('the list of migrations', () => {
  it('runs from version 2 to SCHEMA_VERSION, one step per version, each saying what it does', () => {
    expect(MIGRATIONS.map((step) => step.to)).toEqual(Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 2));
    for (const step of MIGRATIONS) expect(step.what.length).toBeGreaterThan(40);
  });

  it('makes new boards at the current version, and leaves them (and boards of a later version) alone', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'T', complaint: { text: 'C' } }, ORIGIN);
    expect(readBoard(doc).schemaVersion).toBe(SCHEMA_VERSION);
    let changes = 0;
    doc.on('update', () => changes++);
    expect(migrateBoard(doc, ORIGIN)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, steps: [] });
    getMeta(doc).set(MetaKey.schemaVersion, SCHEMA_VERSION + 5); // a server rolled back: it does not touch it
    changes = 0;
    expect(migrateBoard(doc, ORIGIN).steps).toEqual([]);
    expect(changes).toBe(0);
    expect(migrateBoard(new Y.Doc(), ORIGIN).steps).toEqual([]); // no board at all
  });
});

describe('version 1 → 2: the texts a board is made with, put back', () => {
  it('puts back every missing text (a string becomes a text with its words), and the board can be typed in again', () => {
    const { doc, cause, action } = versionOne();
    // What an editor could do before the schema check read deletions, and a malformed write could leave.
    getMeta(doc).delete(MetaKey.title);
    getComplaint(doc).set(ComplaintKey.customer, 'Łukasz Nowak');
    getCauses(doc).get(cause)!.delete(CauseKey.text);
    getActions(doc).get(action)!.delete(ActionKey.owner);
    expect(() => editCause(doc, cause, 'The renewal job ran twice', ORIGIN)).toThrow();

    const migrated = migrateBoard(doc, ORIGIN);
    expect(migrated).toMatchObject({ from: 1, to: 2 });
    expect(migrated.steps.map((step) => step.to)).toEqual([2]);
    expect(getMeta(doc).get(MetaKey.schemaVersion)).toBe(2);
    expect(getMeta(doc).get(MetaKey.title)).toBeInstanceOf(Y.Text);
    expect(String(getComplaint(doc).get(ComplaintKey.customer))).toBe('Łukasz Nowak');
    expect(getActions(doc).get(action)!.get(ActionKey.owner)).toBeInstanceOf(Y.Text);

    editCause(doc, cause, 'The renewal job ran twice', ORIGIN);
    updateComplaint(doc, { title: 'Charged twice on renewal' }, ORIGIN);
    const board = readBoard(doc);
    expect(board.causes[cause]!.text).toBe('The renewal job ran twice');
    expect(board.title).toBe('Charged twice on renewal');
    expect(board.complaint.text).toBe('You charged me twice!'); // what was there stays as it was
    expect(board.schemaVersion).toBe(2);
  });

  it('run by two at once (two instances, or a server and an offline copy), merges into one board', () => {
    const { doc, cause } = versionOne();
    getMeta(doc).delete(MetaKey.title);
    getCauses(doc).get(cause)!.delete(CauseKey.evidence);
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    for (const copy of [a, b]) Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    migrateBoard(a, ORIGIN);
    migrateBoard(b, ORIGIN);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readBoard(a)).toEqual(readBoard(b));
    // One text each, not two merged into one: typing after the merge reads once on both sides.
    updateComplaint(a, { title: 'Charged twice' }, ORIGIN);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readBoard(b).title).toBe('Charged twice');
    expect(migrateBoard(a, ORIGIN).steps).toEqual([]);
  });
});
