/**
 * Whyboard's language tools: what the coach and the letter checks read with. Kept apart so that the browser loads them
 * in their own chunk, after the page (see `client/lib/useLanguage.ts`); the server imports them as they are. The
 * module itself is a `Language` (`./types`).
 */
export { findDate, findDates, type FoundDate } from './dates';
export { languageOf } from './languageOf';
export { read } from './read';
export type { Language, PartOfSpeech, Reading, Token } from './types';
