import type * as Y from 'yjs';
import { BoardError, BoardErrorCode } from './BoardError';
import { indexTree, nextChildOrder } from './indexTree';
import { COMPLAINT_ID, CauseKey } from './layout';
import { requireCause } from './requireCause';

/** Moves a cause (with its branch) under another parent, as its last child. Refuses to create a cycle. */
export function moveCause(doc: Y.Doc, id: string, newParentId: string, origin: unknown): void {
  doc.transact(() => {
    const index = indexTree(doc);
    const cause = requireCause(index, id);
    if (newParentId !== COMPLAINT_ID) requireCause(index, newParentId);
    for (let at: string | undefined = newParentId; at !== undefined && at !== COMPLAINT_ID; at = index.parentOf.get(at)) {
      if (at === id) throw new BoardError(BoardErrorCode.cycle, 'A cause cannot move under its own branch.');
    }
    if (index.parentOf.get(id) === newParentId) return;
    cause.set(CauseKey.order, nextChildOrder(index, newParentId));
    cause.set(CauseKey.parentId, newParentId);
  }, origin);
}
