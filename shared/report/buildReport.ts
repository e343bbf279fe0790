import { isCalendarDay, questionFor, quote, type ActionSnapshot, type BoardSnapshot, type CauseSnapshot, type DateStyle } from '../board';
import { coachBoard } from '../coach/coachBoard';
import type { CauseReader } from '../coach/textChecks';
import type { TreeSource } from '../tree/drawTree';
import { draftLetter } from '../letter/draft';
import { tellChains, type ReportChain } from './chains';
import { coverage } from './coverage';
import { isoDay } from './dates';

/** The facilitator's "ready to send", as the server recorded it. */
export interface SignOff {
  name: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** `textHash` of the letter that was signed: an edit afterwards makes it a draft again. */
  letterHash: string;
}

export interface ReportInput {
  /** Who took part in the meeting (internal only). */
  participants?: string[];
  signOff?: SignOff | null;
  /** Milliseconds since the epoch: the report's date, and "today" for overdue actions. */
  now: number;
  /** What the coach reads in the answers (`causeReader` of the language tools); without it, the tree's shape only. */
  reader?: CauseReader;
  /** When the letter went out, and to whom or how (the meeting's record; internal only). */
  sentLetters?: ReadonlyArray<{ at: number; to: string }>;
  /** The report is of a past moment (`now`), from the board's history: it says so. */
  pastMoment?: boolean;
}

/** One line of the report's timeline: a day, and what happened on it. */
export interface TimelineEntry {
  /** `YYYY-MM-DD`. */
  day: string;
  what: string;
}

export interface ReportCause extends Pick<
  CauseSnapshot,
  'id' | 'depth' | 'text' | 'status' | 'evidence' | 'isRoot' | 'inControl' | 'escalation' | 'acceptedRisk' | 'createdBy'
> {
  question: string;
}

/** One model of a board, for both documents: the internal report reads all of it, the letter only `letter`. */
export interface ReportModel {
  title: string;
  generatedAt: number;
  /** A report of a past moment (`generatedAt`), read from the history. */
  pastMoment: boolean;
  /** How the documents write dates: the board's choice. */
  dateStyle: DateStyle;
  complaint: BoardSnapshot['complaint'];
  participants: string[];
  /** Every cause, in the reading order of the tree. */
  tree: ReportCause[];
  /** The tree as it is drawn (shared/tree). */
  shape: TreeSource;
  /** Each chain from the complaint to a root cause, every step told once (see `tellChains`). */
  chains: ReportChain[];
  rootCauses: Array<ReportCause & { actions: ActionSnapshot[] }>;
  /** Every action, soonest due first (those with no date last). */
  actions: Array<ActionSnapshot & { causeText: string }>;
  /** What the team still has to find out or decide: the coach's hints and the action coverage. */
  openQuestions: string[];
  /** From the complaint to the letter: the days the analysis moved on (see `timeline`). */
  timeline: TimelineEntry[];
  letter: {
    /** The letter as the team edited it, or the draft from the board if nobody has written one yet. */
    text: string;
    drafted: boolean;
    customer: string;
    contactName: string;
    /** Signed off by the facilitator, and unchanged since. */
    ready: boolean;
    signOff: SignOff | null;
  };
}

/** A short, stable fingerprint of a text (FNV-1a, 32 bits): enough to notice an edit, not a security measure. */
export function textHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The letter's current text: the team's, or the draft from the board when they have not written one. */
export const letterText = (board: BoardSnapshot, participants: string[] = []) =>
  board.letter.text.trim() ? board.letter.text : draftLetter(board, participants);

