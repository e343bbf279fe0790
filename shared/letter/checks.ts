/**
 * Checks of a letter to a customer, after the practice in method.md section 2. Each reads the letter with the language
 * tools (`shared/language`: words by dictionary form, so "we got it wrong" and "we get things wrong" are one phrase) and
 * looks for the phrases in `phrases.ts`; each issue says in one sentence why it was raised and quotes the words. They
 * point; people decide.
 */
import { findPhrase, phrase, quote, quoted, type Except, type Found, type Phrase } from '../language/phrases';
import { internalLeaks } from './leaks';
import type { Language, Token } from '../language/types';
import {
  APOLOGY,
  BLAME_CUSTOMER,
  BLAME_OTHERS,
  DOWNPLAY,
  FORWARD,
  NEGATIVE,
  NOT_DOWNPLAY,
  NOT_NEGATIVE,
  OVER_PROMISE,
  OVER_PROMISE_SOON,
  OWNERSHIP,
  SYMPATHY,
  THEIRS,
  TRUE_ABSOLUTES,
} from './phrases';

export const LETTER_CHECKS = [
  'noApology',
  'noOwnership',
  'blameShifted',
  'noDate',
  'overPromise',
  'negative',
  'internalLeak',
  'downplayed',
  'placeholder',
  'unconfirmedCause',
  'otherLanguage',
] as const;
export type LetterCheck = (typeof LETTER_CHECKS)[number];

export interface LetterIssue {
  check: LetterCheck;
  message: string;
  /** The words that raised it, as written in the letter. */
  excerpt?: string;
}

export interface LetterContext {
  /** Everyone on the team whose name must stay out of the letter (the contact is allowed). */
  staffNames: string[];
  /** The one person the customer deals with: their name may appear. */
  contactName?: string;
  /** Words of the team's own (system names, codes) that mean nothing to a customer. */
  internalTerms?: string[];
  /** The customer's own words, quoted in the letter: not checked (their "never again" is theirs to say). */
  customerWords?: string;
  /** Root causes the team has not confirmed yet: a letter must not tell the customer a guess as the cause. */
  unconfirmedCauses?: string[];
}

/** Placeholders a template leaves: "[date]", "{{first_name}}", "<insert fix>", "XX/XX/XXXX", "TBC". */
const PLACEHOLDER = /\[[^\]\n]{1,120}\]|\{\{[^}\n]{1,60}\}\}|<[^<>\n]{1,60}>|\bX{2,}(?:\/X{2,})*\b|\b(?:TBC|TBD|TBA)\b/g;

/** The sentence of `text` around `index`. */
function sentenceAt(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf('\n', index), ...['. ', '! ', '? '].map((stop) => text.lastIndexOf(stop, index)));
  const ends = ['\n', '. ', '! ', '? '].map((stop) => text.indexOf(stop, index)).filter((end) => end >= 0);
  return text.slice(start + 1, ends.length ? Math.min(...ends) + 1 : text.length);
}

/**
 * The first date in the letter that says when we will act or when they will hear from us, as written: a day to come,
 * named in a sentence that looks forward (not "your certificate is valid until 11 March", not the customer's own
 * deadline).
 */
function promisedDate(text: string, language: Language): string | undefined {
  for (const date of language.findDates(text)) {
    const { tokens } = language.read(sentenceAt(text, date.index));
    // What we will do counts; then a date that is the customer's deadline does not, nor one told in the past ("your
    // delivery on Friday was late"), and the rest count where the sentence looks forward.
    const future = tokens.some((token) => FUTURE.has(token.lower));
    if (future && findPhrase(tokens, US)) return date.text;
    if (findPhrase(tokens, THEIRS)) continue;
    if (future || (!tokens.some((token) => PAST.has(token.lower)) && findPhrase(tokens, FORWARD))) return date.text;
  }
  return undefined;
}

/** The words of the first of `patterns` found in `tokens`, as written, or undefined. */
function said(tokens: Token[], patterns: Phrase[], except?: Except): string | undefined {
  const found = findPhrase(tokens, patterns, except);
  return found && quote(tokens, found.from, found.to);
}

