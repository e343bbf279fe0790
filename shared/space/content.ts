/**
 * What a team space needs of one board: read once from its document and its meeting (in a worker thread, where the
 * language model lives), then counted against today on every request (server/spaceContents.ts caches it).
 */
import type { BoardSnapshot, DateStyle } from '../board';
import type { LetterState, SpaceAction } from '../protocol';
import { letterText, textHash } from '../report/buildReport';

/** Characters of the complaint a space keeps: enough for the period report's quote (shared/space/periodReport.ts). */
const COMPLAINT_KEPT = 1000;

/** What the meeting says of the letter: its sign-off, and the letters sent (their text fingerprints). */
export interface LetterRecord {
  participants: string[];
  signOff: { letterHash: string } | null;
  sent: Array<{ at: number; letterHash: string }>;
}

/** One of a board's actions, as the space lists it before today is known. */
export type ActionContent = Omit<SpaceAction, 'boardId' | 'boardTitle' | 'customer' | 'overdue' | 'checkDue'>;

export interface SpaceContent {
  title: string;
  /** The customer's words, their beginning (what the period report quotes). */
  complaint: string;
  /** How the board's documents write dates. */
  dateStyle: DateStyle;
  customer: string;
  channel: string;
  receivedAt: string;
  causeCount: number;
  rootCauses: Array<{ id: string; text: string; depth: number; theme: string; meanings: string[] }>;
  /** When the first root cause was marked (ms), or null. */
  rootCauseAt: number | null;
  reopened: boolean;
  letter: LetterState;
  actions: ActionContent[];
}

/**
 * Reads what a space shows of `board`. `meaningsOf` is the coach's reading of a cause (shared/coach `meanings`): the
 * words that carry its sense, in a form other wordings share, so that causes saying the same thing can be grouped.
 */
export function readSpaceContent(board: BoardSnapshot, letter: LetterRecord, meaningsOf: (text: string) => Iterable<string>): SpaceContent {
  const roots = board.rootCauseIds.map((id) => board.causes[id]!);
  const marked = roots.map((cause) => cause.rootAt).filter((at) => at > 0);
  return {
    title: board.title,
    complaint: board.complaint.text.slice(0, COMPLAINT_KEPT),
    dateStyle: board.dateStyle,
    customer: board.complaint.customer,
    channel: board.complaint.channel,
    receivedAt: board.complaint.receivedAt,
    causeCount: board.causeIds.length,
    rootCauses: roots.map(({ id, text, depth, theme }) => ({ id, text, depth, theme, meanings: [...meaningsOf(text)] })),
    rootCauseAt: marked.length > 0 ? Math.min(...marked) : null,
    reopened: board.reopenedBy !== null,
    letter: letterState(board, letter),
    actions: board.actionIds.map((id) => {
      const { kind, text, owner, due, status, checkBy, checkResult, checkNote, causeId } = board.actions[id]!;
      return { id, causeText: board.causes[causeId]!.text, kind, text, owner, due, status, checkBy, checkResult, checkNote };
    }),
  };
}

/** Sent once any version went out; signed off while the text is the one signed; a draft once the team wrote one. */
function letterState(board: BoardSnapshot, { participants, signOff, sent }: LetterRecord): LetterState {
  if (sent.length > 0) return 'sent';
  if (signOff && signOff.letterHash === textHash(letterText(board, participants))) return 'signedOff';
  return board.letter.text.trim() ? 'draft' : 'none';
}
