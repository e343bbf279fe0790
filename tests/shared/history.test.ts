import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  COMPLAINT_ID,
  addAction,
  askWhy,
  deleteAction,
  deleteCause,
  editCause,
  getCauses,
  initBoard,
  markRootCause,
  moveCause,
  readBoard,
  updateAction,
  updateCause,
  updateComplaint,
  updateLetter,
} from '../../shared/board';
import { decodeChanges, encodeChanges, momentAt, updateOf, type Author, type Change } from '../../shared/history/changes';
import { milestonesBetween } from '../../shared/history/milestones';
import { bringBackCauses, restoreMoment } from '../../shared/history/restore';
import { Replay } from '../../shared/history/replay';
import { STEP_GAP_MS, historySteps } from '../../shared/history/steps';
import { mulberry32 } from '../fixtures/random';
import { initialMeeting } from '../../shared/meeting';

const T0 = Date.parse('2026-11-02T09:00:00Z');
const sam: Author = { name: 'Sam', role: 'editor' };
const ana: Author = { name: 'Ana Łęcka', role: 'editor' };
const fran: Author = { name: 'Fran', role: 'facilitator' };

/**
 * A board's history as the server records it: each call edits the shared document as one person, and the update it
 * makes is one change, stamped `at` seconds after T0.
 */
function recorder() {
  const doc = new Y.Doc();
  const changes: Change[] = [];
  const edit = (seconds: number, by: Author | null, write: (doc: Y.Doc) => void) => {
    changes.push({ at: T0 + seconds * 1000, by, update: updateOf(doc, () => write(doc)) });
  };
  edit(0, null, (d) => initBoard(d, { title: 'Charged twice', complaint: { text: 'You charged me twice.', customer: 'Łukasz Nowak' } }, 'server'));
  return { doc, changes, edit };
}

const summaries = (changes: Change[]) => historySteps(changes).map((step) => `${step.by ?? '-'}: ${step.summary}`);

