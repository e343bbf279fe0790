import { COMPLAINT_ID } from './layout';
import type { BoardSnapshot } from './readBoard';

/** One path of the tree, from the complaint's first cause down to a root cause. */
export interface Chain {
  rootCauseId: string;
  /** Cause ids from depth 1 to the root cause. */
  causeIds: string[];
}

/** Every chain from the complaint to a marked root cause, in reading order. */
export function chainsToRoots(board: BoardSnapshot): Chain[] {
  return board.rootCauseIds.map((rootCauseId) => ({ rootCauseId, causeIds: pathTo(board, rootCauseId) }));
}

/** The cause ids from depth 1 down to `id` (inclusive). */
export function pathTo(board: BoardSnapshot, id: string): string[] {
  const path: string[] = [];
  for (let at: string | undefined = id; at !== undefined && at !== COMPLAINT_ID; at = board.causes[at]?.parentId) path.unshift(at);
  return path;
}
