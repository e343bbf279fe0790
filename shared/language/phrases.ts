/**
 * Phrases matched on read tokens, by dictionary form: `we|i take|accept full? responsibility` matches "We take full
 * responsibility", "I accepted responsibility" and "we took responsibility". One slot a word; in a slot:
 * - `a|b` either word (as written in lower case, or its lemma); `=word` that form only ("=happen" is not "happened");
 * - a trailing `?` makes the slot optional;
 * - `NOT` any negation ("not", "n't", "never", "no", "nobody");
 * - `#NOUN` (any part-of-speech tag) a word of that kind; `*` any one word.
 * Pure: no language model here, so the coach and the letter checks can hold their phrases before the tools load.
 */
import type { PartOfSpeech, Token } from './types';

interface Slot {
  words?: Set<string>;
  /** Forms matched as written only, not by lemma. */
  forms?: Set<string>;
  pos?: PartOfSpeech;
  negation?: boolean;
  any?: boolean;
  optional: boolean;
}

export type Phrase = Slot[];

const NEGATIONS = new Set(['not', "n't", 'never', 'no', 'nobody']);

/** `text` (slots separated by spaces) as a phrase. */
export function phrase(text: string): Phrase {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => {
      const optional = raw.endsWith('?') && raw.length > 1;
      const body = optional ? raw.slice(0, -1) : raw;
      if (body === 'NOT') return { negation: true, optional };
      if (body === '*') return { any: true, optional };
      if (body.startsWith('#')) return { pos: body.slice(1) as PartOfSpeech, optional };
      const alternatives = body.toLowerCase().split('|');
      return {
        words: new Set(alternatives.filter((word) => !word.startsWith('='))),
        forms: new Set(alternatives.filter((word) => word.startsWith('=')).map((word) => word.slice(1))),
        optional,
      };
    });
}

/** Each line of `text` as a phrase (blank lines skipped). */
export const phrases = (text: string): Phrase[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map(phrase);

const fits = (slot: Slot, token: Token) =>
  slot.any ||
  (slot.negation
    ? NEGATIONS.has(token.lemma)
    : slot.pos
      ? token.pos === slot.pos
      : slot.words!.has(token.lower) || slot.words!.has(token.lemma) || slot.forms!.has(token.lower));

/** Where `pattern` ends when it starts at token `at` (the index of its last token), or -1. */
export function matchAt(tokens: Token[], at: number, pattern: Phrase, slot = 0): number {
  if (slot === pattern.length) return at - 1;
  const current = pattern[slot]!;
  const token = tokens[at];
  if (token && fits(current, token)) {
    const end = matchAt(tokens, at + 1, pattern, slot + 1);
    if (end >= 0) return end;
  }
  return current.optional ? matchAt(tokens, at, pattern, slot + 1) : -1;
}

/** A match: the tokens `from`..`to`. */
export interface Found {
  from: number;
  to: number;
}

/** What a search passes over: phrases that excuse a match they overlap ("can *always*"), and tokens to skip. */
export interface Except {
  phrases?: Phrase[];
  /** Token indexes to pass over (words in quotation marks, say). */
  skip?: Set<number>;
}

/** Phrases by the words they can start with, so a search tries at each word only the phrases that could match there. */
interface Index {
  byWord: Map<string, Phrase[]>;
  /** Phrases that can start with any word (a part of speech, a negation, an optional slot). */
  anywhere: Phrase[];
}

const indexes = new WeakMap<Phrase[], Index>();

function indexOf(patterns: Phrase[]): Index {
  let index = indexes.get(patterns);
  if (index) return index;
  index = { byWord: new Map(), anywhere: [] };
  for (const pattern of patterns) {
    const first = pattern[0];
    if (!first?.words || first.optional || first.any) {
      index.anywhere.push(pattern);
      continue;
    }
    for (const word of [...first.words, ...first.forms!]) index.byWord.set(word, [...(index.byWord.get(word) ?? []), pattern]);
  }
  indexes.set(patterns, index);
  return index;
}

/**
 * Every place (by start, then by order of `patterns`) where one of `patterns` stands in `tokens`, one a start. A match
 * that one of `except.phrases` overlaps (starting up to two tokens before it), or that starts on a skipped token, does
 * not count.
 */
export function* findPhrases(tokens: Token[], patterns: Phrase[], except: Except = {}): Generator<Found> {
  const index = indexOf(patterns);
  for (let from = 0; from < tokens.length; from++) {
    if (except.skip?.has(from)) continue;
    const token = tokens[from]!;
    const byLower = index.byWord.get(token.lower);
    const byLemma = token.lemma === token.lower ? undefined : index.byWord.get(token.lemma);
    const candidates = byLower || byLemma ? [...(byLower ?? []), ...(byLemma ?? []), ...index.anywhere] : index.anywhere;
    for (const pattern of candidates) {
      const to = matchAt(tokens, from, pattern);
      if (to >= from && !excused(tokens, from, to, except.phrases ?? [])) {
        yield { from, to };
        break;
      }
    }
  }
}

/** The first place where one of `patterns` stands in `tokens` (see `findPhrases`), or undefined. */
export function findPhrase(tokens: Token[], patterns: Phrase[], except: Except = {}): Found | undefined {
  for (const found of findPhrases(tokens, patterns, except)) return found;
  return undefined;
}

function excused(tokens: Token[], from: number, to: number, phrases: Phrase[]): boolean {
  for (let start = Math.max(0, from - 2); start <= to; start++) {
    for (const pattern of phrases) if (matchAt(tokens, start, pattern) >= from) return true;
  }
  return false;
}

/** The tokens inside quotation marks: the customer's words, quoted back, are theirs to say. */
export function quoted(tokens: Token[]): Set<number> {
  const inside = new Set<number>();
  let open = false;
  tokens.forEach((token, i) => {
    const mark = token.text === '"' || token.text === '“' || token.text === '”' || token.text === '«' || token.text === '»';
    if (mark) open = token.text === '“' || token.text === '«' ? true : token.text === '”' || token.text === '»' ? false : !open;
    else if (open) inside.add(i);
  });
  return inside;
}

/** The tokens `from`..`to` as written. */
export function quote(tokens: Token[], from: number, to: number): string {
  return tokens
    .slice(from, to + 1)
    .map((token, i) => (i === 0 ? '' : token.space) + token.text)
    .join('');
}

/**
 * A text cut into words without the language model (each word its own lemma, no part of speech): enough for phrases
 * of plain words, where the model has not loaded or is not worth loading (the letter's draft).
 */
export function plainTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.replace(/[’‘]/g, "'").matchAll(/(\s*)([\p{L}\p{N}'-]+|[^\s\p{L}\p{N}])/gu)) {
    const lower = match[2]!.toLowerCase();
    tokens.push({ text: match[2]!, lower, lemma: lower, pos: /^[\p{L}\p{N}]/u.test(lower) ? 'X' : 'PUNCT', negated: false, space: match[1]!, sentence: 0 });
  }
  return tokens;
}