describe('history steps', () => {
  it('reads typing as one step per person and card, and a later return to it as another', () => {
    const { changes, edit } = recorder();
    let id = '';
    edit(10, sam, (d) => (id = askWhy(d, COMPLAINT_ID, { text: '' }, 'local')));
    for (const [i, text] of ['T', 'Th', 'The form', 'The form sent the old price'].entries()) edit(11 + i, sam, (d) => editCause(d, id, text, 'local'));
    // Ana's edit of the same card in between is hers; Sam's own edits still join his step.
    edit(20, ana, (d) => updateCause(d, id, { evidence: 'Ticket 4411' }, 'local'));
    edit(30, sam, (d) => editCause(d, id, 'The form sent last year’s price', 'local'));
    edit(30 + STEP_GAP_MS / 1000 + 1, sam, (d) => editCause(d, id, 'The order form sent last year’s price', 'local'));
    expect(summaries(changes)).toEqual([
      '-: Started the analysis of “Charged twice”',
      'Ana Łęcka: Added evidence to “The form sent the old price”',
      'Sam: Added “The form sent last year’s price” as a why of the complaint',
      'Sam: Reworded “The order form sent last year’s price”',
    ]);
    const steps = historySteps(changes);
    // Each step points at its last change (the moment a replay shows), and says when it began.
    expect(steps[2]).toMatchObject({ kind: 'cause.added', causeId: id, change: 7, from: T0 + 10_000, at: T0 + 30_000 });
  });

  it('tells marking, ruling out, moving, deleting a branch and bringing it back, and the actions', () => {
    const { changes, edit } = recorder();
    let a = '';
    let b = '';
    let c = '';
    edit(1, sam, (d) => (a = askWhy(d, COMPLAINT_ID, { text: 'The retry job charged again.' }, 'local')));
    edit(2, sam, (d) => (b = askWhy(d, a, { text: 'The gateway timed out' }, 'local')));
    edit(3, ana, (d) => (c = askWhy(d, COMPLAINT_ID, { text: 'The bank doubled it' }, 'local')));
    edit(4, fran, (d) => updateCause(d, c, { status: 'ruledOut' }, 'local'));
    edit(5, fran, (d) => markRootCause(d, b, true, 'local', T0 + 5000));
    edit(6, fran, (d) => addAction(d, b, { kind: 'corrective', text: 'Make the retry idempotent', owner: 'Dev team', due: '2026-12-01' }, 'local'));
    edit(7, ana, (d) => deleteCause(d, a, 'local'));
    edit(8, fran, (d) => bringBackCauses(d, [b], 'local'));
    expect(summaries(changes).slice(1)).toEqual([
      'Sam: Added “The retry job charged again” as a why of the complaint',
      'Sam: Added “The gateway timed out” under “The retry job charged again”',
      'Ana Łęcka: Added “The bank doubled it” as a why of the complaint',
      'Fran: Ruled out “The bank doubled it”',
      'Fran: Marked “The gateway timed out” as a root cause',
      'Fran: Agreed the corrective action “Make the retry idempotent” for “The gateway timed out”',
      'Ana Łęcka: Deleted “The retry job charged again” and the cause under it',
      'Fran: Brought back “The retry job charged again” and the cause under it',
    ]);
    expect(historySteps(changes).find((step) => step.kind === 'cause.deleted')).toMatchObject({ causeId: a, causeIds: [a, b] });
  });

  it('keeps the meeting’s milestones between the edits, by who made them', () => {
    const { changes } = recorder();
    const before = initialMeeting();
    const signed = { ...before, phase: 'report' as const, signOff: { name: 'Fran', at: T0 + 2000, letterHash: 'h1' } };
    const sent = { ...signed, sentLetters: [{ at: T0 + 3000, by: 'Fran', to: 'lukasz@example.com', letterHash: 'h1', text: 'Dear Mr Nowak' }] };
    const milestones = [...milestonesBetween(before, signed), ...milestonesBetween(signed, sent), ...milestonesBetween(sent, { ...sent, signOff: null })];
    expect(milestones).toEqual([
      { type: 'phase', phase: 'report' },
      { type: 'letterSignedOff', letterHash: 'h1' },
      { type: 'letterSent', to: 'lukasz@example.com' },
      { type: 'letterSignOffWithdrawn' },
    ]);
    milestones.forEach((milestone, i) => changes.push({ at: T0 + (i + 1) * 1000, by: fran, update: new Uint8Array([0, 0]), milestone }));
    expect(summaries(changes).slice(1)).toEqual([
      'Fran: Moved the meeting to “Report”',
      'Fran: Signed off the letter',
      'Fran: Sent the letter: lukasz@example.com',
      'Fran: Withdrew the sign-off of the letter',
    ]);
    // The letter's sign-off as it stood at each moment, for the exports of that moment.
    expect(momentAt(changes, T0 + 2500).signOff).toEqual({ name: 'Fran', at: T0 + 2000, letterHash: 'h1' });
    expect(momentAt(changes, T0 + 4500).signOff).toBeNull();
    expect(momentAt(changes, T0 + 2500).participants).toEqual(['Fran']);
  });
});

