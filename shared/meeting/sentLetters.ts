import type { SignOff } from '../report/buildReport';
import type { Meeting } from './meeting';

/**
 * A signed-off customer letter e-mailed from the board (`POST /api/boards/:id/letter/send`), as the server recorded
 * it once the mail server took it. Kept with the meeting, oldest first: the record of what the customer was sent.
 */
export interface SentLetter {
  /** When the mail server took it: the server's clock, milliseconds since the epoch. */
  at: number;
  /** Who sent it: the name they go by on the board. */
  by: string;
  /** The address it went to; or, for a letter sent another way and recorded here, to whom or how ("by post"). */
  to: string;
  /** `textHash` of the letter sent: the sign-off it went out under. */
  letterHash: string;
  /** The letter as sent, in plain text. */
  text: string;
}

/**
 * What everyone on the board sees of a sent letter: all but its text. The meeting goes to every connection on each
 * change (a timer, a vote), and a letter is up to 20,000 characters; the letter sent is the one on the board until a
 * new version is drafted, and the stored record keeps the text.
 */
export type SentLetterView = Omit<SentLetter, 'text'>;

/**
 * How many sends one board records (each with its text, in the meeting stored after every command): a letter is sent
 * once or twice; more is a mistake, or someone using the board as a mail relay.
 */
export const MAX_SENT_LETTERS = 10;

/** One bare e-mail address (`ada@example.com`): no name, no list, nothing a header could be made of. */
const EMAIL_ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\.]+(?:\.[^\s@<>(),;:"[\]\\.]+)+$/;

/** Whether `text` is one e-mail address, as a letter is sent to (254 characters at most: RFC 5321's path). */
export const isEmailAddress = (text: string): boolean => text.length <= 254 && EMAIL_ADDRESS.test(text);

/** The first e-mail address written in `text` ("0113 496 0000, jo.bloggs@example.com"), if any. */
export function findEmailAddress(text: string): string | undefined {
  for (const word of text.split(/[\s,;<>()"]+/)) {
    const candidate = word.replace(/^mailto:/i, '').replace(/[.:]+$/, '');
    if (candidate.includes('@') && isEmailAddress(candidate)) return candidate;
  }
  return undefined;
}

/** Where a letter went, in a sentence: "to ada@example.com", or how it went when recorded ("(by post)"). */
export const sentTo = (to: string): string => (isEmailAddress(to) ? `to ${to}` : `(${to})`);

/** The meeting with one more letter recorded as sent. Pure. */
export function recordSentLetter(meeting: Meeting, sent: SentLetter): Meeting {
  return { ...meeting, sentLetters: [...meeting.sentLetters, sent] };
}

/**
 * The send of the letter as it stands signed off, if it has gone out: the letter is then read-only until the
 * facilitator drafts a new version (which withdraws the sign-off). A letter signed off again after it was sent (the same
 * text) is ready to send again.
 * @example sentVersion({ signOff: { name: 'Fran', at: 1, letterHash: 'ab' }, sentLetters: [{ at: 2, letterHash: 'ab', … }] }) // the send at 2
 */
export function sentVersion(meeting: { signOff: SignOff | null; sentLetters: readonly SentLetterView[] }): SentLetterView | undefined {
  const { signOff } = meeting;
  if (!signOff) return undefined;
  return meeting.sentLetters.findLast((sent) => sent.letterHash === signOff.letterHash && sent.at >= signOff.at);
}

/** The sent letters of a stored meeting, each checked: an older meeting has none, and a damaged entry is left out. */
export function readSentLetters(value: unknown): SentLetter[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is SentLetter =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as SentLetter).at === 'number' &&
      typeof (entry as SentLetter).by === 'string' &&
      typeof (entry as SentLetter).to === 'string' &&
      typeof (entry as SentLetter).letterHash === 'string' &&
      typeof (entry as SentLetter).text === 'string',
  );
}
