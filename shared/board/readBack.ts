import { pathTo } from './chainsToRoots';
import { quote } from './questionFor';
import type { BoardSnapshot } from './readBoard';

/**
 * The "therefore" read-back of a chain: from the root cause up to the complaint, so the room can check that each
 * step really leads to the next. Empty answers read as "(no answer yet)".
 * @example readBack(board, rootId) // 'One person ordered the forms, therefore … therefore the customer said: “…”'
 */
export function readBack(board: BoardSnapshot, rootCauseId: string): string {
  const steps = pathTo(board, rootCauseId)
    .reverse()
    .map((id) => quote(board.causes[id]!.text, 400) || '(no answer yet)');
  const complaint = quote(board.complaint.text, 400);
  steps.push(complaint ? `the customer said: “${complaint}”` : 'the customer complained');
  return therefore(steps);
}

/** Steps joined into one sentence with "therefore": the first capitalised, the others lower-cased where that is right. */
export function therefore([first = '', ...rest]: string[]): string {
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest.map(lowerFirst)].join(', therefore ') + '.';
}

/** Words that start a sentence with a capital only because they start it; a name or an acronym keeps its capital. */
const SENTENCE_STARTERS = new Set(
  'a an the it its they their them we our us you your there this that these those he she his her no nobody nothing one some every each last new old all our'.split(
    ' ',
  ),
);

function lowerFirst(text: string): string {
  const firstWord = /^[A-Za-z]+/.exec(text)?.[0] ?? '';
  return SENTENCE_STARTERS.has(firstWord.toLowerCase()) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