describe('history steps, as people really work', () => {
  it('leaves no step for a card added and taken back before anyone wrote in it', () => {
    const { changes, edit } = recorder();
    let empty = '';
    let tombstoned = '';
    let filled = '';
    edit(1, sam, (d) => (empty = askWhy(d, COMPLAINT_ID, {}, 'local'))); // Tab asks why…
    edit(2, sam, (d) => getCauses(d).delete(empty)); // …and Tab again takes the empty card back
    edit(3, sam, (d) => (tombstoned = askWhy(d, COMPLAINT_ID, {}, 'local')));
    edit(4, sam, (d) => deleteCause(d, tombstoned, 'local'));
    edit(5, ana, (d) => (filled = askWhy(d, COMPLAINT_ID, { text: 'The courier left it at the door' }, 'local')));
    edit(6, ana, (d) => getCauses(d).delete(filled)); // an undo of a cause that said something
    expect(summaries(changes)).toEqual([
      '-: Started the analysis of “Charged twice”',
      'Ana Łęcka: Added “The courier left it at the door” as a why of the complaint',
      'Ana Łęcka: Deleted “The courier left it at the door”',
    ]);
    // A cause taken away whole has nothing to bring back.
    expect(historySteps(changes).at(-1)?.causeIds).toBeUndefined();
  });

  it('tells a restore as one step, whether its edit was stored just after its word or just before', () => {
    for (const order of ['word first', 'edit first'] as const) {
      const { doc, changes, edit } = recorder();
      let kept = '';
      edit(1, sam, (d) => (kept = askWhy(d, COMPLAINT_ID, { text: 'The form sent the old price' }, 'local')));
      const past = new Y.Doc();
      for (const change of changes) Y.applyUpdate(past, change.update);
      edit(60, ana, (d) => {
        askWhy(d, COMPLAINT_ID, { text: 'A guess' }, 'local');
        markRootCause(d, kept, true, 'local');
      });
      const word: Change = { at: T0 + 120_000, by: fran, update: new Uint8Array([0, 0]), milestone: { type: 'restored', to: T0 + 1000 } };
      if (order === 'word first') changes.push(word);
      edit(120, fran, (d) => restoreMoment(d, past, 'local'));
      if (order === 'edit first') changes.push({ ...word, at: T0 + 120_500 });
      edit(130, fran, (d) =>
        bringBackCauses(
          d,
          causesOf(d).filter((id) => id !== kept),
          'local',
        ),
      );
      const steps = historySteps(changes);
      expect(summaries(changes).slice(-2), order).toEqual(['Fran: Restored the board as it was at an earlier moment', 'Fran: Brought back “A guess”']);
      expect(steps.at(-2), order).toMatchObject({ kind: 'board.restored', to: T0 + 1000, change: changes.length - 2 });
      expect(readBoard(doc).causeIds.length).toBe(2);
    }
  });
});

const causesOf = (d: Y.Doc) => [...getCauses(d).keys()];

describe('history steps, against a board built to flood them', () => {
  it('tells a branch of 2,000 deleted and brought back again and again in a few steps, in linear time', () => {
    const { changes, edit } = recorder();
    const chain: string[] = [];
    edit(1, sam, (d) => {
      for (let i = 0; i < 2000; i++) chain.push(askWhy(d, chain.at(-1) ?? COMPLAINT_ID, { text: `Why ${i}` }, 'local'));
    });
    for (let round = 0; round < 20; round++) {
      edit(10 + round * 2, ana, (d) => deleteCause(d, chain[0]!, 'local'));
      edit(11 + round * 2, ana, (d) => bringBackCauses(d, [chain[1999]!], 'local'));
    }
    // (Each branch is read in one pass: reading it by a pass over every cause per cause took a minute a request.)
    const steps = historySteps(changes);
    expect(steps.length).toBeLessThan(60);
    expect(steps.at(-1)?.summary).toBe('Brought back “Why 0” and the 1999 causes under it');
    expect(steps.at(-2)).toMatchObject({ kind: 'cause.deleted', causeIds: chain });
  });

  it('tells a change of many things at once as one step', () => {
    const { changes, edit } = recorder();
    edit(1, sam, (d) => {
      for (let i = 0; i < 30; i++) askWhy(d, COMPLAINT_ID, { text: `Cause ${i}` }, 'local');
    });
    expect(summaries(changes).at(-1)).toBe('Sam: Changed 30 things at once');
  });
});

describe('the history on the wire', () => {
  it('round-trips every change, names and milestones included, and refuses bytes it did not write', () => {
    const { changes, edit } = recorder();
    edit(1, ana, (d) => askWhy(d, COMPLAINT_ID, { text: 'Zażółć gęślą jaźń 🙂' }, 'local'));
    changes.push({ at: T0 + 2000, by: fran, update: new Uint8Array([0, 0]), milestone: { type: 'votesRevealed' } });
    expect(decodeChanges(encodeChanges(changes))).toEqual(changes);
    expect(() => decodeChanges(new Uint8Array([9, 0]))).toThrow(/Unknown history encoding/);
    expect(() => decodeChanges(new Uint8Array([1, 1, 5]))).toThrow();
  });
});

