import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  getViewportForBounds,
  useReactFlow,
  useStore,
  type NodeChange,
  type ReactFlowState,
  type Rect,
  type Viewport,
} from '@xyflow/react';
import { shallow } from 'zustand/shallow';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { COMPLAINT_ID, type BoardSnapshot } from '../../../shared/board';
import { useBoardOps, useBoardStore, useBoardStoreApi } from '../store/BoardStoreContext';
import { selectFollowing } from '../store/createBoardStore';
import { FollowLeader, ShareView } from '../meeting/Follow';
import { spotlitIds } from './spotlight';
import { CauseNode } from './CauseNode';
import { ComplaintNode } from './ComplaintNode';
import { collapseTree } from './collapseTree';
import { RemoteCursors } from './RemoteCursors';
import { layoutTree, type Point, type Size } from '../../../shared/tree/layoutTree';
import { measuredSize } from './cardSizes';
import { boundsOf, cardsToDraw, drawnArea, firstView, type Pane, type PlacedCard } from './viewport';
import { toFlow, type BoardNode } from './toFlow';
import { cardElement } from './cardElement';
import { isTextEntry } from '../commands/isTextEntry';
import { throttle } from '../../lib/throttle';

const nodeTypes = { complaint: ComplaintNode, cause: CauseNode };
/** Shift+1: everything, however small. */
const FIT = { padding: 0.1, maxZoom: 1, minZoom: 0.1 };
/**
 * Above this many cards, only those near the screen are drawn (`cardsToDraw`). Not React Flow's own culling: it draws
 * every card once to measure it, which on a board of 1,000 causes took more than a second before the first view.
 */
const CULL_ABOVE = 150;

const paneOf = (state: ReactFlowState): Pane => ({ width: state.width, height: state.height });
const viewOf = ({ transform: [x, y, zoom] }: ReactFlowState): Viewport => ({ x, y, zoom });
const sameRect = (a: Rect | undefined, b: Rect | undefined) =>
  a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);

/** A key that changes exactly when the tree's shape does: layout depends on nothing else but sizes. */
const shapeOf = (board: BoardSnapshot) => board.causeIds.map((id) => `${id}<${board.causes[id]!.parentId}`).join(',');

/** Every card where the layout put it, at its size. */
function placedCards(board: BoardSnapshot, positions: ReadonlyMap<string, Point>, sizeOf: (id: string) => Size): PlacedCard[] {
  const place = (id: string, depth: number, isRoot: boolean, parentId?: string): PlacedCard => ({
    id,
    parentId,
    depth,
    isRoot,
    ...(positions.get(id) ?? { x: 0, y: 0 }),
    ...sizeOf(id),
  });
  return [
    place(COMPLAINT_ID, 0, false),
    ...board.causeIds.map((id) => place(id, board.causes[id]!.depth, board.causes[id]!.isRoot, board.causes[id]!.parentId)),
  ];
}

