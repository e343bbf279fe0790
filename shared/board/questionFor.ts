import { COMPLAINT_ID } from './layout';
import type { BoardSnapshot } from './readBoard';

const QUOTE_MAX = 90;

/** `text` cut to a readable quote: first line, trailing full stop dropped, ellipsis past `max` characters. */
export function quote(text: string, max = QUOTE_MAX): string {
  const line = text
    .trim()
    .split('\n')[0]!
    .replace(/[.!]+$/, '');
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/**
 * The question a cause answers, derived from its parent. It asks why something *happened*, never who did it, so it
 * keeps the room on the process and nobody on the defensive.
 * @example questionFor(board, id) // 'Why did “the price form was wrong” happen?'
 */
export function questionFor(board: BoardSnapshot, causeId: string): string {
  const parentId = board.causes[causeId]?.parentId ?? COMPLAINT_ID;
  if (parentId === COMPLAINT_ID) {
    return board.complaint.text.trim() ? `Why did the customer experience “${quote(board.complaint.text)}”?` : 'Why did this happen to the customer?';
  }
  const parentText = board.causes[parentId]?.text.trim() ?? '';
  return parentText ? `Why did “${quote(parentText)}” happen?` : 'Why did the cause above happen?';
}
