import type { BoardSnapshot, CauseSnapshot } from '../../../shared/board';

export interface VisibleTree {
  /** The board without the causes folded away: collapsed causes have no children here. */
  board: BoardSnapshot;
  /** How many causes each collapsed cause hides. */
  hidden: ReadonlyMap<string, number>;
}

/** Folds away the branches under `collapsed` causes, for layout and display. Pure; returns `board` itself when nothing is folded. */
export function collapseTree(board: BoardSnapshot, collapsed: ReadonlySet<string>): VisibleTree {
  const folded = [...collapsed].filter((id) => (board.causes[id]?.childIds.length ?? 0) > 0);
  if (folded.length === 0) return { board, hidden: new Map() };
  const hidden = new Map<string, number>();
  const hiddenIds = new Set<string>();
  for (const id of folded) {
    const stack = [...board.causes[id]!.childIds];
    let count = 0;
    while (stack.length > 0) {
      const child = stack.pop()!;
      count++;
      hiddenIds.add(child);
      stack.push(...board.causes[child]!.childIds);
    }
    hidden.set(id, count);
  }
  const causes: Record<string, CauseSnapshot> = {};
  const causeIds = board.causeIds.filter((id) => !hiddenIds.has(id));
  for (const id of causeIds) {
    const cause = board.causes[id]!;
    causes[id] = hidden.has(id) ? { ...cause, childIds: [] } : cause;
  }
  return {
    board: { ...board, causes, causeIds, rootCauseIds: board.rootCauseIds.filter((id) => !hiddenIds.has(id)) },
    hidden: new Map([...hidden].filter(([id]) => !hiddenIds.has(id))),
  };
}
