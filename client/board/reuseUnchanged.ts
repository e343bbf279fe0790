import type { BoardSnapshot, CauseSnapshot } from '../../shared/board';

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Same values in every field; id lists compared element by element. */
const sameFields = <T extends object>(a: T, b: T) =>
  (Object.keys(b) as Array<keyof T>).every((key) => {
    const x = a[key];
    const y = b[key];
    return Array.isArray(x) && Array.isArray(y) ? sameIds(x, y) : x === y;
  });

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
    causes[id] = before && sameFields(before, after) ? before : after;
  }
  const result: BoardSnapshot = {
    ...next,
    complaint: sameFields(prev.complaint, next.complaint) ? prev.complaint : next.complaint,
    causes,
    causeIds: sameIds(prev.causeIds, next.causeIds) ? prev.causeIds : next.causeIds,
    rootCauseIds: sameIds(prev.rootCauseIds, next.rootCauseIds) ? prev.rootCauseIds : next.rootCauseIds,
  };
  // Nothing changed at all (an update that only touched what the snapshot does not show): keep the old snapshot.
  const unchanged =
    result.causeIds === prev.causeIds &&
    result.causeIds.every((id) => causes[id] === prev.causes[id]) &&
    (Object.keys(result) as Array<keyof BoardSnapshot>).every((key) => key === 'causes' || result[key] === prev[key]);
  return unchanged ? prev : result;
}
