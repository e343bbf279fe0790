import type { BoardSnapshot } from '../../../shared/board';

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Same values in every field; id lists compared element by element. */
const sameFields = <T extends object>(a: T, b: T) =>
  (Object.keys(b) as Array<keyof T>).every((key) => {
    const x = a[key];
    const y = b[key];
    return Array.isArray(x) && Array.isArray(y) ? sameIds(x, y) : x === y;
  });

/** `next` with each entry that did not change replaced by the previous object. */
function reuseEntries<T extends object>(prev: Record<string, T>, next: Record<string, T>, ids: string[]): Record<string, T> {
  const result: Record<string, T> = {};
  for (const id of ids) {
    const before = prev[id];
    const after = next[id]!;
    result[id] = before && sameFields(before, after) ? before : after;
  }
  return result;
}

const reuseIds = (prev: string[], next: string[]) => (sameIds(prev, next) ? prev : next);
const reuseObject = <T extends object>(prev: T, next: T) => (sameFields(prev, next) ? prev : next);

/**
 * Structural sharing: returns `next` with every cause, action or part that did not change replaced by its previous
 * object, so memoised cards skip rendering. Typing in one card re-renders one card.
 */
export function reuseUnchanged(prev: BoardSnapshot | undefined, next: BoardSnapshot): BoardSnapshot {
  if (!prev) return next;
  const causes = reuseEntries(prev.causes, next.causes, next.causeIds);
  const actions = reuseEntries(prev.actions, next.actions, next.actionIds);
  const result: BoardSnapshot = {
    ...next,
    complaint: reuseObject(prev.complaint, next.complaint),
    causes,
    causeIds: reuseIds(prev.causeIds, next.causeIds),
    rootCauseIds: reuseIds(prev.rootCauseIds, next.rootCauseIds),
    actions,
    actionIds: reuseIds(prev.actionIds, next.actionIds),
    letter: reuseObject(prev.letter, next.letter),
  };
  // Nothing changed at all (an update that only touched what the snapshot does not show): keep the old snapshot.
  const same = (a: Record<string, object>, b: Record<string, object>, ids: string[]) => ids.every((id) => a[id] === b[id]);
  const unchanged =
    result.causeIds === prev.causeIds &&
    result.actionIds === prev.actionIds &&
    same(causes, prev.causes, result.causeIds) &&
    same(actions, prev.actions, result.actionIds) &&
    (Object.keys(result) as Array<keyof BoardSnapshot>).every((key) => key === 'causes' || key === 'actions' || result[key] === prev[key]);
  return unchanged ? prev : result;
}
