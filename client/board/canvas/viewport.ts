import type { Rect, Viewport } from '@xyflow/react';
import { COMPLAINT_ID } from '../../../shared/board';

/** A card where the layout put it, at its size (as measured, or as estimated until it is). */
export interface PlacedCard extends Rect {
  id: string;
  /** The card it answers (none for the complaint). */
  parentId?: string;
  depth: number;
  isRoot: boolean;
}

/** The canvas's size on screen, in pixels. */
export interface Pane {
  width: number;
  height: number;
}

/** Below this zoom a card's text is hard to read on a meeting-room screen. */
const READABLE_ZOOM = 0.7;
/** The least zoom a board opens at to show the whole tree, or its deepest chain: small, but every card still reads. */
const FIRST_VIEW_ZOOM = 0.5;
/** …and the least it opens at to show the complaint and the deepest chain, when the whole tree would be smaller. */
const CHAIN_VIEW_ZOOM = 0.3;
/** Space kept free around what a view fits, in pixels. */
const PAD = 40;

export function boundsOf(cards: readonly Rect[]): Rect {
  if (cards.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y, width, height } of cards) {
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + width);
    bottom = Math.max(bottom, y + height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The first view of a board, so the team sees where the analysis stands: the whole tree if it fits at a zoom where
 * cards still read; otherwise the complaint and its deepest chain (where the root cause usually is); otherwise, for a
 * chain too deep for that, the complaint with as many levels of causes as fit, top-aligned.
 */
export function firstView(cards: readonly PlacedCard[], pane: Pane): Viewport {
  const fitZoom = (bounds: Rect) => Math.min(1, (pane.width - 2 * PAD) / bounds.width, (pane.height - 2 * PAD) / bounds.height);
  const centred = (bounds: Rect, zoom: number) => ({
    x: pane.width / 2 - (bounds.x + bounds.width / 2) * zoom,
    y: pane.height / 2 - (bounds.y + bounds.height / 2) * zoom,
    zoom,
  });
  const whole = boundsOf(cards);
  if (fitZoom(whole) >= FIRST_VIEW_ZOOM) return centred(whole, fitZoom(whole));
  const chain = boundsOf(deepestChain(cards));
  if (fitZoom(chain) >= CHAIN_VIEW_ZOOM) return centred(chain, fitZoom(chain));
  let bounds = whole;
  for (let depth = Math.max(0, ...cards.map((card) => card.depth)); depth >= 0 && bounds.width * READABLE_ZOOM > pane.width - 2 * PAD; depth--) {
    bounds = boundsOf(cards.filter((card) => card.depth <= depth));
  }
  const zoom = Math.max(READABLE_ZOOM, fitZoom(bounds));
  return { x: pane.width / 2 - (bounds.x + bounds.width / 2) * zoom, y: PAD - bounds.y * zoom, zoom };
}

/** The complaint and the causes from it to the deepest one (the first root cause of that depth, if any). */
export function deepestChain(cards: readonly PlacedCard[]): PlacedCard[] {
  const byId = new Map(cards.map((card) => [card.id, card]));
  let deepest: PlacedCard | undefined;
  for (const card of cards) {
    if (card.id === COMPLAINT_ID) continue;
    if (!deepest || card.depth > deepest.depth || (card.depth === deepest.depth && card.isRoot && !deepest.isRoot)) deepest = card;
  }
  const chain: PlacedCard[] = [];
  for (let card = deepest; card && card.id !== COMPLAINT_ID; card = card.parentId === undefined ? undefined : byId.get(card.parentId)) chain.push(card);
  const complaint = byId.get(COMPLAINT_ID);
  return complaint ? [complaint, ...chain] : chain;
}

/** The grid, in pixels on screen, to which the drawn part of a big board snaps: panning within a cell draws nothing new. */
const CELL_PX = 480;

/**
 * The part of the canvas (in flow coordinates) whose cards are drawn for a view: what is on screen and a cell around
 * it, snapped outward to a grid so that small pans keep it the same.
 */
export function drawnArea({ x, y, zoom }: Viewport, pane: Pane): Rect {
  // The grid changes with the zoom only by steps of √2, so a zoom gesture redraws a few times, not at every frame.
  const cell = CELL_PX / 2 ** (Math.round(Math.log2(zoom) * 2) / 2);
  const left = Math.floor(-x / zoom / cell - 1) * cell;
  const top = Math.floor(-y / zoom / cell - 1) * cell;
  const right = Math.ceil((pane.width - x) / zoom / cell + 1) * cell;
  const bottom = Math.ceil((pane.height - y) / zoom / cell + 1) * cell;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The cards to draw for an area: those in it, both ends of every link that crosses it (so no line on screen leads
 * nowhere), and the ones that must stay (the complaint, the selected card, the one being typed in).
 */
export function cardsToDraw(cards: readonly PlacedCard[], area: Rect, keep: ReadonlyArray<string | undefined>): Set<string> {
  const byId = new Map(cards.map((card) => [card.id, card]));
  const drawn = new Set<string>();
  for (const card of cards) {
    if (overlaps(card, area)) drawn.add(card.id);
    const parent = card.parentId === undefined ? undefined : byId.get(card.parentId);
    if (parent && overlaps(boundsOf([card, parent]), area)) drawn.add(card.id).add(parent.id);
  }
  for (const id of keep) if (id !== undefined && byId.has(id)) drawn.add(id);
  return drawn;
}
