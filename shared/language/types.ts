/**
 * What the language tools give the checks, as types only: the coach and the letter checks import these, never the
 * tools themselves, so that the browser can load the tools (and their English model) in their own chunk.
 */

/** Universal Dependencies part-of-speech tags, as the English model tags words. */
export type PartOfSpeech =
  'ADJ' | 'ADP' | 'ADV' | 'AUX' | 'CCONJ' | 'DET' | 'INTJ' | 'NOUN' | 'NUM' | 'PART' | 'PRON' | 'PROPN' | 'PUNCT' | 'SCONJ' | 'SYM' | 'VERB' | 'X' | 'SPACE';

/** One word (or mark) of a text, as read. */
export interface Token {
  /** As written. */
  text: string;
  /** Lower case, typographic apostrophes made plain. */
  lower: string;
  /** The dictionary form: "forgot" → "forget", "n't" → "not", "prices" → "price". */
  lemma: string;
  pos: PartOfSpeech;
  /** Within the reach of a negation ("did not *send the form*"). */
  negated: boolean;
  /** The white space before it, so that words can be quoted as written. */
  space: string;
  /** Which sentence it is in, from 0. */
  sentence: number;
}

/** A text read into tokens. */
export interface Reading {
  text: string;
  tokens: Token[];
}

/** The language tools, as the checks take them (the module `shared/language` is one). */
export interface Language {
  /** The text read into tokens (cached: reading the same text again costs nothing). */
  read(text: string): Reading;
  /** The first words that name a day to come, as written, or undefined. */
  findDate(text: string): string | undefined;
  /** Every place that names a day to come: the words as written and where they start. */
  findDates(text: string): Array<{ text: string; index: number }>;
  /** "English", or the name of the language the text reads as. */
  languageOf(text: string): string;
}
