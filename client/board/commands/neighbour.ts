import { COMPLAINT_ID, type BoardSnapshot } from '../../../shared/board';

/** The card the arrow keys go to from `id`. Left and right move along the same row (same depth), in reading order. */
export function neighbour(board: BoardSnapshot, id: string, key: string): string | undefined {
  if (id === COMPLAINT_ID) return key === 'ArrowDown' ? board.complaint.childIds[0] : undefined;
  const cause = board.causes[id];
  if (!cause) return undefined;
  if (key === 'ArrowUp') return cause.parentId;
  if (key === 'ArrowDown') return cause.childIds[0];
  const row = board.causeIds.filter((other) => board.causes[other]!.depth === cause.depth);
  const at = row.indexOf(id);
  return key === 'ArrowLeft' ? row[at - 1] : key === 'ArrowRight' ? row[at + 1] : undefined;
}
