import { COMPLAINT_ID } from '../board/layout';

export interface Size {
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** The shape of a why-tree, all a layout needs of it: `BoardSnapshot` is one. */
export interface TreeShape {
  complaint: { childIds: readonly string[] };
  causes: Readonly<Record<string, { childIds: readonly string[]; depth: number }>>;
}

export interface Spacing {
  /** Between two cards side by side. */
  between: number;
  /** Between one row of cards and the next. */
  belowRank: number;
}

export const LAYOUT_SPACING: Spacing = { between: 32, belowRank: 64 };

export interface LayoutOptions {
  /** The card at the top: the complaint (the whole tree), or a cause (its subtree). */
  rootId?: string;
  /** How many levels under the root to lay out; the rest is left out. */
  maxDepth?: number;
  spacing?: Spacing;
}

/**
 * Lays a why-tree out top-down, from each card's size, and returns each card's top-left corner. The canvas passes the
 * sizes the browser measured; documents pass the sizes they drew (shared/tree/drawTree.ts).
 *
 * A tidy-tree layout rather than dagre: dagre minimises edge crossings by reordering each rank, which put a second
 * cause to the left of the first; in a why-tree the order of siblings is the order the team added them, and must hold.
 * For a tree this is also linear and deterministic. Each subtree gets the width of its widest level; a parent sits
 * centred over its children; every depth is one row, as tall as its tallest card. The root is centred on x = 0.
 */
export function layoutTree(
  tree: TreeShape,
  sizeOf: (id: string) => Size,
  { rootId = COMPLAINT_ID, maxDepth = Infinity, spacing = LAYOUT_SPACING }: LayoutOptions = {},
): Map<string, Point> {
  const depthOf = (id: string) => (id === COMPLAINT_ID ? 0 : tree.causes[id]!.depth);
  const rootDepth = depthOf(rootId);
  const childrenOf = (id: string) => (depthOf(id) - rootDepth >= maxDepth ? [] : id === COMPLAINT_ID ? tree.complaint.childIds : tree.causes[id]!.childIds);

  // The cards laid out, parents before children.
  const order: string[] = [];
  for (const stack = [rootId]; stack.length > 0;) {
    const id = stack.pop()!;
    order.push(id);
    stack.push(...[...childrenOf(id)].reverse());
  }

  const rowHeight: number[] = [];
  for (const id of order) {
    const row = depthOf(id) - rootDepth;
    rowHeight[row] = Math.max(rowHeight[row] ?? 0, sizeOf(id).height);
  }
  const rowTop: number[] = [0];
  for (let row = 1; row < rowHeight.length; row++) rowTop[row] = rowTop[row - 1]! + rowHeight[row - 1]! + spacing.belowRank;

  // Subtree widths, children before parents.
  const subtreeWidth = new Map<string, number>();
  const childrenSpan = (id: string) => {
    const children = childrenOf(id);
    return children.reduce((sum, child) => sum + subtreeWidth.get(child)!, 0) + spacing.between * Math.max(0, children.length - 1);
  };
  for (let i = order.length - 1; i >= 0; i--) subtreeWidth.set(order[i]!, Math.max(sizeOf(order[i]!).width, childrenSpan(order[i]!)));

  // Place each subtree in its slot, top-down.
  const positions = new Map<string, Point>();
  const stack: Array<[string, number]> = [[rootId, -subtreeWidth.get(rootId)! / 2]];
  while (stack.length > 0) {
    const [id, left] = stack.pop()!;
    const width = subtreeWidth.get(id)!;
    positions.set(id, { x: Math.round(left + (width - sizeOf(id).width) / 2), y: rowTop[depthOf(id) - rootDepth]! });
    let childLeft = left + (width - childrenSpan(id)) / 2;
    for (const child of childrenOf(id)) {
      stack.push([child, childLeft]);
      childLeft += subtreeWidth.get(child)! + spacing.between;
    }
  }
  return positions;
}
