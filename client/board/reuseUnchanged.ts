import type { BoardSnapshot, CauseSnapshot } from '../../shared/board';

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

const sameCause = (a: CauseSnapshot, b: CauseSnapshot) =>
  a.text === b.text &&
  a.parentId === b.parentId &&
  a.depth === b.depth &&
  a.isRoot === b.isRoot &&
  a.createdBy === b.createdBy &&
  a.createdAt === b.createdAt &&
  sameIds(a.childIds, b.childIds);

/**
 * Structural sharing: returns `next` with every cause that did not change replaced by its previous object, so
 * memoised cards skip rendering. Typing in one card re-renders one card.
 */
export function reuseUnchanged(prev: BoardSnapshot | undefined, next: BoardSnapshot): BoardSnapshot {
  if (!prev) return next;
  const causes: Record<string, CauseSnapshot> = {};
  for (const id of next.causeIds) {
    const before = prev.causes[id];
    const after = next.causes[id]!;
    causes[id] = before && sameCause(before, after) ? before : after;
  }
  const { complaint } = next;
  const sameComplaint =
    prev.complaint.text === complaint.text &&
    prev.complaint.customer === complaint.customer &&
    prev.complaint.channel === complaint.channel &&
    prev.complaint.receivedAt === complaint.receivedAt &&
    sameIds(prev.complaint.childIds, complaint.childIds);
  return {
    ...next,
    complaint: sameComplaint ? prev.complaint : complaint,
    causes,
    causeIds: sameIds(prev.causeIds, next.causeIds) ? prev.causeIds : next.causeIds,
    rootCauseIds: sameIds(prev.rootCauseIds, next.rootCauseIds) ? prev.rootCauseIds : next.rootCauseIds,
  };
}
