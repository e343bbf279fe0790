import { nanoid } from 'nanoid';
import type { Role } from '../protocol';
import { isFacilitatorCommand, type FacilitatorCommand, type MeetingCommand, type ParticipantCommand } from './commands';
import { placeholdersIn } from '../letter/checks';
import { textHash } from '../report/buildReport';
import { MeetingLimits, initialMeeting, type Candidate, type Meeting } from './meeting';
import { MAX_SENT_LETTERS } from './sentLetters';

/** Who sent a command, as the server knows it from the connection. */
export interface Actor {
  /** A stable id for the person (their device), so their candidates and dots survive a reconnect. */
  person: string;
  name: string;
  role: Role;
  /** Their awareness client id, once known: what followers look for. */
  clientId?: number;
}

/** What the board can tell the meeting. */
export interface BoardFacts {
  /** True for a live cause or the complaint. */
  exists(id: string): boolean;
  /** The customer letter as it stands (the team's, or the draft when they have not written one). */
  letterText(): string;
}

/** Candidates to add to the board as causes under `causeId`, after a silent round is revealed. */
export interface Reveal {
  causeId: string;
  candidates: Array<Candidate & { author: string }>;
}

export type CommandResult = { ok: true; meeting: Meeting; reveal?: Reveal } | { ok: false; message: string };

export class MeetingRefusal extends Error {}
function refuse(message: string): never {
  throw new MeetingRefusal(message);
}

/**
 * Applies one command to the meeting, or says in one sentence why not. Pure: the meeting passed in is not changed,
 * and the clock is `now` (the server's).
 */
export function applyCommand(meeting: Meeting, command: MeetingCommand, actor: Actor, board: BoardFacts, now: number): CommandResult {
  try {
    const next = structuredClone(meeting);
    if (isFacilitatorCommand(command)) {
      if (actor.role !== 'facilitator') refuse('Only the facilitator can do that.');
      return { ok: true, meeting: next, reveal: facilitate(next, command, actor, board, now) };
    }
    if (actor.role === 'viewer') refuse('Viewers watch the meeting; ask for an editor link to take part.');
    if (next.locked && actor.role !== 'facilitator') refuse('The facilitator has locked the board.');
    participate(next, command, actor, board);
    return { ok: true, meeting: next };
  } catch (error) {
    if (error instanceof MeetingRefusal) return { ok: false, message: error.message };
    throw error;
  }
}