/** The board as a tree of cards, laid out automatically. Cards are not dragged: the tree is the layout. */
export function Canvas({ board: fullBoard }: { board: BoardSnapshot }) {
  const selectedId = useBoardStore((state) => state.selectedId);
  const collapsed = useBoardStore((state) => state.collapsed);
  const hints = useBoardStore((state) => state.hints);
  const spotlight = useBoardStore((state) => state.meeting?.spotlight);
  // A past moment (History) shows the board then: nobody's pointer is on it.
  const past = useBoardStore((state) => state.moment !== undefined);
  const editingId = useBoardStore((state) => state.editingId);
  const viewPlaced = useBoardStore((state) => state.firstViewReady);
  const store = useBoardStoreApi();
  const ops = useBoardOps();
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(new Map());

  const { board, hidden } = useMemo(() => collapseTree(fullBoard, collapsed), [fullBoard, collapsed]);
  const hintCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const hint of hints) counts.set(hint.causeId, (counts.get(hint.causeId) ?? 0) + 1);
    return counts;
  }, [hints]);
  const shape = shapeOf(board);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `shape` stands for the board's structure
  const positions = useMemo(() => layoutTree(board, measuredSize(sizes)), [shape, sizes]);
  const lit = useMemo(() => spotlitIds(board, spotlight), [board, spotlight]);
  const cards = useMemo(() => placedCards(board, positions, measuredSize(sizes)), [board, positions, sizes]);

  // A big board draws the cards near the screen: around the view it opens at (from the estimated sizes) until that
  // view is placed, then around the one on screen.
  const cull = board.causeIds.length > CULL_ABOVE;
  const pane = useStore(paneOf, shallow);
  const onScreen = useStore((state) => (cull && viewPlaced ? drawnArea(viewOf(state), paneOf(state)) : undefined), sameRect);
  const drawn = useMemo(() => {
    if (!cull) return undefined;
    if (pane.width === 0 || pane.height === 0) return new Set<string>();
    return cardsToDraw(cards, onScreen ?? drawnArea(firstView(cards, pane), pane), [COMPLAINT_ID, selectedId, editingId]);
  }, [cull, cards, pane, onScreen, selectedId, editingId]);
  const measured = cull ? drawn!.size > 0 && [...drawn!].every((id) => sizes.has(id)) : cards.every((card) => sizes.has(card.id));

  const previous = useRef(new Map<string, BoardNode>());
  const { nodes, edges } = useMemo(() => {
    const flow = toFlow({ board, positions, sizes, selectedId, hidden, hintCounts, lit, drawn }, previous.current);
    previous.current = new Map(flow.nodes.map((node) => [node.id, node]));
    return flow;
  }, [board, positions, sizes, selectedId, hidden, hintCounts, lit, drawn]);

  // React Flow measures cards; keep the sizes here (never in the document) and hand them back as `measured`.
  const onNodesChange = useCallback(
    (changes: NodeChange<BoardNode>[]) => {
      setSizes((current) => {
        let next: Map<string, Size> | undefined;
        for (const change of changes) {
          if (change.type !== 'dimensions' || !change.dimensions) continue;
          const before = current.get(change.id);
          const { width, height } = change.dimensions;
          if (before && before.width === width && before.height === height) continue;
          next ??= new Map(current);
          next.set(change.id, { width, height });
        }
        return next ?? current;
      });
      for (const change of changes) if (change.type === 'select' && change.selected) ops.select(change.id);
    },
    [ops],
  );

  return (
    <ReactFlow<BoardNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onMoveStart={(event) => {
        // A pan or zoom by hand (not one made by code, which has no event) leaves the facilitator's view.
        if (event && selectFollowing(store.getState())) ops.stopFollowing();
      }}
      onPaneClick={() => {
        ops.select(undefined);
        ops.stopEditing();
      }}
      nodesDraggable={false}
      nodesConnectable={false}
      deleteKeyCode={null}
      minZoom={0.1}
      maxZoom={1.5}
      disableKeyboardA11y
      defaultEdgeOptions={{ focusable: false }}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd2dc" />
      <Controls showInteractive={false} position="bottom-right" />
      <FitWhenMeasured cards={cards} ready={measured && pane.width > 0} />
      <BringCardIntoView cards={cards} />
      {!past && <RemoteCursors />}
      <TrackPointer />
      <ShareView />
      <FollowLeader />
    </ReactFlow>
  );
}

/**
 * Places the first view (`firstView`) once the cards drawn for it are measured, and says so (the page's `data-ready`).
 * Until then a big board draws only the cards of the view it expects, from the estimated sizes. While the page settles
 * after that (the meeting's bar arrives with the meeting, a banner appears), the canvas changes size: the first view is
 * placed again for it, unless the person has moved the view since.
 */
function FitWhenMeasured({ cards, ready }: { cards: readonly PlacedCard[]; ready: boolean }) {
  const { setViewport, getViewport } = useReactFlow<BoardNode>();
  const pane = useStore(paneOf, shallow);
  const { markFirstView } = useBoardOps();
  const latest = useRef(cards);
  /** The view placed, and the canvas's size it was placed for. */
  const placed = useRef<{ view: Viewport; pane: Pane } | undefined>(undefined);
  useEffect(() => {
    latest.current = cards;
  }, [cards]);
  useEffect(() => {
    if (!ready) return;
    const before = placed.current;
    if (before && ((before.pane.width === pane.width && before.pane.height === pane.height) || !sameView(getViewport(), before.view))) return;
    const view = firstView(latest.current, pane);
    placed.current = { view, pane };
    void setViewport(view).then(() => {
      // As React Flow holds it (its zoom kept within bounds), to tell later whether the person has moved it.
      placed.current = { view: getViewport(), pane };
      if (!before) markFirstView();
    });
  }, [ready, pane, setViewport, getViewport, markFirstView]);
  return null;
}

