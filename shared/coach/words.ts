/** Small, pure text helpers shared by the method coach (and, later, the letter checks). */

const STOPWORDS = new Set(
  `a an the and or but of to in on at by for with from into onto as is are was were be been being it its this that these
  those there their they them we our us you your he she his her i me my not no did do does done had has have having
  so than then too very can could would should will just only also because since why what when which who whom how`
    .split(/\s+/)
    .filter(Boolean),
);

/** Contractions as the words they stand for: "wasn't" and "was not" say the same. */
const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bshan't\b/g, 'shall not'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/\b(?:no one|no-one|noone)\b/g, 'nobody'],
];

/** Lower-case words, punctuation dropped, contractions spelt out (typographic apostrophes too). */
export function words(text: string): string[] {
  let plain = text.toLowerCase().replace(/[’‘]/g, "'");
  for (const [pattern, replacement] of CONTRACTIONS) plain = plain.replace(pattern, replacement);
  return plain.match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** The words that carry meaning, roughly stemmed (plural s, -ed, -ing), for comparing two answers. */
export function contentWords(text: string): Set<string> {
  const result = new Set<string>();
  for (const word of words(text)) {
    if (STOPWORDS.has(word) || word.length < 2) continue;
    result.add(stem(word));
  }
  return result;
}

/** A rough stem, enough to match "prices"/"price"/"priced" and "ordered"/"ordering": plural, -ed/-ing, final e. */
function stem(word: string): string {
  let result = word.replace(/'s$/, '');
  for (const ending of [/(?<!s)s$/, /(ed|ing)$/, /e$/]) {
    const shorter = result.replace(ending, '');
    if (shorter.length >= 3) result = shorter;
  }
  return result;
}

/** Jaccard similarity of two word sets: 1 when equal, 0 when disjoint. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}
