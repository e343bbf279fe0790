import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type NodeChange,
  type Rect,
  type Viewport,
} from '@xyflow/react';
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
import { layoutTree, type Size } from '../../../shared/tree/layoutTree';
import { measuredSize } from './cardSizes';
import { toFlow, type BoardNode } from './toFlow';
import { cardElement } from './cardElement';
import { isTextEntry } from '../commands/isTextEntry';
import { throttle } from '../../lib/throttle';

const nodeTypes = { complaint: ComplaintNode, cause: CauseNode };
/** Shift+1: everything, however small. */
const FIT = { padding: 0.1, maxZoom: 1, minZoom: 0.1 };
/** Below this zoom a card's text is hard to read on a meeting-room screen. */
const READABLE_ZOOM = 0.7;
/** The least zoom a board opens at to show the whole tree, or its deepest chain: small, but every card still reads. */
const FIRST_VIEW_ZOOM = 0.5;
/** …and the least it opens at to show the complaint and the deepest chain, when the whole tree would be smaller. */
const CHAIN_VIEW_ZOOM = 0.3;
/** Above this many cards, React Flow renders only what is on screen. */
const CULL_ABOVE = 150;

/** A key that changes exactly when the tree's shape does: layout depends on nothing else but sizes. */
const shapeOf = (board: BoardSnapshot) => board.causeIds.map((id) => `${id}<${board.causes[id]!.parentId}`).join(',');

/** The board as a tree of cards, laid out automatically. Cards are not dragged: the tree is the layout. */
export function Canvas({ board: fullBoard }: { board: BoardSnapshot }) {
  const selectedId = useBoardStore((state) => state.selectedId);
  const collapsed = useBoardStore((state) => state.collapsed);
  const hints = useBoardStore((state) => state.hints);
  const spotlight = useBoardStore((state) => state.meeting?.spotlight);
  // A past moment (History) shows the board then: nobody's pointer is on it.
  const past = useBoardStore((state) => state.moment !== undefined);
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
  const previous = useRef(new Map<string, BoardNode>());
  const { nodes, edges } = useMemo(() => {
    const flow = toFlow({ board, positions, sizes, selectedId, hidden, hintCounts, lit }, previous.current);
    previous.current = new Map(flow.nodes.map((node) => [node.id, node]));
    return flow;
  }, [board, positions, sizes, selectedId, hidden, hintCounts, lit]);

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
      onlyRenderVisibleElements={board.causeIds.length > CULL_ABOVE}
      disableKeyboardA11y
      defaultEdgeOptions={{ focusable: false }}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd2dc" />
      <Controls showInteractive={false} position="bottom-right" />
      <FitWhenMeasured />
      <BringCardIntoView />
      {!past && <RemoteCursors />}
      <TrackPointer />
      <ShareView />
      <FollowLeader />
    </ReactFlow>
  );
}

/**
 * The first view of a board, so the team sees where the analysis stands: the whole tree if it fits at a zoom where
 * cards still read; otherwise the complaint and its deepest chain (where the root cause usually is); otherwise, for a
 * chain too deep for that, the complaint with as many levels of causes as fit, top-aligned.
 */
function FitWhenMeasured() {
  const initialized = useNodesInitialized();
  const { getNodes, getNodesBounds, setViewport } = useReactFlow<BoardNode>();
  const { markFirstView } = useBoardOps();
  const done = useRef(false);
  useEffect(() => {
    if (!initialized || done.current) return;
    done.current = true;
    requestAnimationFrame(() => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!pane) return;
      const pad = 40;
      const nodes = getNodes();
      const fitZoom = (bounds: Rect) => Math.min(1, (pane.width - 2 * pad) / bounds.width, (pane.height - 2 * pad) / bounds.height);
      const centred = (bounds: Rect, zoom: number) => ({
        x: pane.width / 2 - (bounds.x + bounds.width / 2) * zoom,
        y: pane.height / 2 - (bounds.y + bounds.height / 2) * zoom,
        zoom,
      });
      const whole = getNodesBounds(nodes);
      const chain = getNodesBounds(deepestChain(nodes));
      let view: Viewport;
      if (fitZoom(whole) >= FIRST_VIEW_ZOOM) view = centred(whole, fitZoom(whole));
      else if (fitZoom(chain) >= CHAIN_VIEW_ZOOM) view = centred(chain, fitZoom(chain));
      else {
        const depthOf = (node: BoardNode) => (node.type === 'cause' ? node.data.cause.depth : 0);
        let bounds = whole;
        for (let depth = Math.max(0, ...nodes.map(depthOf)); depth >= 0 && bounds.width * READABLE_ZOOM > pane.width - 2 * pad; depth--) {
          bounds = getNodesBounds(nodes.filter((node) => depthOf(node) <= depth));
        }
        const zoom = Math.max(READABLE_ZOOM, fitZoom(bounds));
        view = { x: pane.width / 2 - (bounds.x + bounds.width / 2) * zoom, y: pad - bounds.y * zoom, zoom };
      }
      void setViewport(view).then(markFirstView);
    });
  }, [initialized, getNodes, getNodesBounds, setViewport, markFirstView]);
  return null;
}

/** The complaint and the causes from it to the deepest one (the first root cause of that depth, if any). */
function deepestChain(nodes: BoardNode[]): BoardNode[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  let deepest: BoardNode | undefined;
  for (const node of nodes) {
    if (node.type !== 'cause') continue;
    const best = deepest?.type === 'cause' ? deepest.data.cause : undefined;
    const { depth, isRoot } = node.data.cause;
    if (!best || depth > best.depth || (depth === best.depth && isRoot && !best.isRoot)) deepest = node;
  }
  const chain: BoardNode[] = [];
  for (let node = deepest; node?.type === 'cause'; node = byId.get(node.data.cause.parentId)) chain.push(node);
  const complaint = byId.get(COMPLAINT_ID);
  return complaint ? [complaint, ...chain] : chain;
}

/**
 * Brings a card into view when asked (a step clicked in the chains view, a keyboard move, a new "why?"), and fits the
 * whole tree when asked (Shift+1). Pans only when the card is off screen, at the current zoom.
 */
function BringCardIntoView() {
  const inView = useBoardStore((state) => state.inView);
  const fitRequest = useBoardStore((state) => state.fitRequest);
  const { getInternalNode, getViewport, setCenter, fitView } = useReactFlow();

  useEffect(() => {
    if (fitRequest > 0) void fitView({ ...FIT, duration: 250 });
  }, [fitRequest, fitView]);

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
        if (!visible) void setCenter(nodeX + width / 2, nodeY + height / 2, { zoom, duration: 250 });
        // Keyboard users land on the card (screen readers announce it), unless they are typing somewhere.
        if (!isTextEntry(document.activeElement)) {
          cardElement(inView.id)?.focus({ preventScroll: true });
        }
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