describe('restoring', () => {
  it('makes the board what it was, as one step its author can undo, and recreates what an undo took away', () => {
    const { doc, changes, edit } = recorder();
    let kept = '';
    edit(1, sam, (d) => (kept = askWhy(d, COMPLAINT_ID, { text: 'The form sent the old price' }, 'local')));
    const past = new Y.Doc();
    for (const change of changes) Y.applyUpdate(past, change.update);

    // Since then: a rewording, a new cause, the cause's evidence and a theme, and the kept cause removed whole.
    const undo = new Y.UndoManager(getCauses(doc), { trackedOrigins: new Set(['local']) });
    editCause(doc, kept, 'The form sent last year’s price', 'local');
    const later = askWhy(doc, COMPLAINT_ID, { text: 'A guess we dropped' }, 'other');
    updateCause(doc, kept, { evidence: 'Ticket 4411', theme: 'Price lists' }, 'other');
    getCauses(doc).delete(kept); // as undoing its addition does
    const before = readBoard(doc);

    undo.stopCapturing();
    restoreMoment(doc, past, 'local');
    const restored = readBoard(doc);
    expect(restored.causeIds).toEqual([kept]);
    expect(restored.causes[kept]).toMatchObject({ text: 'The form sent the old price', evidence: '', theme: '' });
    expect(getCauses(doc).get(later)?.get('deleted')).toBe(true);
    undo.undo();
    expect(readBoard(doc).causeIds).toEqual(before.causeIds);
  });
});

describe('the replay', () => {
  it('gives, at every change of a random history, the board a document of those changes reads', async () => {
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const { doc, changes, edit } = recorder();
      const people = [sam, ana, fran];
      const causes = (d: Y.Doc) => [...getCauses(d).keys()];
      const actions = (d: Y.Doc) => readBoard(d).actionIds;
      const moves: Array<(d: Y.Doc) => void> = [
        (d) => askWhy(d, pick([COMPLAINT_ID, ...readBoard(d).causeIds]), { text: `Why ${random().toString(36).slice(2, 7)}` }, 'local'),
        (d) => causes(d).length && editCause(d, pick(causes(d)), `Reworded ${random().toString(36).slice(2, 9)}`, 'local'),
        (d) => readBoard(d).causeIds.length && deleteCause(d, pick(readBoard(d).causeIds), 'local'),
        (d) => causes(d).length && bringBackCauses(d, [pick(causes(d))], 'local'),
        (d) => readBoard(d).causeIds.length && markRootCause(d, pick(readBoard(d).causeIds), random() < 0.7, 'local'),
        (d) =>
          readBoard(d).causeIds.length &&
          updateCause(
            d,
            pick(readBoard(d).causeIds),
            { status: pick(['ruledOut', 'confirmed', 'hypothesis'] as const), evidence: 'Seen in the logs' },
            'local',
          ),
        (d) => readBoard(d).causeIds.length > 1 && moveCause(d, pick(readBoard(d).causeIds), COMPLAINT_ID, 'local'),
        (d) => readBoard(d).rootCauseIds.length && addAction(d, pick(readBoard(d).rootCauseIds), { kind: 'corrective', text: 'Fix it', owner: 'Dev' }, 'local'),
        (d) => actions(d).length && updateAction(d, pick(actions(d)), { status: 'done', checkResult: pick(['effective', 'notEffective'] as const) }, 'local'),
        (d) => actions(d).length && deleteAction(d, pick(actions(d)), 'local'),
        (d) => updateLetter(d, { text: `Dear Mr Nowak, ${random().toString(36)}` }, 'local'),
        (d) => updateComplaint(d, { channel: pick(['Phone', 'E-mail']) }, 'local'),
        (d) => causes(d).length && getCauses(d).delete(pick(causes(d))), // an addition undone
      ];
      const expected: string[] = [JSON.stringify(readBoard(doc))];
      for (let i = 1; i < 150; i++) {
        edit(i, pick(people), (d) => {
          // Two moves in one change now and then, as a turn of the server holds them.
          pick(moves)(d);
          if (random() < 0.2) pick(moves)(d);
        });
        expected.push(JSON.stringify(readBoard(doc)));
      }
      const replay = await Replay.build(changes);
      expect(replay.length).toBe(changes.length);
      // Its steps are the history's, read in the same pass.
      expect(replay.steps).toEqual(historySteps(changes));
      expect(replay.steps.length).toBeGreaterThan(50);
      // Every moment, in a scrubbing order (forwards, backwards, jumps).
      const order = [...expected.keys()].sort(() => random() - 0.5);
      for (const index of order) expect(JSON.stringify(replay.boardAt(index)), `seed ${seed}, change ${index}`).toBe(expected[index]);
    }
  });
});
