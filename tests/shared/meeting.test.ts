import { describe, expect, it } from 'vitest';
import { textHash } from '../../shared/report';
import { MeetingCommand, applyCommand, initialMeeting, timeLeft, viewMeeting, parseMeeting, type Actor, type Meeting } from '../../shared/meeting';

const lead: Actor = { person: 'p-lead', name: 'Fran', role: 'facilitator', clientId: 7 };
const ada: Actor = { person: 'p-ada', name: 'Ada', role: 'editor' };
const LETTER = 'Dear Ada,\n\nWe charged you twice, and we are sorry. We refunded you today.\n\nJo';
let letter = LETTER;
const board = { exists: (id: string) => ['complaint', 'c1', 'c2'].includes(id), letterText: () => letter };
const T0 = 1_800_000_000_000;

/** Applies commands in turn, each a second after the last; throws on a refusal. */
function run(commands: Array<[Actor, MeetingCommand]>, meeting: Meeting = initialMeeting()): Meeting {
  let now = T0;
  for (const [actor, command] of commands) {
    const result = applyCommand(meeting, command, actor, board, (now += 1000));
    if (!result.ok) throw new Error(result.message);
    meeting = result.meeting;
  }
  return meeting;
}

const refusal = (meeting: Meeting, actor: Actor, command: MeetingCommand) => {
  const result = applyCommand(meeting, command, actor, board, T0);
  return result.ok ? undefined : result.message;
};

describe('meeting commands', () => {
  it('does not change the meeting it is given', () => {
    const meeting = initialMeeting();
    const copy = structuredClone(meeting);
    run(
      [
        [lead, { type: 'phase.set', phase: 'act' }],
        [lead, { type: 'lock.set', locked: true }],
      ],
      meeting,
    );
    expect(meeting).toEqual(copy);
  });

  it('keeps one timer per phase: leaving a phase pauses its timer where it was', () => {
    const started = applyCommand(initialMeeting(), { type: 'timer.start' }, lead, board, T0);
    if (!started.ok) throw new Error(started.message);
    expect(started.meeting.timers.describe.endsAt).toBe(T0 + 5 * 60_000);
    const left = applyCommand(started.meeting, { type: 'phase.set', phase: 'askWhy' }, lead, board, T0 + 90_000);
    if (!left.ok) throw new Error(left.message);
    expect(left.meeting.timers.describe).toEqual({ durationMs: 300_000, endsAt: null, remainingMs: 210_000 });
    expect(timeLeft(left.meeting.timers.askWhy, T0)).toBe(25 * 60_000);
  });

  it('adds and takes away minutes, never below zero, and resets to the phase default', () => {
    const meeting = run([
      [lead, { type: 'timer.add', minutes: 2 }],
      [lead, { type: 'timer.add', minutes: -60 }],
    ]);
    expect(timeLeft(meeting.timers.describe, T0)).toBe(0);
    const reset = run([[lead, { type: 'timer.reset' }]], meeting);
    expect(timeLeft(reset.timers.describe, T0)).toBe(5 * 60_000);
  });

  it('counts a running timer down on the server clock, whatever the time now', () => {
    const meeting = run([[lead, { type: 'timer.start' }]]);
    const endsAt = meeting.timers.describe.endsAt!;
    expect(timeLeft(meeting.timers.describe, endsAt - 61_000)).toBe(61_000);
    expect(timeLeft(meeting.timers.describe, endsAt + 5_000)).toBe(0);
  });

  it('records who to follow with their awareness id', () => {
    const meeting = run([[lead, { type: 'follow.set', on: true }]]);
    expect(meeting.follow).toEqual({ clientId: 7, name: 'Fran', since: T0 + 1000 });
    expect(run([[lead, { type: 'follow.set', on: false }]], meeting).follow).toBeNull();
  });

  it.each<[string, Actor, MeetingCommand, string]>([
    ['an editor changes the phase', ada, { type: 'phase.set', phase: 'vote' }, 'Only the facilitator can do that.'],
    ['an editor locks', ada, { type: 'lock.set', locked: true }, 'Only the facilitator can do that.'],
    ['a spotlight on a deleted cause', lead, { type: 'spotlight.set', causeId: 'gone' }, 'That cause is no longer on the board.'],
    ['a silent round on a deleted cause', lead, { type: 'silent.start', causeId: 'gone' }, 'That cause is no longer on the board.'],
    ['a candidate with no round', ada, { type: 'candidate.add', text: 'x' }, 'There is no silent round running.'],
    ['a vote with no vote', ada, { type: 'vote.add', causeId: 'c1' }, 'There is no vote running.'],
    ['a reveal with no vote', lead, { type: 'voting.reveal' }, 'There is no vote to reveal.'],
    ['a reveal with no round', lead, { type: 'silent.reveal' }, 'There is no silent round to reveal.'],
    ['a viewer votes', { ...ada, role: 'viewer' }, { type: 'vote.add', causeId: 'c1' }, 'Viewers watch the meeting; ask for an editor link to take part.'],
  ])('refuses %s', (_name, actor, command, message) => {
    expect(refusal(initialMeeting(), actor, command)).toBe(message);
  });

  it('limits each person to their dots, on live causes, until the count', () => {
    const voting = run([[lead, { type: 'voting.start', votesPerPerson: 2 }]]);
    expect(refusal(voting, ada, { type: 'vote.add', causeId: 'gone' })).toBe('That cause is no longer on the board.');
    const voted = run(
      [
        [ada, { type: 'vote.add', causeId: 'c1' }],
        [ada, { type: 'vote.add', causeId: 'c1' }],
        [lead, { type: 'vote.add', causeId: 'c2' }],
      ],
      voting,
    );
    expect(refusal(voted, ada, { type: 'vote.add', causeId: 'c2' })).toBe('You have used all 2 of your votes: take one back first.');
    expect(viewMeeting(voted).voting).toEqual({ votesPerPerson: 2, revealed: false, voters: 2, tally: null });
    const changed = run(
      [
        [ada, { type: 'vote.remove', causeId: 'c1' }],
        [ada, { type: 'vote.add', causeId: 'c2' }],
        [lead, { type: 'voting.reveal' }],
      ],
      voted,
    );
    expect(viewMeeting(changed).voting?.tally).toEqual({ c1: 1, c2: 2 });
    expect(refusal(changed, ada, { type: 'vote.remove', causeId: 'c2' })).toBe('The votes have been counted.');
  });

  it('refuses editors while locked, but not the facilitator', () => {
    const locked = run([
      [lead, { type: 'voting.start', votesPerPerson: 1 }],
      [lead, { type: 'lock.set', locked: true }],
    ]);
    expect(refusal(locked, ada, { type: 'vote.add', causeId: 'c1' })).toBe('The facilitator has locked the board.');
    expect(refusal(locked, lead, { type: 'vote.add', causeId: 'c1' })).toBeUndefined();
  });

  it('hands the candidates of a silent round over on reveal, with their authors, and shows only counts before', () => {
    const round = run([
      [lead, { type: 'silent.start', causeId: 'c1' }],
      [ada, { type: 'candidate.add', text: 'The form has no total' }],
      [ada, { type: 'candidate.add', text: 'Prices are typed twice' }],
    ]);
    expect(refusal(round, lead, { type: 'silent.start', causeId: 'c2' })).toBe('A silent round is already running: reveal or cancel it first.');
    const view = viewMeeting(round);
    expect(view.silentRound).toEqual({ causeId: 'c1', startedAt: T0 + 1000, candidates: 2, people: 1 });
    expect(JSON.stringify(view)).not.toContain('total');
    const result = applyCommand(round, { type: 'silent.reveal' }, lead, board, T0);
    expect(result.ok && result.reveal).toEqual({
      causeId: 'c1',
      candidates: [
        expect.objectContaining({ text: 'The form has no total', author: 'Ada' }),
        expect.objectContaining({ text: 'Prices are typed twice', author: 'Ada' }),
      ],
    });
    expect(result.ok && result.meeting.silentRound).toBeNull();
  });

  it('caps the candidates one person writes in a round', () => {
    let meeting = run([[lead, { type: 'silent.start', causeId: 'c1' }]]);
    meeting = run(
      Array.from({ length: 10 }, (_, i): [Actor, MeetingCommand] => [ada, { type: 'candidate.add', text: `Candidate ${i}` }]),
      meeting,
    );
    expect(refusal(meeting, ada, { type: 'candidate.add', text: 'One more' })).toBe('You can write at most 10 candidates in one round.');
  });
});