const sameView = (a: Viewport, b: Viewport) => Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-3;

/**
 * Brings a card into view when asked (a step clicked in the chains view, a keyboard move, a new "why?"), and fits the
 * whole tree when asked (Shift+1). Pans only when the card is off screen, at the current zoom.
 */
function BringCardIntoView({ cards }: { cards: readonly PlacedCard[] }) {
  const inView = useBoardStore((state) => state.inView);
  const fitRequest = useBoardStore((state) => state.fitRequest);
  const { getInternalNode, getViewport, setCenter, setViewport } = useReactFlow();
  const latest = useRef(cards);
  useEffect(() => {
    latest.current = cards;
  }, [cards]);

  useEffect(() => {
    if (fitRequest === 0) return;
    // The whole tree, from the layout: on a big board most cards are not drawn, so React Flow's fitView would miss them.
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return;
    void setViewport(getViewportForBounds(boundsOf(latest.current), pane.width, pane.height, FIT.minZoom, FIT.maxZoom, FIT.padding), { duration: 250 });
  }, [fitRequest, setViewport]);

  useEffect(() => {
    if (!inView) return;
    // Two frames: the card may only just have been added, measured and laid out.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const node = getInternalNode(inView.id);
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        if (!node || !pane) return;
        const { x, y, zoom } = getViewport();
        const { width = 0, height = 0 } = node.measured;
        const { x: nodeX, y: nodeY } = node.internals.positionAbsolute;
        const left = nodeX * zoom + x;
        const top = nodeY * zoom + y;
        const visible = left >= 0 && top >= 0 && left + width * zoom <= pane.width && top + height * zoom <= pane.height;
        if (!visible) {
          // At the same zoom (a smooth flight zooms out on the way, and a key pressed meanwhile would keep that zoom), and
          // at once when the card is far: a long glide over a big board shows nothing useful.
          const far =
            Math.abs(left + (width * zoom) / 2 - pane.width / 2) > 2 * pane.width || Math.abs(top + (height * zoom) / 2 - pane.height / 2) > 2 * pane.height;
          void setCenter(nodeX + width / 2, nodeY + height / 2, { zoom, duration: far ? 0 : 250, interpolate: 'linear' });
        }
        // Keyboard users land on the card (screen readers announce it), unless they are typing somewhere. On a big board
        // a card far away is drawn once the view gets there: a few frames more.
        const focus = (frames: number) => {
          if (isTextEntry(document.activeElement)) return;
          const card = cardElement(inView.id);
          if (card) card.focus({ preventScroll: true });
          else if (frames > 0) frame = requestAnimationFrame(() => focus(frames - 1));
        };
        focus(30);
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [inView, getInternalNode, getViewport, setCenter]);
  return null;
}

/** Cursor updates a second at most: smooth enough to follow, light on the wire. */
const CURSOR_HZ = 20;

/** Shares this person's pointer over the canvas, in flow coordinates, throttled; clears it when the pointer leaves. */
function TrackPointer() {
  const { screenToFlowPosition } = useReactFlow();
  const { moveCursor } = useBoardOps();
  useEffect(() => {
    const pane = document.querySelector<HTMLElement>('.react-flow');
    if (!pane) return;
    const cursor = throttle((point: { x: number; y: number }) => moveCursor(screenToFlowPosition(point)), CURSOR_HZ);
    const onMove = (event: PointerEvent) => cursor.push({ x: event.clientX, y: event.clientY });
    const onLeave = () => {
      cursor.cancel();
      moveCursor(undefined);
    };
    pane.addEventListener('pointermove', onMove);
    pane.addEventListener('pointerleave', onLeave);
    return () => {
      pane.removeEventListener('pointermove', onMove);
      pane.removeEventListener('pointerleave', onLeave);
      cursor.cancel();
    };
  }, [screenToFlowPosition, moveCursor]);
  return null;
}
