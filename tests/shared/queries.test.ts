import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  BoardError,
  chainsToRoots,
  editCause,
  markRootCause,
  pathTo,
  questionFor,
  quote,
  readBack,
  readBoard,
  seedExample,
  updateCause,
} from '../../shared/board';
import { causeReader, coachBoard } from '../../shared/coach';
import * as language from '../../shared/language';
import { TEST_ORIGIN, makeBoard } from '../fixtures/makeBoard';

describe('cause details', () => {
  it('new causes are hypotheses within our control, with no evidence', () => {
    const cause = readBoard(makeBoard('complaint > a')).causes.a!;
    expect(cause).toMatchObject({ status: 'hypothesis', evidence: '', inControl: true, escalation: '' });
  });

  it('updateCause sets status, evidence, control and escalation; refuses a bad status and long evidence', () => {
    const doc = makeBoard('complaint > a');
    updateCause(doc, 'a', { status: 'confirmed', evidence: 'Receipts 12–14 Nov', inControl: false, escalation: 'Supplier account manager' }, TEST_ORIGIN);
    expect(readBoard(doc).causes.a).toMatchObject({
      status: 'confirmed',
      evidence: 'Receipts 12–14 Nov',
      inControl: false,
      escalation: 'Supplier account manager',
    });
    expect(() => updateCause(doc, 'a', { status: 'maybe' as never }, TEST_ORIGIN)).toThrow(BoardError);
    expect(() => updateCause(doc, 'a', { evidence: 'x'.repeat(4001) }, TEST_ORIGIN)).toThrow(/limit is 4000/);
    expect(readBoard(doc).causes.a!.status).toBe('confirmed');
  });
});

describe('tree queries', () => {
  it('chainsToRoots lists every chain from the complaint to a root cause', () => {
    const doc = makeBoard('complaint > a > b > c', 'a > d', 'complaint > e');
    markRootCause(doc, 'c', true, TEST_ORIGIN);
    markRootCause(doc, 'd', true, TEST_ORIGIN);
    expect(chainsToRoots(readBoard(doc))).toEqual([
      { rootCauseId: 'c', causeIds: ['a', 'b', 'c'] },
      { rootCauseId: 'd', causeIds: ['a', 'd'] },
    ]);
    expect(pathTo(readBoard(doc), 'e')).toEqual(['e']);
  });

  it.each([
    ['The price form was wrong.', 'The price form was wrong'],
    ['  Two lines\nsecond  ', 'Two lines'],
    ['x'.repeat(100), `${'x'.repeat(89)}…`],
  ])('quote(%j) is %j', (text, quoted) => expect(quote(text)).toBe(quoted));

  it('questionFor asks why something happened, from the parent, never who did it', () => {
    const doc = makeBoard('complaint > a > b');
    editCause(doc, 'a', 'The price form was wrong.', TEST_ORIGIN);
    const board = readBoard(doc);
    expect(questionFor(board, 'a')).toBe('Why did the customer experience “I was overcharged”?');
    expect(questionFor(board, 'b')).toBe('Why did “The price form was wrong” happen?');
    editCause(doc, 'a', '', TEST_ORIGIN);
    expect(questionFor(readBoard(doc), 'b')).toBe('Why did the cause above happen?');
  });

  it('readBack reads the chain from the root cause up, joined by "therefore"', () => {
    const doc = new Y.Doc();
    seedExample(doc, TEST_ORIGIN);
    const board = readBoard(doc);
    expect(readBack(board, board.rootCauseIds[0]!)).toBe(
      'Ordering the yearly price forms depended on one person, with no hand-over, therefore nobody ordered the new forms: ordering time passed while the manager’s post was empty, therefore it was last year’s form, with last year’s prices, therefore the price form at the till was wrong, therefore the till charged more than the price on the shelf label, therefore the customer said: “I paid more for this book than the price you advertised, and nobody at the till could tell me why. I am angry about it”.',
    );
  });

  it('readBack keeps a name’s capital and marks missing answers', () => {
    const doc = makeBoard('complaint > a > b');
    editCause(doc, 'a', 'Acme shipped late', TEST_ORIGIN);
    editCause(doc, 'b', '', TEST_ORIGIN);
    expect(readBack(readBoard(doc), 'b')).toBe('(no answer yet), therefore Acme shipped late, therefore the customer said: “I was overcharged”.');
  });
});

describe('the example board', () => {
  it('is the worked example: five whys with evidence, a ruled-out branch, one confirmed root cause, and no coach hints', () => {
    const doc = new Y.Doc();
    seedExample(doc, TEST_ORIGIN);
    const board = readBoard(doc);
    const [chain] = chainsToRoots(board);
    expect(chain!.causeIds).toHaveLength(5);
    for (const id of chain!.causeIds) expect(board.causes[id]).toMatchObject({ status: 'confirmed' });
    for (const id of chain!.causeIds) expect(board.causes[id]!.evidence).not.toBe('');
    expect(board.causes[chain!.rootCauseId]!.text).toMatch(/depended on one person/);
    expect(board.causeIds.filter((id) => board.causes[id]!.status === 'ruledOut')).toHaveLength(1);
    expect(coachBoard(board)).toEqual([]);
    // And once the coach reads what the answers say: the example is the method done right.
    expect(coachBoard(board, causeReader(language))).toEqual([]);
  });
});
