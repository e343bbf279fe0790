/**
 * Reads English text into tokens with winkNLP and its English model: sentences, parts of speech, dictionary forms
 * (lemmas) and the reach of negations. The checks match words by their lemma, so "forgot", "forgets" and "forgotten"
 * are one word to them, and "didn't" reads as "did not".
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { PartOfSpeech, Reading, Token } from './types';

const nlp = winkNLP(model, ['sbd', 'pos', 'negation']);
const its = nlp.its;

/** Ways of writing one word that the model reads as several: "no-one" and "no one" are "nobody". */
const SPELLINGS: Array<[RegExp, string]> = [
  [/\bno[- ]?one\b/gi, 'nobody'],
  [/[’‘]/g, "'"],
];

/** Readings of recent texts: the coach reads every card on every change, and most cards have not changed. */
const cache = new Map<string, Reading>();
const CACHE_SIZE = 5000;

function readUncached(text: string): Reading {
  let plain = text;
  for (const [pattern, replacement] of SPELLINGS) plain = plain.replace(pattern, replacement);
  const tokens: Token[] = [];
  nlp
    .readDoc(plain)
    .sentences()
    .each((sentence, index) => {
      const list = sentence.tokens();
      const values = list.out(its.value);
      // The types of `its.lemma` take the model's addons, which `out` does not name; it is an ordinary token property.
      const lemmas = list.out(its.lemma as unknown as typeof its.value);
      const tags = list.out(its.pos);
      const negations = list.out(its.negationFlag) as unknown as boolean[];
      const spaces = list.out(its.precedingSpaces);
      for (let i = 0; i < values.length; i++) {
        const lower = values[i]!.toLowerCase();
        tokens.push({
          text: values[i]!,
          lower,
          lemma: lemmas[i]!.toLowerCase(),
          pos: tags[i] as PartOfSpeech,
          negated: Boolean(negations[i]),
          space: spaces[i] ?? '',
          sentence: index,
        });
      }
    });
  return { text, tokens };
}

/** `text` read into tokens; the same text is read once (the last few thousand texts are kept). */
export function read(text: string): Reading {
  const known = cache.get(text);
  if (known) {
    cache.delete(text);
    cache.set(text, known);
    return known;
  }
  const reading = readUncached(text);
  cache.set(text, reading);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return reading;
}
