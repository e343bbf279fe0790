/**
 * Which language a text is written in, with franc (trigram statistics, the 82 languages of `franc-min`): the checks
 * read English only, and say so rather than judge a letter in another language by English words.
 */
import { franc } from 'franc-min';

/** Shorter than this, a text's language is a guess: it is read as English. */
const MIN_LENGTH = 60;

const names = new Intl.DisplayNames(['en'], { type: 'language' });

/** English, or the language `text` reads as, by name ("French"); English too when too short to tell. */
export function languageOf(text: string): string {
  const code = franc(text, { minLength: MIN_LENGTH });
  // Scots is English to a reader, and short English often scores as it.
  if (code === 'und' || code === 'eng' || code === 'sco') return 'English';
  try {
    return names.of(code) ?? 'English';
  } catch {
    return 'English';
  }
}