export function buildReport(
  board: BoardSnapshot,
  { participants = [], signOff = null, now, reader, sentLetters = [], pastMoment = false }: ReportInput,
): ReportModel {
  const cause = (id: string): ReportCause => {
    const { depth, text, status, evidence, isRoot, inControl, escalation, acceptedRisk, createdBy } = board.causes[id]!;
    return { id, depth, text, status, evidence, isRoot, inControl, escalation, acceptedRisk, createdBy, question: questionFor(board, id) };
  };
  const byDue = (a: ActionSnapshot, b: ActionSnapshot) => (a.due || '9999-99-99').localeCompare(b.due || '9999-99-99');
  const text = letterText(board, participants);
  return {
    title: board.title,
    generatedAt: now,
    pastMoment,
    dateStyle: board.dateStyle,
    complaint: board.complaint,
    participants: [...new Set(participants.map((name) => name.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b)),
    tree: board.causeIds.map(cause),
    shape: board,
    chains: tellChains(board, cause),
    rootCauses: board.rootCauseIds.map((id) => ({ ...cause(id), actions: board.causes[id]!.actionIds.map((actionId) => board.actions[actionId]!) })),
    actions: board.actionIds.map((id) => ({ ...board.actions[id]!, causeText: board.causes[board.actions[id]!.causeId]!.text })).sort(byDue),
    openQuestions: openQuestions(board, now, reader),
    timeline: timeline(board, signOff, sentLetters, now),
    letter: {
      text,
      drafted: !board.letter.text.trim(),
      customer: board.complaint.customer,
      contactName: board.letter.contactName,
      ready: signOff !== null && signOff.letterHash === textHash(text),
      signOff,
    },
  };
}

/** The latest moment a JavaScript date holds. */
const MAX_TIME = 8.64e15;

/**
 * The analysis in a few dated lines, oldest first: the complaint received, the analysis started, each root cause
 * marked, the actions agreed for it, the letter signed off and sent. Read from the board and the meeting as they are (or
 * were, for a report of a past moment): what is undone since is not in it.
 */
function timeline(board: BoardSnapshot, signOff: SignOff | null, sentLetters: ReadonlyArray<{ at: number; to: string }>, now: number): TimelineEntry[] {
  const entries: Array<TimelineEntry & { order: number }> = [];
  // Only real days: a board can hold any number where a time should be (an old client, a damaged file, an editor
  // writing a root cause's time by hand), so a time before the analysis started or after the report is left out.
  const add = (day: string, what: string) => isCalendarDay(day) && entries.push({ day, what, order: entries.length });
  const earliest = board.createdAt > 0 ? board.createdAt : 1;
  const dayOf = (ms: number) => (Number.isFinite(ms) && ms >= earliest && ms <= Math.min(now, MAX_TIME) ? isoDay(ms) : '');
  add(board.complaint.receivedAt, 'Complaint received');
  if (board.createdAt > 0) add(isoDay(Math.min(board.createdAt, MAX_TIME)), 'Analysis started');
  for (const id of board.rootCauseIds) {
    const { rootAt, text, actionIds } = board.causes[id]!;
    const named = `“${quote(text, 80) || 'no answer yet'}”`;
    add(dayOf(rootAt), `Root cause confirmed: ${named}`);
    const agreed = actionIds.map((actionId) => board.actions[actionId]!.createdAt).filter((at) => dayOf(at) !== '');
    if (agreed.length > 0) add(dayOf(Math.max(...agreed)), `${agreed.length === 1 ? 'Action' : `${agreed.length} actions`} agreed for ${named}`);
  }
  if (signOff) add(dayOf(signOff.at), `Letter signed off by ${signOff.name}`);
  for (const sent of sentLetters) add(dayOf(sent.at), `Letter sent: ${sent.to}`);
  return entries.sort((a, b) => a.day.localeCompare(b.day) || a.order - b.order).map(({ day, what }) => ({ day, what }));
}

/**
 * What the analysis still has to answer, each naming its card ("Why 3 “…”: …") or its action: where nothing is marked
 * yet, that comes first, since no later question matters before it.
 */
function openQuestions(board: BoardSnapshot, now: number, reader?: CauseReader): string[] {
  const start =
    board.causeIds.length === 0
      ? ['No why has been asked yet: the analysis has not started.']
      : board.rootCauseIds.length === 0
        ? ['No root cause is marked yet: follow each chain until fixing its last cause would stop the complaint coming back, and mark it.']
        : [];
  const card = (id: string) => {
    const { depth, text } = board.causes[id]!;
    return `Why ${depth} “${quote(text, 60) || 'no answer yet'}”`;
  };
  return [
    ...start,
    ...coachBoard(board, reader).map((hint) => `${card(hint.causeId)}: ${hint.message}`),
    ...coverage(board, isoDay(now)).map((issue) => issue.message),
  ];
}
