import type { Role } from '../protocol';
import type { SignOff } from '../report/buildReport';
import { readSentLetters, type SentLetter, type SentLetterView } from './sentLetters';

/**
 * The meeting around a board: phase, timers, focus, silent round, voting and lock. It is not part of the document:
 * the server owns it, changes it only on commands it has checked (most are the facilitator's), stores it next to the
 * board and tells every connection. Private parts (candidate causes before they are revealed, votes before the count
 * is shown) never leave the server except to the person they belong to.
 */
export const PHASES = ['describe', 'askWhy', 'vote', 'act', 'report'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  describe: 'Describe the complaint',
  askWhy: 'Ask why',
  vote: 'Vote',
  act: 'Act',
  report: 'Report',
};

/** The phases in a word, where space is short. */
export const PHASE_SHORT_LABELS: Record<Phase, string> = { describe: 'Describe', askWhy: 'Ask why', vote: 'Vote', act: 'Act', report: 'Report' };

/** What each phase's timer starts at, in minutes: a one-hour meeting. */
export const PHASE_MINUTES: Record<Phase, number> = { describe: 5, askWhy: 25, vote: 5, act: 15, report: 10 };

export const MeetingLimits = {
  /** Candidate causes one person may write in a silent round. */
  candidatesPerPerson: 10,
  maxVotesPerPerson: 10,
  /** The longest a phase timer can be set to. */
  timerMinutes: 180,
} as const;

/** A countdown. Times are the server's clock, in milliseconds since the epoch; each screen corrects for its own. */
export interface PhaseTimer {
  durationMs: number;
  /** When it reaches zero, while running; null while paused. */
  endsAt: number | null;
  /** What is left, while paused. */
  remainingMs: number;
}

export interface Candidate {
  id: string;
  text: string;
}

/** The whole meeting as the server stores it, private parts included. */
export interface Meeting {
  phase: Phase;
  timers: Record<Phase, PhaseTimer>;
  /** Editors cannot change the board (the server drops their writes). */
  locked: boolean;
  /** The cause (or the complaint) whose branch everyone is asked to look at; the others are dimmed. */
  spotlight: string | null;
  /** Participants' viewports follow this facilitator's. `since` tells a new request from the one someone left. */
  follow: { clientId: number | null; name: string; since: number } | null;
  silentRound: {
    causeId: string;
    startedAt: number;
    /** Each person's candidates, keyed by their person id. */
    byPerson: Record<string, { name: string; candidates: Candidate[] }>;
  } | null;
  voting: {
    votesPerPerson: number;
    revealed: boolean;
    /** Cause ids each person put a dot on (a cause may appear more than once). */
    byPerson: Record<string, string[]>;
  } | null;
  /** Everyone who has joined, by person id: the report's participants (never the customer's letter). */
  participants: Record<string, { name: string; role: Role }>;
  /** The facilitator's "ready to send" for the customer letter. */
  signOff: SignOff | null;
  /** The letters e-mailed to the customer, oldest first (see `sentLetters.ts`). */
  sentLetters: SentLetter[];
  /** The facilitator's last restore of an earlier moment (History): who, when, and the moment (ms). */
  restored: Restored | null;
}

export interface Restored {
  by: string;
  at: number;
  to: number;
}

/** What everyone may see of the meeting. */
export interface MeetingView {
  phase: Phase;
  timers: Record<Phase, PhaseTimer>;
  locked: boolean;
  spotlight: string | null;
  follow: Meeting['follow'];
  silentRound: { causeId: string; startedAt: number; candidates: number; people: number } | null;
  voting: {
    votesPerPerson: number;
    revealed: boolean;
    /** People who have placed at least one dot. */
    voters: number;
    /** Dots per cause, once revealed. */
    tally: Record<string, number> | null;
  } | null;
  signOff: SignOff | null;
  /** The letters e-mailed to the customer, oldest first, without their text. */
  sentLetters: SentLetterView[];
  /** Who has taken part, by name: for the report. */
  participants: string[];
  restored: Restored | null;
}

/** What only this person sees: their own candidates and dots. */
export interface MeetingMine {
  candidates: Candidate[];
  votes: string[];
}

