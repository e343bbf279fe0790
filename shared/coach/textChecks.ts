import { contentWords, similarity, words } from './words';

/** Phrases that blame someone rather than a process (method.md: "Blame a process, not a person"). */
const BLAME =
  /\b(forgot|forgets|forgotten|careless(?:ly|ness)?|human error|should have been more careful|(?:was|were)n'?t paying attention|not paying attention|did(?:n't| not) pay attention|lazy|laziness|negligen(?:t|ce)|sloppy|incompetent|incompetence|(?:his|her|their) fault|(?:his|her|their) mistake|stupid|idiot|should have known|didn't bother|did not bother)\b/i;
const TITLED_NAME = /\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][\p{L}'-]+/u;

/**
 * The words that blame a person in `text`, or undefined. `names` are people known to the board (participants): one
 * of them named in a cause blames a person too.
 * @example blamesPerson('Jo forgot to order the forms') // 'forgot'
 */
export function blamesPerson(text: string, names: Iterable<string> = []): string | undefined {
  const phrase = BLAME.exec(text)?.[0];
  if (phrase) return phrase;
  const titled = TITLED_NAME.exec(text)?.[0];
  if (titled) return titled;
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed.length < 2) continue;
    const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^\\p{L}])${escaped}($|[^\\p{L}])`, 'u').test(text)) return trimmed;
  }
  return undefined;
}

/** True when `answer` only says again what `effect` says (same meaning words). */
export function restates(answer: string, effect: string): boolean {
  const a = contentWords(answer);
  const b = contentWords(effect);
  if (a.size === 0 || b.size === 0) return false;
  let inEffect = 0;
  for (const word of a) if (b.has(word)) inEffect++;
  return similarity(a, b) >= 0.75 || (a.size >= 2 && inEffect === a.size);
}

/**
 * The joining word when `text` bundles two causes ("also", "as well as", a semicolon, or "and" between two clauses of
 * three words or more); undefined for a single cause, including "terms and conditions"-style pairs.
 */
export function bundlesCauses(text: string): string | undefined {
  const marker = /\b(also|as well as|in addition|plus)\b|;/i.exec(text);
  if (marker) return marker[0];
  const parts = text.split(/\band\b/i);
  for (let i = 1; i < parts.length; i++) {
    const before = words(parts.slice(0, i).join(' and '));
    const after = words(parts.slice(i).join(' and '));
    if (before.length >= 3 && after.length >= 3) return 'and';
  }
  return undefined;
}

/** A key equal for two answers that say the same thing in the same words, give or take stopwords and endings. */
export const sameCauseKey = (text: string): string => [...contentWords(text)].sort().join(' ');
