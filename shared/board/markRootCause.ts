import type * as Y from 'yjs';
import { indexTree } from './indexTree';
import { CauseKey } from './layout';
import { requireCause } from './requireCause';

/** Marks (or unmarks) a cause as a root cause, and records when (`now`). A board may have several. */
export function markRootCause(doc: Y.Doc, id: string, isRoot: boolean, origin: unknown, now = Date.now()): void {
  doc.transact(() => {
    const cause = requireCause(indexTree(doc), id);
    if (cause.get(CauseKey.isRoot) === isRoot) return;
    cause.set(CauseKey.isRoot, isRoot);
    if (isRoot) cause.set(CauseKey.rootAt, now);
  }, origin);
}