/** The words promising an absolute in `tokens`: "never again", or "always" where it speaks of what will be. */
function overPromise(tokens: Token[], except: Except): string | undefined {
  const absolute = said(tokens, OVER_PROMISE, except);
  if (absolute) return absolute;
  const skip = new Set(except.skip);
  for (let found: Found | undefined; (found = findPhrase(tokens, OVER_PROMISE_SOON, { ...except, skip })); skip.add(found.from)) {
    const sentence = tokens[found.from]!.sentence;
    if (tokens.some((token) => token.sentence === sentence && FUTURE.has(token.lower))) return quote(tokens, found.from, found.to);
  }
  return undefined;
}

const FUTURE = new Set(['will', "'ll", 'shall', 'wo', 'going']);
const PAST = new Set(['was', 'were', 'had', 'did']);
const US = [phrase('we|i|us|me')];

/** What the letter still has to fill in: "[date]", "{{name}}", "<amount>", "XX/XX", "TBC"… each once. */
export const placeholdersIn = (text: string): string[] => [...new Set(text.match(PLACEHOLDER) ?? [])];

/** Every issue in the letter, in the order a reader meets the advice: tone, substance, then what must not be there. */
export function checkLetter(letter: string, context: LetterContext, language: Language): LetterIssue[] {
  const theirs = context.customerWords?.trim();
  const text = theirs ? letter.split(theirs).join(' ') : letter;
  const issues: LetterIssue[] = [];
  if (!text.trim()) return [{ check: 'noApology', message: 'The letter is empty: draft it from the board, then make it yours.' }];
  const written = language.languageOf(text);
  if (written !== 'English') {
    return [
      {
        check: 'otherLanguage',
        message: `The letter reads as ${written}: the checks read English only, so they say nothing of it. Have someone fluent read it.`,
      },
    ];
  }
  const { tokens } = language.read(text);
  // Words in quotation marks are the customer's, quoted back: their "never again" is theirs to say.
  const skip = quoted(tokens);
  const report = (check: LetterCheck, excerpt: string | undefined, message: (excerpt: string) => string) => {
    if (excerpt) issues.push({ check, excerpt, message: message(excerpt) });
  };
  const found = (check: LetterCheck, patterns: Phrase[], message: (excerpt: string) => string, excuses?: Phrase[]) =>
    report(check, said(tokens, patterns, { skip, phrases: excuses }), message);

  if (!said(tokens, APOLOGY, { phrases: SYMPATHY }))
    issues.push({ check: 'noApology', message: 'There is no apology: say sorry, plainly, for what happened to them.' });
  if (!said(tokens, OWNERSHIP)) {
    issues.push({ check: 'noOwnership', message: 'Nothing says the mistake was ours: take responsibility in so many words (“this was our mistake”).' });
  }
  found('blameShifted', [...BLAME_CUSTOMER, ...BLAME_OTHERS], (excerpt) => `“${excerpt}” puts the blame elsewhere: the customer dealt with us, so we own it.`);
  if (!promisedDate(text, language)) {
    issues.push({ check: 'noDate', message: 'There is no date: say when the fix lands and when they will hear from us next.' });
  }
  report(
    'overPromise',
    overPromise(tokens, { skip, phrases: TRUE_ABSOLUTES }),
    (excerpt) => `“${excerpt}” promises more than we can be sure to keep: say what we are doing and by when.`,
  );
  found('negative', NEGATIVE, (excerpt) => `“${excerpt}” sounds like a closed door: say what we will do rather than what we cannot.`, NOT_NEGATIVE);
  issues.push(...internalLeaks(text, context, language, skip));
  found('downplayed', DOWNPLAY, (excerpt) => `“${excerpt}” makes the complaint sound small: acknowledge it as they experienced it.`, NOT_DOWNPLAY);
  const placeholders = placeholdersIn(text);
  if (placeholders.length > 0) {
    const list = placeholders.length === 1 ? placeholders[0]! : `${placeholders.slice(0, -1).join(', ')} and ${placeholders.at(-1)}`;
    issues.push({ check: 'placeholder', excerpt: placeholders[0], message: `${list} ${placeholders.length === 1 ? 'is' : 'are'} still to be filled in.` });
  }
  const guess = (context.unconfirmedCauses ?? [])
    .map((cause) => cause.trim().replace(/[.!?]+$/, ''))
    .find((cause) => cause.length >= 8 && text.toLowerCase().includes(cause.toLowerCase()));
  if (guess) {
    issues.push({
      check: 'unconfirmedCause',
      excerpt: guess,
      message: `“${guess}” is told as the cause, but the team has not confirmed it: confirm it on the board first, or write that we are still checking.`,
    });
  }
  return issues;
}
