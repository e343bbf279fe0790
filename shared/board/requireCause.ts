import type { TreeIndex } from './indexTree';
import type { CauseMap } from './layout';
import { BoardError, BoardErrorCode } from './BoardError';

/** The cause `id` if the board shows it; otherwise an `unknown-cause` BoardError. */
export function requireCause(index: TreeIndex, id: string): CauseMap {
  const cause = index.causes.get(id);
  if (!cause || !index.shown.has(id)) throw new BoardError(BoardErrorCode.unknownCause, `There is no cause "${id}" on this board.`);
  return cause;
}
