/**
 * What the coach reads in one answer: does it blame a person, say the effect again, or pack two causes in one card;
 * and do two answers name the same cause. Each reads the answer with the language tools (`shared/language`): words by
 * their dictionary form, parts of speech, the reach of a negation. The word lists are in `lexicon.ts`.
 */
import { findPhrases, matchAt, quote } from '../language/phrases';
import type { Language, Token } from '../language/types';
import { ADDERS, ENDERS, EXPLAINS, FAILINGS, GENERIC, LIGHT, MACHINES, NEGATIONS, ON_FROM, PERSONS, ROLES, SLIPS, SYNONYM } from './lexicon';

const isName = (token: Token, names: Set<string>) => names.has(token.lower);

/** Whether the token stands for a person: a role, a pronoun for one, a name (a participant's, or a proper noun). */
function isPerson(token: Token, names: Set<string>): boolean {
  if (MACHINES.has(token.lemma)) return false;
  if (ROLES.has(token.lemma) || isName(token, names)) return true;
  if (token.pos === 'PRON') return PERSONS.has(token.lower);
  return token.pos === 'PROPN' && /^\p{Lu}/u.test(token.text);
}

/**
 * The doer of the verb at `at`: the nearest person or thing before it in the same clause (passing over places and
 * things after a preposition), or undefined. A clause ends at a stop, a semicolon or a joining word.
 */
function doerBefore(tokens: Token[], at: number, names: Set<string>): { index: number; person: boolean } | undefined {
  for (let i = at - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.sentence !== tokens[at]!.sentence || token.lemma === ';' || token.pos === 'SCONJ' || (token.pos === 'CCONJ' && i < at - 1)) return undefined;
    if (isPerson(token, names)) return { index: i, person: true };
    if (token.pos !== 'NOUN' && token.pos !== 'PROPN') continue;
    // A place or thing after a preposition is not the doer: "Mike *on the ramp* chucks bags".
    let before = i - 1;
    while (before >= 0 && ['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM'].includes(tokens[before]!.pos) && !isPerson(tokens[before]!, names)) before--;
    if (before >= 0 && tokens[before]!.pos === 'ADP') {
      i = before;
      continue;
    }
    return { index: i, person: false };
  }
  return undefined;
}

/** Each name as the words that may stand for it alone ("Sam Patel": "sam", "patel", "sam patel"). */
function nameWords(names: Iterable<string>): Set<string> {
  const result = new Set<string>();
  for (const name of names) {
    for (const part of name.toLowerCase().split(/\s+/)) if (part.length >= 2) result.add(part);
  }
  return result;
}

/**
 * The words that blame a person in `text`, as written ("the courier disregarded", "clerk error", "couldn't be
 * bothered"), or undefined. A failing of a person (forgot, careless, couldn't be bothered, rude) blames whoever did it;
 * a slip (a mistake, got it wrong, failed to) blames only when a person or role did it. A person doing a step of the
 * process ("Sam sends the rota every Friday") is not blame (method.md: blame a process, not a person).
 * @example blamesPerson('Jo forgot to order the forms', [], language) // 'Jo forgot'
 */
export function blamesPerson(text: string, names: Iterable<string>, language: Language): string | undefined {
  const { tokens } = language.read(text);
  const people = nameWords(names);
  const failing = (i: number, end: number) => {
    const doer = doerBefore(tokens, i, people);
    if (doer && !doer.person && MACHINES.has(tokens[doer.index]!.lemma)) return undefined;
    return quote(tokens, doer?.person && i - doer.index <= 4 ? doer.index : i, end);
  };
  const slip = (i: number, end: number) => {
    // "clerk error", "the driver's mistake": a role right before the slip.
    const before = tokens[i - 1]?.lemma === "'s" ? tokens[i - 2] : tokens[i - 1];
    if (before && (ROLES.has(before.lemma) || isName(before, people) || (before.pos === 'PROPN' && tokens[i - 1]?.lemma === "'s"))) {
      return quote(tokens, tokens.indexOf(before), end);
    }
    if (tokens[i]!.pos !== 'VERB' && tokens[i]!.pos !== 'AUX') return undefined;
    const doer = doerBefore(tokens, i, people);
    return doer?.person && tokens[doer.index]!.lower !== 'nobody' ? quote(tokens, doer.index, end) : undefined;
  };
  for (const { from, to } of findPhrases(tokens, FAILINGS)) {
    const found = failing(from, to);
    if (found) return found;
  }
  for (const { from, to } of findPhrases(tokens, SLIPS)) {
    const found = slip(from, to);
    if (found) return found;
  }
  return undefined;
}