function facilitate(meeting: Meeting, command: FacilitatorCommand, actor: Actor, board: BoardFacts, now: number): Reveal | undefined {
  const timer = meeting.timers[meeting.phase];
  switch (command.type) {
    case 'phase.set':
      // Leaving a phase pauses its timer; each phase keeps its own.
      if (timer.endsAt !== null) Object.assign(timer, { remainingMs: Math.max(0, timer.endsAt - now), endsAt: null });
      meeting.phase = command.phase;
      return;
    case 'timer.start':
      if (timer.endsAt === null) timer.endsAt = now + timer.remainingMs;
      return;
    case 'timer.pause':
      if (timer.endsAt !== null) Object.assign(timer, { remainingMs: Math.max(0, timer.endsAt - now), endsAt: null });
      return;
    case 'timer.add': {
      const max = MeetingLimits.timerMinutes * 60_000;
      const left = Math.max(0, timer.endsAt === null ? timer.remainingMs : timer.endsAt - now);
      const added = Math.min(max, Math.max(0, left + command.minutes * 60_000)) - left;
      timer.durationMs = Math.min(max, Math.max(0, timer.durationMs + added));
      if (timer.endsAt === null) timer.remainingMs += added;
      else timer.endsAt += added;
      return;
    }
    case 'timer.reset':
      meeting.timers[meeting.phase] = initialMeeting().timers[meeting.phase];
      return;
    case 'follow.set':
      meeting.follow = command.on ? { clientId: actor.clientId ?? null, name: actor.name, since: now } : null;
      return;
    case 'spotlight.set':
      if (command.causeId !== null && !board.exists(command.causeId)) refuse('That cause is no longer on the board.');
      meeting.spotlight = command.causeId;
      return;
    case 'lock.set':
      meeting.locked = command.locked;
      return;
    case 'silent.start':
      if (!board.exists(command.causeId)) refuse('That cause is no longer on the board.');
      if (meeting.silentRound) refuse('A silent round is already running: reveal or cancel it first.');
      meeting.silentRound = { causeId: command.causeId, startedAt: now, byPerson: {} };
      return;
    case 'silent.reveal': {
      const round = meeting.silentRound ?? refuse('There is no silent round to reveal.');
      meeting.silentRound = null;
      if (!board.exists(round.causeId)) refuse('The cause of this silent round was deleted; cancel the round.');
      const candidates = Object.values(round.byPerson).flatMap(({ name, candidates: list }) => list.map((candidate) => ({ ...candidate, author: name })));
      return { causeId: round.causeId, candidates };
    }
    case 'silent.cancel':
      meeting.silentRound = null;
      return;
    case 'voting.start':
      meeting.voting = { votesPerPerson: command.votesPerPerson, revealed: false, byPerson: {} };
      return;
    case 'voting.reveal':
      if (!meeting.voting) refuse('There is no vote to reveal.');
      meeting.voting.revealed = true;
      return;
    case 'voting.end':
      meeting.voting = null;
      return;
    case 'letter.signOff':
      meeting.signOff = command.ready ? { name: actor.name, at: now, letterHash: textHash(board.letterText()) } : null;
      return;
    case 'history.restore':
      if (command.to > now) refuse('A moment to restore is in the past.');
      meeting.restored = { by: actor.name, at: now, to: command.to };
      return;
    case 'letter.recordSent': {
      // Sent another way than from here (by post, from someone's own mail): recorded as the e-mail would be, on the
      // same terms. What was signed off, nothing else, and never with a gap still to fill in.
      const text = board.letterText();
      const letterHash = textHash(text);
      if (!meeting.signOff) refuse('Sign the letter off before recording it as sent.');
      if (meeting.signOff.letterHash !== letterHash) refuse('The letter has changed since it was signed off: sign it off again first.');
      const unfilled = placeholdersIn(text);
      if (unfilled.length > 0) refuse(`The letter still has ${unfilled.slice(0, 3).join(', ')} to fill in.`);
      if (meeting.sentLetters.length >= MAX_SENT_LETTERS) refuse(`This board has recorded its letter as sent ${MAX_SENT_LETTERS} times, as many as it keeps.`);
      meeting.sentLetters.push({ at: now, by: actor.name, to: command.to, letterHash, text });
      return;
    }
  }
}

function participate(meeting: Meeting, command: ParticipantCommand, actor: Actor, board: BoardFacts): void {
  switch (command.type) {
    case 'candidate.add': {
      const round = meeting.silentRound ?? refuse('There is no silent round running.');
      const entry = (round.byPerson[actor.person] ??= { name: actor.name, candidates: [] });
      if (entry.candidates.length >= MeetingLimits.candidatesPerPerson) {
        refuse(`You can write at most ${MeetingLimits.candidatesPerPerson} candidates in one round.`);
      }
      entry.name = actor.name;
      entry.candidates.push({ id: nanoid(10), text: command.text });
      return;
    }
    case 'candidate.remove': {
      const entry = meeting.silentRound?.byPerson[actor.person];
      if (entry) entry.candidates = entry.candidates.filter((candidate) => candidate.id !== command.id);
      return;
    }
    case 'vote.add': {
      const voting = meeting.voting ?? refuse('There is no vote running.');
      if (voting.revealed) refuse('The votes have been counted.');
      if (!board.exists(command.causeId)) refuse('That cause is no longer on the board.');
      const votes = (voting.byPerson[actor.person] ??= []);
      if (votes.length >= voting.votesPerPerson) refuse(`You have used all ${voting.votesPerPerson} of your votes: take one back first.`);
      votes.push(command.causeId);
      return;
    }
    case 'vote.remove': {
      const voting = meeting.voting ?? refuse('There is no vote running.');
      if (voting.revealed) refuse('The votes have been counted.');
      const votes = voting.byPerson[actor.person] ?? [];
      const index = votes.lastIndexOf(command.causeId);
      if (index >= 0) votes.splice(index, 1);
      return;
    }
  }
}
