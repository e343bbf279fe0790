import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  BoardError,
  COMPLAINT_ID,
  Limits,
  SCHEMA_VERSION,
  addSiblingCause,
  askWhy,
  deleteCause,
  editCause,
  initBoard,
  markRootCause,
  moveCause,
  readBoard,
  updateComplaint,
} from '../../shared/board';
import { TEST_ORIGIN, exchange, fork, makeBoard, outline } from '../fixtures/makeBoard';

const tree = (doc: Y.Doc) => outline(doc, readBoard);

describe('initBoard and readBoard', () => {
  it('starts a board from the complaint, in the customer’s words', () => {
    const doc = new Y.Doc();
    initBoard(
      doc,
      { title: 'Overcharged', complaint: { text: 'You charged me twice!', customer: 'Ada', channel: 'email', receivedAt: '2026-11-20' } },
      TEST_ORIGIN,
    );
    const board = readBoard(doc);
    expect(board.schemaVersion).toBe(SCHEMA_VERSION);
    expect(board.title).toBe('Overcharged');
    expect(board.complaint).toEqual({ text: 'You charged me twice!', customer: 'Ada', channel: 'email', receivedAt: '2026-11-20', childIds: [] });
    expect(board.causeIds).toEqual([]);
  });

  it('refuses to initialise a document twice', () => {
    const doc = makeBoard();
    expect(() => initBoard(doc, { title: 'Again', complaint: { text: 'x' } }, TEST_ORIGIN)).toThrow(BoardError);
  });

  it('rejects a malformed date and a long title, changing nothing', () => {
    const doc = makeBoard();
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => updateComplaint(doc, { receivedAt: '20/11/2026' }, TEST_ORIGIN)).toThrow(/2026-11-23/);
    expect(() => updateComplaint(doc, { title: 'x'.repeat(Limits.title + 1) }, TEST_ORIGIN)).toThrow(/limit is 200/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('shows texts as stored: direction controls (which make “gnp.exe” read as “exe.png”) are not read', () => {
    const doc = makeBoard('complaint > a');
    editCause(doc, 'a', 'See the invoice \u202Egnp.exe\u202C and \u2067this\u2069', TEST_ORIGIN);
    updateComplaint(doc, { title: '\u200FRefund\u200E', customer: 'Łukasz \u202EkzsɐW' }, TEST_ORIGIN);
    const board = readBoard(doc);
    expect(board.causes.a!.text).toBe('See the invoice gnp.exe and this');
    expect(board.title).toBe('Refund');
    expect(board.complaint.customer).toBe('Łukasz kzsɐW');
  });

  it('reads the tree depth first, with depths and root causes', () => {
    const doc = makeBoard('complaint > a > b > c', 'a > d', 'complaint > e');
    markRootCause(doc, 'c', true, TEST_ORIGIN);
    const board = readBoard(doc);
    expect(board.causeIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(board.causeIds.map((id) => board.causes[id]!.depth)).toEqual([1, 2, 3, 2, 1]);
    expect(board.complaint.childIds).toEqual(['a', 'e']);
    expect(board.causes.a!.childIds).toEqual(['b', 'd']);
    expect(board.rootCauseIds).toEqual(['c']);
  });
});

describe('operations', () => {
  it('each runs in one transaction with the caller’s origin', () => {
    const doc = makeBoard('complaint > a');
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    const me = { user: 'me' };
    const id = askWhy(doc, 'a', { text: 'Why' }, me);
    editCause(doc, id, 'The form was wrong', me);
    addSiblingCause(doc, id, { text: 'Other' }, me);
    markRootCause(doc, id, true, me);
    moveCause(doc, id, COMPLAINT_ID, me);
    deleteCause(doc, 'a', me);
    expect(origins).toEqual([me, me, me, me, me, me]);
  });

  it('askWhy adds the last child; under an unknown or deleted cause it refuses', () => {
    const doc = makeBoard('complaint > a > b');
    const c = askWhy(doc, 'a', { text: 'c' }, TEST_ORIGIN);
    expect(readBoard(doc).causes.a!.childIds).toEqual(['b', c]);
    expect(() => askWhy(doc, 'nope', {}, TEST_ORIGIN)).toThrow(/no cause "nope"/);
    deleteCause(doc, 'a', TEST_ORIGIN);
    expect(() => askWhy(doc, 'b', {}, TEST_ORIGIN)).toThrow(BoardError);
  });

  it('addSiblingCause inserts right after its sibling', () => {
    const doc = makeBoard('complaint > a', 'complaint > b');
    const between = addSiblingCause(doc, 'a', { text: 'between' }, TEST_ORIGIN);
    const last = addSiblingCause(doc, 'b', { text: 'last' }, TEST_ORIGIN);
    expect(readBoard(doc).complaint.childIds).toEqual(['a', between, 'b', last]);
  });

  it('editCause edits in place and enforces the length limit', () => {
    const doc = makeBoard('complaint > a');
    editCause(doc, 'a', 'The price form was wrong', TEST_ORIGIN);
    expect(readBoard(doc).causes.a!.text).toBe('The price form was wrong');
    expect(() => editCause(doc, 'a', 'x'.repeat(Limits.causeText + 1), TEST_ORIGIN)).toThrow(/limit is 1000/);
    expect(readBoard(doc).causes.a!.text).toBe('The price form was wrong');
  });

  it('deleteCause removes the branch, and an undo of the local origin brings it back', () => {
    const doc = makeBoard('complaint > a > b > c', 'complaint > d');
    const me = { user: 'me' };
    const undo = new Y.UndoManager([doc.getMap('causes')], { trackedOrigins: new Set([me]) });
    expect(deleteCause(doc, 'a', me).sort()).toEqual(['a', 'b', 'c']);
    expect(readBoard(doc).causeIds).toEqual(['d']);
    undo.undo();
    expect(readBoard(doc).causeIds).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moveCause moves a branch and refuses a cycle', () => {
    const doc = makeBoard('complaint > a > b > c', 'complaint > d');
    moveCause(doc, 'b', 'd', TEST_ORIGIN);
    expect(tree(doc)).toEqual(['complaint > a', 'complaint > d', 'd > b', 'b > c']);
    expect(() => moveCause(doc, 'd', 'c', TEST_ORIGIN)).toThrow(/own branch/);
  });

  it('markRootCause toggles, and several root causes are normal', () => {
    const doc = makeBoard('complaint > a > b', 'a > c');
    markRootCause(doc, 'b', true, TEST_ORIGIN);
    markRootCause(doc, 'c', true, TEST_ORIGIN);
    expect(readBoard(doc).rootCauseIds).toEqual(['b', 'c']);
    markRootCause(doc, 'b', false, TEST_ORIGIN);
    expect(readBoard(doc).rootCauseIds).toEqual(['c']);
  });

  it('refuses a cause past the board limit', () => {
    const doc = makeBoard();
    doc.transact(() => {
      for (let i = 0; i < Limits.causes; i++) askWhy(doc, COMPLAINT_ID, { text: `${i}` }, TEST_ORIGIN);
    });
    expect(() => askWhy(doc, COMPLAINT_ID, {}, TEST_ORIGIN)).toThrow(/at most 2000/);
  });
});

/** Runs two concurrent edits on two replicas, merges in both orders, and returns both merged trees. */
function concurrently(base: Y.Doc, left: (doc: Y.Doc) => void, right: (doc: Y.Doc) => void): [Y.Doc, Y.Doc] {
  const a = fork(base);
  const b = fork(base);
  left(a);
  right(b);
  const a2 = fork(a);
  const b2 = fork(b);
  exchange(a, b); // a's changes reach b first
  exchange(b2, a2); // and the other way round
  expect(readBoard(a)).toEqual(readBoard(b));
  expect(readBoard(a2)).toEqual(readBoard(a));
  expect(readBoard(b2)).toEqual(readBoard(a));
  return [a, b];
}

describe('concurrent edits converge to the same valid tree', () => {
  it('a cause added under a parent someone deletes at the same time keeps its chain', () => {
    const base = makeBoard('complaint > a > b', 'complaint > z');
    const [merged] = concurrently(
      base,
      (doc) => askWhy(doc, 'b', { id: 'new', text: 'added while deleted' }, TEST_ORIGIN),
      (doc) => deleteCause(doc, 'a', TEST_ORIGIN),
    );
    expect(tree(merged)).toEqual(['complaint > a', 'a > b', 'b > new', 'complaint > z']);
  });

  it('a deleted branch with nothing added stays deleted', () => {
    const base = makeBoard('complaint > a > b', 'complaint > z');
    const [merged] = concurrently(
      base,
      (doc) => editCause(doc, 'z', 'edited', TEST_ORIGIN),
      (doc) => deleteCause(doc, 'a', TEST_ORIGIN),
    );
    expect(tree(merged)).toEqual(['complaint > z']);
  });

  it('two moves that make a cycle are broken at the smallest id, under the complaint', () => {
    const base = makeBoard('complaint > x', 'complaint > y');
    const [merged] = concurrently(
      base,
      (doc) => moveCause(doc, 'x', 'y', TEST_ORIGIN),
      (doc) => moveCause(doc, 'y', 'x', TEST_ORIGIN),
    );
    expect(tree(merged)).toEqual(['complaint > x', 'x > y']);
  });

  it('two people typing in one card merge their text', () => {
    const base = makeBoard('complaint > a');
    editCause(base, 'a', 'The form was wrong', TEST_ORIGIN);
    const [merged] = concurrently(
      base,
      (doc) => editCause(doc, 'a', 'The price form was wrong', TEST_ORIGIN),
      (doc) => editCause(doc, 'a', 'The form was wrong last year', TEST_ORIGIN),
    );
    expect(readBoard(merged).causes.a!.text).toBe('The price form was wrong last year');
  });

  it('concurrent typing past the limit is cut at the limit on every replica', () => {
    const base = makeBoard('complaint > a');
    const half = Limits.causeText / 2 + 10;
    const [merged] = concurrently(
      base,
      (doc) => editCause(doc, 'a', 'a'.repeat(half), TEST_ORIGIN),
      (doc) => editCause(doc, 'a', 'b'.repeat(half), TEST_ORIGIN),
    );
    expect(readBoard(merged).causes.a!.text).toHaveLength(Limits.causeText);
  });

  it('two people asking why under the same card both keep their cause, in one order', () => {
    const base = makeBoard('complaint > a');
    const [merged] = concurrently(
      base,
      (doc) => askWhy(doc, 'a', { id: 'left' }, TEST_ORIGIN),
      (doc) => askWhy(doc, 'a', { id: 'right' }, TEST_ORIGIN),
    );
    expect(readBoard(merged).causes.a!.childIds).toEqual(['left', 'right']);
  });

  it('a move into a branch someone deletes keeps the moved cause', () => {
    const base = makeBoard('complaint > a > b', 'complaint > m');
    const [merged] = concurrently(
      base,
      (doc) => moveCause(doc, 'm', 'b', TEST_ORIGIN),
      (doc) => deleteCause(doc, 'a', TEST_ORIGIN),
    );
    expect(tree(merged)).toEqual(['complaint > a', 'a > b', 'b > m']);
  });
});