/**
 * The meanings of a text: its words by dictionary form, words of one meaning as one ("meal" and "food"), light words
 * ("be", "get", "because") left out. A negation goes with the next word it denies: "not sent", whether written "wasn't
 * sent", "was never sent" or "nobody sent", and "reads the fare basis, not the bundle" is not "reads the bundle, not the
 * fare basis".
 */
export function meanings(text: string, language: Language): Set<string> {
  const result = new Set<string>();
  const { tokens } = language.read(text);
  let denied = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.pos === 'PUNCT' || token.pos === 'SYM') continue;
    if (NEGATIONS.has(token.lemma) || (token.lemma === 'fail' && tokens[i + 1]?.lower === 'to')) {
      denied = true;
      continue;
    }
    const meaning = meaningOf(token);
    if (!meaning) continue;
    result.add(denied ? `not ${meaning}` : meaning);
    denied = false;
  }
  return result;
}

/** What one word means to the coach (see `meanings`), or undefined for a light word. */
function meaningOf(token: Token): string | undefined {
  // A capitalised first word is often read as a name, and a name keeps its plural: "Prices were wrong".
  const lemma = token.pos === 'PROPN' && /[^s]s$/.test(token.lemma) && token.lemma.length > 3 ? token.lemma.slice(0, -1) : token.lemma;
  return SYNONYM.get(lemma) ?? SYNONYM.get(token.lower) ?? (LIGHT.has(lemma) || LIGHT.has(token.lower) || lemma.length < 2 ? undefined : lemma);
}

/**
 * True when `answer` only says again what `effect` says and gives no cause: the same meanings, give or take one in
 * three; or the same thing (its first noun named in the effect) with nothing new named, nothing new left undone and at
 * most one new word ("the parcel came in all bashed up" under "Parcel arrived damaged").
 */
export function restates(answer: string, effect: string, language: Language): boolean {
  const said = meanings(answer, language);
  const before = meanings(effect, language);
  if (said.size === 0 || before.size === 0) return false;
  let fresh = 0;
  for (const meaning of said) if (!before.has(meaning) && !before.has(`not ${meaning}`) && !before.has(meaning.replace(/^not /, ''))) fresh++;
  if (fresh === 0 || (said.size >= 3 && fresh / said.size <= 1 / 3)) return true;
  const nouns = language.read(answer).tokens.filter((token) => isNoun(token) && !GENERIC.has(token.lemma));
  const subject = nouns[0] && meaningOf(nouns[0]);
  if (!subject || !before.has(subject)) return false;
  const named = nouns.filter((token) => !before.has(meaningOf(token) ?? ''));
  // A new thing done, or not done ("*nobody ordered* new forms" under "it was last year's form"), is a cause.
  const deeds = [...said].filter((meaning) => meaning.startsWith('not ') && !before.has(meaning)).length;
  return named.length === 0 && deeds === 0 && fresh <= 1;
}

const isWord = (token: Token) => token.pos !== 'PUNCT' && token.pos !== 'SYM' && token.pos !== 'CCONJ';
const isNoun = (token: Token) => token.pos === 'NOUN' || token.pos === 'PROPN';

/**
 * The doer of a clause that starts at `from`: the last noun (or pronoun) before its first verb; undefined
 * when the clause has no doer of its own ("… and sent it to the old address").
 */
function clauseDoer(tokens: Token[], from: number, to: number): Token | undefined {
  let doer: Token | undefined;
  for (let i = from; i <= to; i++) {
    const token = tokens[i]!;
    const describes = /ing$/.test(token.lower) && tokens[i + 1] && isNoun(tokens[i + 1]!); // "the *losing* provider"
    if ((token.pos === 'VERB' || token.pos === 'AUX') && !describes) return tokens[i - 1]?.lower === 'to' ? undefined : doer;
    if (token.pos === 'CCONJ' || token.pos === 'SCONJ' || token.pos === 'PUNCT') return undefined;
    if (isNoun(token) || token.pos === 'PRON' || token.pos === 'NUM') doer = token;
  }
  return undefined;
}

/** Whether tokens `from`..`to` say something done: a verb. */
const hasVerb = (tokens: Token[], from: number, to: number) => tokens.slice(from, to + 1).some((token) => token.pos === 'VERB' || token.pos === 'AUX');

/**
 * The joining words when `text` packs two causes into one card, as written: a word that adds one ("plus", "as well
 * as", "…, and the label was smudged too"), a semicolon between two clauses, or "and" or "then" before a second clause
 * that stands on its own (its own doer, not a pronoun, not one named before, nothing pointing back). Undefined for one
 * cause, including one that contains "and" ("the form asks for the name and the email but not the phone") or one
 * explained by the next clause ("the tags are hand-written, and this one was smudged").
 */