const timerFor = (phase: Phase): PhaseTimer => {
  const durationMs = PHASE_MINUTES[phase] * 60_000;
  return { durationMs, endsAt: null, remainingMs: durationMs };
};

export function initialMeeting(): Meeting {
  return {
    phase: 'describe',
    timers: Object.fromEntries(PHASES.map((phase) => [phase, timerFor(phase)])) as Record<Phase, PhaseTimer>,
    locked: false,
    spotlight: null,
    follow: null,
    silentRound: null,
    voting: null,
    participants: {},
    signOff: null,
    sentLetters: [],
    restored: null,
  };
}

/** Milliseconds left on a timer at `now` (server clock), never below zero. */
export function timeLeft(timer: PhaseTimer, now: number): number {
  return Math.max(0, timer.endsAt === null ? timer.remainingMs : timer.endsAt - now);
}

export function viewMeeting(meeting: Meeting): MeetingView {
  const { silentRound, voting } = meeting;
  let tally: Record<string, number> | null = null;
  if (voting?.revealed) {
    tally = {};
    for (const votes of Object.values(voting.byPerson)) for (const id of votes) tally[id] = (tally[id] ?? 0) + 1;
  }
  return {
    phase: meeting.phase,
    timers: meeting.timers,
    locked: meeting.locked,
    spotlight: meeting.spotlight,
    follow: meeting.follow,
    silentRound: silentRound && {
      causeId: silentRound.causeId,
      startedAt: silentRound.startedAt,
      candidates: Object.values(silentRound.byPerson).reduce((sum, entry) => sum + entry.candidates.length, 0),
      people: Object.values(silentRound.byPerson).filter((entry) => entry.candidates.length > 0).length,
    },
    voting: voting && {
      votesPerPerson: voting.votesPerPerson,
      revealed: voting.revealed,
      voters: Object.values(voting.byPerson).filter((votes) => votes.length > 0).length,
      tally,
    },
    signOff: meeting.signOff,
    sentLetters: meeting.sentLetters.map(({ at, by, to, letterHash }) => ({ at, by, to, letterHash })),
    participants: participantNames(meeting),
    restored: meeting.restored,
  };
}

/**
 * How many people a board's meeting records, and how many of them may be viewers: a real meeting has a dozen; the
 * caps keep anyone with a viewer link from filling the report (and everyone's meeting state) with made-up names.
 */
export const PARTICIPANT_LIMITS = { total: 100, viewers: 30 } as const;

/**
 * The meeting with `person` recorded as a participant; the same object when nothing changed, or when the meeting
 * already records as many people (or viewers) as it may.
 */
export function withParticipant(meeting: Meeting, person: string, name: string, role: Role): Meeting {
  const known = meeting.participants[person];
  if (known && known.name === name && known.role === role) return meeting;
  if (!known) {
    const everyone = Object.values(meeting.participants);
    if (everyone.length >= PARTICIPANT_LIMITS.total) return meeting;
    if (role === 'viewer' && everyone.filter((entry) => entry.role === 'viewer').length >= PARTICIPANT_LIMITS.viewers) return meeting;
  }
  return { ...meeting, participants: { ...meeting.participants, [person]: { name, role } } };
}

/** The participants' names, each once. */
export const participantNames = (meeting: Meeting): string[] => [...new Set(Object.values(meeting.participants).map((entry) => entry.name))];

export function mineOf(meeting: Meeting, person: string): MeetingMine {
  return {
    candidates: meeting.silentRound?.byPerson[person]?.candidates ?? [],
    votes: meeting.voting?.byPerson[person] ?? [],
  };
}

/** Reads a stored meeting, filling in what an older version did not store; a damaged one starts afresh. */
export function parseMeeting(json: string | undefined): Meeting {
  const fresh = initialMeeting();
  if (!json) return fresh;
  try {
    const stored = JSON.parse(json) as Partial<Meeting>;
    if (!stored || typeof stored !== 'object' || !PHASES.includes(stored.phase as Phase)) return fresh;
    return { ...fresh, ...stored, timers: { ...fresh.timers, ...stored.timers }, sentLetters: readSentLetters(stored.sentLetters) };
  } catch {
    return fresh;
  }
}
