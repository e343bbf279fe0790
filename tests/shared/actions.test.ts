import { describe, expect, it } from 'vitest';
import { addAction, deleteAction, deleteCause, readBoard, updateAction, updateLetter } from '../../shared/board';
import { exchange, fork, makeBoard, TEST_ORIGIN as ME } from '../fixtures/makeBoard';

describe('actions', () => {
  it('adds actions to a cause with defaults, in order, and updates and deletes them', () => {
    const doc = makeBoard('complaint > a');
    const first = addAction(doc, 'a', { text: 'Refund the customer', owner: 'Store manager', due: '2026-11-30' }, ME);
    const second = addAction(doc, 'a', { kind: 'preventive', text: 'Calendar the order' }, ME);
    let board = readBoard(doc);
    expect(board.causes.a!.actionIds).toEqual([first, second]);
    expect(board.actionIds).toEqual([first, second]);
    expect(board.actions[first]).toMatchObject({
      causeId: 'a',
      kind: 'corrective',
      status: 'open',
      owner: 'Store manager',
      due: '2026-11-30',
      customerText: '',
    });

    updateAction(doc, first, { status: 'verified', customerText: 'We refunded you' }, ME);
    deleteAction(doc, second, ME);
    board = readBoard(doc);
    expect(board.actions[first]).toMatchObject({ status: 'verified', customerText: 'We refunded you', text: 'Refund the customer' });
    expect(board.actionIds).toEqual([first]);
  });

  it.each([
    ['an unknown kind', { kind: 'wishful' }, "An action's kind is one of containment, corrective, preventive."],
    ['an unknown status', { status: 'maybe' }, "An action's status is one of open, inProgress, done, verified."],
    ['a date that does not exist', { due: '2026-02-30' }, 'The due date must be a real date like 2026-11-23.'],
    ['a date in another format', { due: '30/11/2026' }, 'The due date must be a real date like 2026-11-23.'],
    ['an owner too long', { owner: 'x'.repeat(101) }, 'The owner is 101 characters long; the limit is 100.'],
  ])('refuses %s', (_name, fields, message) => {
    const doc = makeBoard('complaint > a');
    expect(() => addAction(doc, 'a', fields as never, ME)).toThrow(message);
    expect(readBoard(doc).actionIds).toEqual([]);
  });

  it('refuses an action on a cause that is not on the board', () => {
    const doc = makeBoard('complaint > a');
    expect(() => addAction(doc, 'nope', { text: 'x' }, ME)).toThrow('There is no cause "nope" on this board.');
    expect(() => updateAction(doc, 'nope', { text: 'x' }, ME)).toThrow('There is no action "nope" on this board.');
  });

  it('hides the actions of a deleted cause, and shows them again when it comes back', () => {
    const doc = makeBoard('complaint > a > b');
    addAction(doc, 'b', { text: 'Fix it' }, ME);
    deleteCause(doc, 'a', ME);
    expect(readBoard(doc).actionIds).toEqual([]);
  });

  it('merges actions two people add and edit at once', () => {
    const ana = makeBoard('complaint > a');
    const action = addAction(ana, 'a', { text: 'Refund', owner: 'Ops' }, ME);
    const ben = fork(ana);
    updateAction(ana, action, { due: '2026-12-01' }, ME);
    updateAction(ben, action, { owner: 'Ops team', status: 'inProgress' }, ME);
    const mine = addAction(ana, 'a', { text: 'Ana’s' }, ME);
    const theirs = addAction(ben, 'a', { text: 'Ben’s' }, ME);
    exchange(ana, ben);
    expect(readBoard(ana)).toEqual(readBoard(ben));
    expect(readBoard(ana).actions[action]).toMatchObject({ due: '2026-12-01', owner: 'Ops team', status: 'inProgress' });
    expect(readBoard(ana).actionIds).toHaveLength(3);
    expect(readBoard(ana).actionIds).toEqual(expect.arrayContaining([mine, theirs]));
  });
});

describe('the letter', () => {
  it('keeps the text and contact, and checks the date', () => {
    const doc = makeBoard('complaint > a');
    updateLetter(doc, { text: 'Dear Ada,', contactName: 'Jordan Reyes', contactReach: '0161 496 0000', nextContact: '2026-12-07' }, ME);
    expect(readBoard(doc).letter).toEqual({ text: 'Dear Ada,', contactName: 'Jordan Reyes', contactReach: '0161 496 0000', nextContact: '2026-12-07' });
    expect(() => updateLetter(doc, { nextContact: 'next week' }, ME)).toThrow('The next contact date must be a real date like 2026-11-23.');
  });
});
