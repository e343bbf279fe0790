import type * as Y from 'yjs';
import { COMPLAINT_ID, CauseKey, type CauseMap, getCauses, mapEntries } from './layout';

/** What the tree is read from: a record's keys (a cause's Y.Map, or a plain Map of its values, as a replay holds). */
export interface Fields {
  get(key: string): unknown;
}

/** The tree of `causes`, its invariants restored (see `indexCauses`). */
export interface CauseIndex<R extends Fields = Fields> {
  /** The parent each cause is shown under, after repairing cycles and dangling parents. */
  parentOf: Map<string, string>;
  /** Children of the complaint and of every cause, sorted by (order, id); deleted ones included. */
  childrenOf: Map<string, string[]>;
  /** Causes shown on the board: not deleted, or deleted with a shown descendant (an add beats a concurrent delete). */
  shown: Set<string>;
  /** The causes, by id: the entries of the document's causes map that are causes (see `mapEntries`). */
  causes: Map<string, R>;
}

export interface TreeIndex extends CauseIndex<CauseMap> {
  /** The document's causes map, to add to. */
  causesMap: Y.Map<CauseMap>;
}

const orderOf = (cause: Fields): number => {
  const order = cause.get(CauseKey.order);
  return typeof order === 'number' && Number.isFinite(order) ? order : 0;
};

/**
 * Derives the tree from the flat causes map and restores its invariants deterministically, so every replica that has
 * the same updates shows the same tree, whatever order they arrived in:
 * - a cause whose parent is missing hangs under the complaint;
 * - a cycle (two people moving causes under each other at once) is broken at its smallest id, which hangs under the
 *   complaint;
 * - a deleted cause with a live descendant stays shown: someone added under it while someone else deleted it, and
 *   losing a contribution is worse than keeping a deleted card.
 */
export function indexTree(doc: Y.Doc): TreeIndex {
  const causesMap = getCauses(doc);
  return { ...indexCauses(mapEntries(causesMap)), causesMap };
}

/** `indexTree` of causes read from anywhere (a document's, or a replay's plain records). */
export function indexCauses<R extends Fields>(entries: Map<string, R>): CauseIndex<R> {
  // The complaint's id is no cause's: an entry under it (a damaged board) would make the tree a loop.
  const causes = entries.has(COMPLAINT_ID) ? new Map([...entries].filter(([id]) => id !== COMPLAINT_ID)) : entries;
  const parentOf = new Map<string, string>();
  for (const [id, cause] of causes) {
    const parentId = cause.get(CauseKey.parentId);
    parentOf.set(id, typeof parentId === 'string' && (parentId === COMPLAINT_ID || causes.has(parentId)) ? parentId : COMPLAINT_ID);
  }

  // Break cycles. `state`: 1 = on the current walk, 2 = known to reach the complaint.
  const state = new Map<string, 1 | 2>();
  for (const start of [...parentOf.keys()].sort()) {
    const walk: string[] = [];
    let id = start;
    while (id !== COMPLAINT_ID && state.get(id) !== 2) {
      if (state.get(id) === 1) {
        const cycle = walk.slice(walk.indexOf(id));
        const breakAt = cycle.reduce((min, x) => (x < min ? x : min));
        parentOf.set(breakAt, COMPLAINT_ID);
        break;
      }
      state.set(id, 1);
      walk.push(id);
      id = parentOf.get(id) ?? COMPLAINT_ID;
    }
    for (const visited of walk) state.set(visited, 2);
  }

  const childrenOf = new Map<string, string[]>([[COMPLAINT_ID, []]]);
  for (const id of parentOf.keys()) childrenOf.set(id, []);
  for (const [id, parentId] of parentOf) childrenOf.get(parentId)?.push(id);
  for (const children of childrenOf.values()) {
    children.sort((a, b) => orderOf(causes.get(a)!) - orderOf(causes.get(b)!) || (a < b ? -1 : a > b ? 1 : 0));
  }

  const shown = new Set<string>();
  markShown(childrenOf, causes, shown);
  return { parentOf, childrenOf, shown, causes };
}

/** Post-order walk without recursion: a why-chain can be deeper than the call stack is comfortable with. */
function markShown(childrenOf: Map<string, string[]>, causes: Map<string, Fields>, shown: Set<string>): void {
  const stack: Array<{ id: string; visited: boolean }> = [{ id: COMPLAINT_ID, visited: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const children = childrenOf.get(top.id) ?? [];
    if (!top.visited) {
      stack.push({ id: top.id, visited: true });
      for (const child of children) stack.push({ id: child, visited: false });
      continue;
    }
    if (top.id === COMPLAINT_ID) continue;
    const live = causes.get(top.id)?.get(CauseKey.deleted) !== true;
    if (live || children.some((child) => shown.has(child))) shown.add(top.id);
  }
}

/** Nearest order value that sorts a new child after every existing one. */
export function nextChildOrder(index: TreeIndex, parentId: string): number {
  const children = index.childrenOf.get(parentId) ?? [];
  const last = children[children.length - 1];
  return last === undefined ? 1 : orderOf(index.causes.get(last)!) + 1;
}

/** An order value between `afterId` and the sibling that follows it. */
export function orderAfter(index: TreeIndex, afterId: string): number {
  const parentId = index.parentOf.get(afterId) ?? COMPLAINT_ID;
  const siblings = index.childrenOf.get(parentId) ?? [];
  const at = siblings.indexOf(afterId);
  const before = orderOf(index.causes.get(afterId)!);
  const nextId = siblings[at + 1];
  return nextId === undefined ? before + 1 : (before + orderOf(index.causes.get(nextId)!)) / 2;
}
