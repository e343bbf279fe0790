import { COMPLAINT_ID, pathTo, type BoardSnapshot } from '../../../shared/board';

/**
 * What stays lit when a branch is in the spotlight: the cause, everything under it, and the chain above it up to the
 * complaint (so the room still sees what it explains). Undefined when nothing is in the spotlight.
 */
export function spotlitIds(board: BoardSnapshot, spotlight: string | null | undefined): ReadonlySet<string> | undefined {
  if (!spotlight || (spotlight !== COMPLAINT_ID && !board.causes[spotlight])) return undefined;
  const lit = new Set<string>([COMPLAINT_ID, ...pathTo(board, spotlight)]);
  const stack = [spotlight];
  while (stack.length > 0) {
    const id = stack.pop()!;
    lit.add(id);
    stack.push(...(id === COMPLAINT_ID ? board.complaint.childIds : (board.causes[id]?.childIds ?? [])));
  }
  return lit;
}