export function bundlesCauses(text: string, language: Language): string | undefined {
  const { tokens } = language.read(text);
  const last = tokens.length - 1;
  const wordsBefore = (at: number) => tokens.slice(0, at).filter(isWord).length;
  const joins: number[] = [];
  for (let i = 1; i < last; i++) {
    const token = tokens[i]!;
    if (token.lemma === ';' || token.lemma === ',' || token.lemma === '&' || (token.pos === 'CCONJ' && token.lower === 'and')) joins.push(i);
  }
  for (let i = 1; i <= last; i++) {
    // "Her Flex *Plus* bundle": a word of a name adds nothing.
    if (/^\p{Lu}/u.test(tokens[i]!.text) && tokens[i - 1]!.pos !== 'PUNCT') continue;
    for (const run of ADDERS) {
      const end = matchAt(tokens, i, run);
      if (end >= 0 && end < last && wordsBefore(i) >= 2) return quote(tokens, i, end);
    }
    for (const run of ENDERS) {
      const end = matchAt(tokens, i, run);
      const closes = end === last || tokens[end + 1]?.pos === 'PUNCT';
      if (end >= 0 && closes && joins.some((join) => join < i && wordsBefore(join) >= 2 && clauseDoer(tokens, join + 1, i))) return quote(tokens, i, end);
    }
  }
  const explained = tokens.some((token) => EXPLAINS.has(token.lower));
  for (const i of joins) {
    const token = tokens[i]!;
    const next = tokens[i + 1]!;
    // The part before must say something done too: "The check-in *and* bag drop desks share one queue" is one cause.
    let start = i - 1;
    while (
      start > 0 &&
      !(tokens[start - 1]!.pos === 'CCONJ' || tokens[start - 1]!.pos === 'SCONJ' || tokens[start - 1]!.lemma === ';' || tokens[start - 1]!.lemma === ',')
    )
      start--;
    if (!hasVerb(tokens, start, i - 1)) continue;
    if (token.lemma === ',' && next.lower !== 'and' && next.lower !== 'then') continue;
    const then = next.lower === 'then' || (next.lower === 'and' && tokens[i + 2]?.lower === 'then');
    const from = i + 1 + (next.lower === 'and' || next.lower === 'then' ? 1 : 0) + (then && next.lower === 'and' ? 1 : 0);
    const doer = clauseDoer(tokens, from, last);
    if (wordsBefore(i) < 3 || !doer) continue;
    if (token.lemma === ';' || then) return quote(tokens, i, from - 1);
    if (doer.pos === 'PRON' && doer.lower !== 'there' && doer.lower !== 'nobody') continue;
    // "… because the base is made with butter *and* there's no vegan base": one explanation, told in two parts.
    if (explained && token.lower === 'and' && tokens[i - 1]!.lemma !== ',') continue;
    if (token.lemma === '&' && next.pos === 'PROPN') continue;
    const named = tokens.slice(0, i).some((before) => isNoun(before) && before.lemma === doer.lemma);
    if (!named && !ON_FROM.has(tokens[from]!.lower)) return quote(tokens, i, from - 1);
  }
  return undefined;
}

/**
 * Whether two sets of meanings say the same: one says all the other says and little more (a cause told again, maybe
 * with a word added: "the forms weren't ordered" / "nobody ordered the new forms"). Where each says something the
 * other does not, they differ in what matters ("the form was not *sent*" / "… not *signed*"), however much they share.
 */
export function sayTheSame(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < 2) return false;
  let shared = 0;
  for (const meaning of small) if (large.has(meaning)) shared++;
  return shared === small.size && small.size / large.size >= 0.5;
}

/** True when two answers name the same cause, in the same or other words ("wasn't sent" / "nobody sent it"). */
export function sameCause(a: string, b: string, language: Language): boolean {
  return sayTheSame(meanings(a, language), meanings(b, language));
}

/** What the coach reads in answers, bound to the language tools: what `coachBoard` takes to read the answers. */
export interface CauseReader {
  blamesPerson(text: string, names: Iterable<string>): string | undefined;
  restates(answer: string, effect: string): boolean;
  bundlesCauses(text: string): string | undefined;
  meanings(text: string): Set<string>;
  sayTheSame(a: Set<string>, b: Set<string>): boolean;
}

/** The coach's reading of answers with `language`. */
export const causeReader = (language: Language): CauseReader => ({
  blamesPerson: (text, names) => blamesPerson(text, names, language),
  restates: (answer, effect) => restates(answer, effect, language),
  bundlesCauses: (text) => bundlesCauses(text, language),
  meanings: (text) => meanings(text, language),
  sayTheSame,
});
