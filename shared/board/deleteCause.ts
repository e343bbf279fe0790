import type * as Y from 'yjs';
import { indexTree } from './indexTree';
import { CauseKey } from './layout';
import { requireCause } from './requireCause';

/**
 * Deletes a cause and its whole branch, as tombstones: an undo restores them, and a cause someone adds under the
 * branch at the same moment keeps its chain visible (see `indexTree`). Returns the ids it deleted.
 */
export function deleteCause(doc: Y.Doc, id: string, origin: unknown): string[] {
  const deleted: string[] = [];
  doc.transact(() => {
    const index = indexTree(doc);
    requireCause(index, id);
    const stack = [id];
    while (stack.length > 0) {
      const current = stack.pop()!;
      const cause = index.causes.get(current);
      if (cause && cause.get(CauseKey.deleted) !== true) {
        cause.set(CauseKey.deleted, true);
        deleted.push(current);
      }
      stack.push(...(index.childrenOf.get(current) ?? []));
    }
  }, origin);
  return deleted;
}
