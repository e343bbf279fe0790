import { COMPLAINT_ID, type BoardSnapshot } from '../../shared/board';

export interface Size {
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** What a card measures before the browser has measured it: close enough that the first paint barely moves. */
export const ESTIMATED_SIZE: Record<'complaint' | 'cause', Size> = {
  complaint: { width: 440, height: 190 },
  cause: { width: 300, height: 150 },
};

export const LAYOUT_SPACING = { between: 32, belowRank: 64 };

/**
 * Lays the why-tree out top-down, from measured card sizes where known, and returns each card's top-left corner.
 *
 * A tidy-tree layout rather than dagre: dagre minimises edge crossings by reordering each rank, which put a second
 * cause to the left of the first; in a why-tree the order of siblings is the order the team added them, and must hold.
 * For a tree this is also linear and deterministic. Each subtree gets the width of its widest level; a parent sits
 * centred over its children; every depth is one row, as tall as its tallest card.
 */
export function layoutTree(board: BoardSnapshot, sizes: ReadonlyMap<string, Size>): Map<string, Point> {
  const sizeOf = (id: string) => sizes.get(id) ?? (id === COMPLAINT_ID ? ESTIMATED_SIZE.complaint : ESTIMATED_SIZE.cause);
  const childrenOf = (id: string) => (id === COMPLAINT_ID ? board.complaint.childIds : board.causes[id]!.childIds);
  const depthOf = (id: string) => (id === COMPLAINT_ID ? 0 : board.causes[id]!.depth);

  // Row heights and tops.
  const rowHeight: number[] = [];
  for (const id of [COMPLAINT_ID, ...board.causeIds]) {
    const depth = depthOf(id);
    rowHeight[depth] = Math.max(rowHeight[depth] ?? 0, sizeOf(id).height);
  }
  const rowTop: number[] = [0];
  for (let depth = 1; depth < rowHeight.length; depth++) rowTop[depth] = rowTop[depth - 1]! + rowHeight[depth - 1]! + LAYOUT_SPACING.belowRank;

  // Subtree widths, children before parents (reverse reading order visits every child before its parent).
  const subtreeWidth = new Map<string, number>();
  const childrenSpan = (id: string) => {
    const children = childrenOf(id);
    return children.reduce((sum, child) => sum + subtreeWidth.get(child)!, 0) + LAYOUT_SPACING.between * Math.max(0, children.length - 1);
  };
  for (const id of [...board.causeIds].reverse().concat(COMPLAINT_ID)) subtreeWidth.set(id, Math.max(sizeOf(id).width, childrenSpan(id)));

  // Place each subtree in its slot, top-down; the complaint is centred on x = 0.
  const positions = new Map<string, Point>();
  const stack: Array<[string, number]> = [[COMPLAINT_ID, -subtreeWidth.get(COMPLAINT_ID)! / 2]];
  while (stack.length > 0) {
    const [id, left] = stack.pop()!;
    const width = subtreeWidth.get(id)!;
    const size = sizeOf(id);
    positions.set(id, { x: Math.round(left + (width - size.width) / 2), y: rowTop[depthOf(id)]! });
    let childLeft = left + (width - childrenSpan(id)) / 2;
    for (const child of childrenOf(id)) {
      stack.push([child, childLeft]);
      childLeft += subtreeWidth.get(child)! + LAYOUT_SPACING.between;
    }
  }
  return positions;
}
