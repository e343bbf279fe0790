import type { Edge, Node } from '@xyflow/react';
import { COMPLAINT_ID, questionFor, type BoardSnapshot, type CauseSnapshot, type ComplaintSnapshot } from '../../../shared/board';
import type { Point, Size } from '../../../shared/tree/layoutTree';

export type ComplaintNodeType = Node<{ complaint: ComplaintSnapshot; title: string }, 'complaint'>;
export interface CauseNodeData extends Record<string, unknown> {
  cause: CauseSnapshot;
  /** The question this cause answers, derived from its parent. */
  question: string;
  /** Causes folded away under this one (0 when expanded). */
  hidden: number;
  /** Coach hints about this card. */
  hints: number;
}
export type CauseNodeType = Node<CauseNodeData, 'cause'>;
export type BoardNode = ComplaintNodeType | CauseNodeType;

export interface FlowInput {
  board: BoardSnapshot;
  positions: ReadonlyMap<string, Point>;
  sizes: ReadonlyMap<string, Size>;
  selectedId: string | undefined;
  hidden?: ReadonlyMap<string, number>;
  hintCounts?: ReadonlyMap<string, number>;
  /** When a branch is in the spotlight, the cards that stay lit; the others are dimmed. */
  lit?: ReadonlySet<string>;
  /**
   * On a big board, the cards to draw (those near the screen): React Flow is given those and the links between them,
   * and knows nothing of the others (a hidden card would still cost it work at every change). All without it.
   */
  drawn?: ReadonlySet<string>;
}

/**
 * Turns the board into React Flow nodes and edges. Pure; `previous` lets it hand back the same node object when
 * nothing about a card changed, so React Flow and memoised cards skip it.
 */
export function toFlow(
  { board, positions, sizes, selectedId, hidden, hintCounts, lit, drawn }: FlowInput,
  previous: ReadonlyMap<string, BoardNode> = new Map(),
) {
  const nodes: BoardNode[] = [];
  const place = <T extends BoardNode>(node: T): T => {
    const before = previous.get(node.id) as T | undefined;
    const same =
      before &&
      before.position.x === node.position.x &&
      before.position.y === node.position.y &&
      before.selected === node.selected &&
      before.measured === node.measured &&
      before.ariaLabel === node.ariaLabel &&
      before.className === node.className &&
      Object.entries(node.data).every(([key, value]) => (before.data as Record<string, unknown>)[key] === value);
    const result = same ? before : node;
    nodes.push(result);
    return result;
  };
  const common = (id: string) => ({
    id,
    position: positions.get(id) ?? { x: 0, y: 0 },
    selected: selectedId === id,
    measured: sizes.get(id),
    draggable: false,
    className: lit && !lit.has(id) ? 'is-dimmed' : undefined,
  });
  place<ComplaintNodeType>({
    ...common(COMPLAINT_ID),
    type: 'complaint',
    data: { complaint: board.complaint, title: board.title },
    deletable: false,
    ariaLabel: `Customer complaint: ${board.complaint.text}`,
  });
  for (const id of board.causeIds) {
    if (drawn && !drawn.has(id)) continue;
    const data: CauseNodeData = { cause: board.causes[id]!, question: questionFor(board, id), hidden: hidden?.get(id) ?? 0, hints: hintCounts?.get(id) ?? 0 };
    const cause = board.causes[id]!;
    const ariaLabel = `Why ${cause.depth}${cause.isRoot ? ', root cause' : ''}: ${cause.text || 'no answer yet'}`;
    place<CauseNodeType>({ ...common(id), type: 'cause', data, ariaLabel });
  }

  const linked = drawn ? board.causeIds.filter((id) => drawn.has(id) && drawn.has(board.causes[id]!.parentId)) : board.causeIds;
  const edges: Edge[] = linked.map((id) => ({
    id: `${board.causes[id]!.parentId}->${id}`,
    source: board.causes[id]!.parentId,
    target: id,
    type: 'smoothstep',
    className:
      [board.causes[id]!.isRoot ? 'edge-root' : board.causes[id]!.status === 'ruledOut' ? 'edge-muted' : '', lit && !lit.has(id) ? 'is-dimmed' : '']
        .filter(Boolean)
        .join(' ') || undefined,
  }));
  return { nodes, edges };
}