describe('the letter sign-off', () => {
  it('records the facilitator’s name, the time and the letter it signed; only the facilitator may', () => {
    expect(refusal(initialMeeting(), ada, { type: 'letter.signOff', ready: true })).toBe('Only the facilitator can do that.');
    const signed = run([[lead, { type: 'letter.signOff', ready: true }]]);
    expect(viewMeeting(signed).signOff).toEqual({ name: 'Fran', at: T0 + 1000, letterHash: textHash(LETTER) });
    expect(run([[lead, { type: 'letter.signOff', ready: false }]], signed).signOff).toBeNull();
  });

  it('records a letter sent another way (by post), on the e-mail’s terms: signed off, unchanged, complete', () => {
    letter = LETTER;
    expect(refusal(initialMeeting(), lead, { type: 'letter.recordSent', to: 'By post' })).toBe('Sign the letter off before recording it as sent.');
    const signed = run([[lead, { type: 'letter.signOff', ready: true }]]);
    expect(refusal(signed, ada, { type: 'letter.recordSent', to: 'By post' })).toBe('Only the facilitator can do that.');
    const sent = run([[lead, { type: 'letter.recordSent', to: 'By post to 12 High Street' }]], signed);
    expect(sent.sentLetters).toEqual([{ at: T0 + 1000, by: 'Fran', to: 'By post to 12 High Street', letterHash: textHash(LETTER), text: LETTER }]);
    expect(viewMeeting(sent).sentLetters).toEqual([{ at: T0 + 1000, by: 'Fran', to: 'By post to 12 High Street', letterHash: textHash(LETTER) }]);
    letter = `${LETTER} P.S.`;
    expect(refusal(signed, lead, { type: 'letter.recordSent', to: 'By post' })).toBe(
      'The letter has changed since it was signed off: sign it off again first.',
    );
    letter = LETTER.replace('today', 'by [date]');
    const gap = run([[lead, { type: 'letter.signOff', ready: true }]]);
    expect(refusal(gap, lead, { type: 'letter.recordSent', to: 'By post' })).toBe('The letter still has [date] to fill in.');
    letter = LETTER;
    const blank = MeetingCommand.safeParse({ type: 'letter.recordSent', to: '   ' });
    expect(!blank.success && blank.error.issues[0]!.message).toBe('Say to whom, or how, the letter went.');
  });
});

describe('parseMeeting', () => {
  it('reads back what was stored, and starts afresh from damage', () => {
    const meeting = run([
      [lead, { type: 'phase.set', phase: 'act' }],
      [lead, { type: 'lock.set', locked: true }],
    ]);
    expect(parseMeeting(JSON.stringify(meeting))).toEqual(meeting);
    expect(parseMeeting('{not json')).toEqual(initialMeeting());
    expect(parseMeeting('{"phase":"party"}')).toEqual(initialMeeting());
    expect(parseMeeting(undefined)).toEqual(initialMeeting());
  });
});
