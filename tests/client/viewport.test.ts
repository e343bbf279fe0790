/**
 * What a big board draws (`cardsToDraw`, `drawnArea`) and where any board opens (`firstView`), on laid-out trees.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, askWhy, initBoard, readBoard, type BoardSnapshot } from '../../shared/board';
import { layoutTree } from '../../shared/tree/layoutTree';
import { measuredSize } from '../../client/board/canvas/cardSizes';
import { boundsOf, cardsToDraw, deepestChain, drawnArea, firstView, type PlacedCard } from '../../client/board/canvas/viewport';
import { growTree } from '../fixtures/growTree';

function laidOut(grow: number | ((doc: Y.Doc) => void)): { board: BoardSnapshot; cards: PlacedCard[] } {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Overcharged', complaint: { text: 'You charged me twice!', customer: 'Łukasz' } }, 'test');
  if (typeof grow === 'number') growTree(doc, grow);
  else grow(doc);
  const board = readBoard(doc);
  const sizeOf = measuredSize(new Map());
  const positions = layoutTree(board, sizeOf);
  const card = (id: string): PlacedCard => {
    const cause = board.causes[id];
    return { id, parentId: cause?.parentId, depth: cause?.depth ?? 0, isRoot: cause?.isRoot ?? false, ...positions.get(id)!, ...sizeOf(id) };
  };
  return { board, cards: [card(COMPLAINT_ID), ...board.causeIds.map(card)] };
}

const pane = { width: 900, height: 600 };
const onScreen = (card: PlacedCard, view: { x: number; y: number; zoom: number }) =>
  card.x * view.zoom + view.x < pane.width &&
  (card.x + card.width) * view.zoom + view.x > 0 &&
  card.y * view.zoom + view.y < pane.height &&
  (card.y + card.height) * view.zoom + view.y > 0;

describe('a big board draws the cards near the screen', () => {
  const { cards } = laidOut(1000);

  it('draws every card that is on screen, and a few hundred at most of a thousand', () => {
    const centredOn = (card: PlacedCard, zoom: number) => ({ x: pane.width / 2 - card.x * zoom, y: pane.height / 2 - card.y * zoom, zoom });
    for (const view of [firstView(cards, pane), centredOn(cards[500]!, 1), centredOn(cards[999]!, 0.4), centredOn(cards[40]!, 0.7)]) {
      const drawn = cardsToDraw(cards, drawnArea(view, pane), []);
      const visible = cards.filter((card) => onScreen(card, view));
      expect(visible.length).toBeGreaterThan(0);
      for (const card of visible) expect(drawn.has(card.id)).toBe(true);
      expect(drawn.size).toBeLessThan(300);
    }
  });

  it('draws both ends of every link that crosses the screen, so no line leads nowhere', () => {
    const view = { x: pane.width / 2 - cards[300]!.x * 0.8, y: pane.height / 2 - cards[300]!.y * 0.8, zoom: 0.8 };
    const area = drawnArea(view, pane);
    const drawn = cardsToDraw(cards, area, []);
    const byId = new Map(cards.map((card) => [card.id, card]));
    let crossing = 0;
    for (const card of cards) {
      if (!card.parentId) continue;
      const link = boundsOf([card, byId.get(card.parentId)!]);
      const crosses = link.x < area.x + area.width && area.x < link.x + link.width && link.y < area.y + area.height && area.y < link.y + link.height;
      if (!crosses) continue;
      crossing++;
      expect(drawn.has(card.id) && drawn.has(card.parentId)).toBe(true);
    }
    expect(crossing).toBeGreaterThan(0);
  });

  it('keeps the selected card and the one being typed in, wherever they are', () => {
    const far = cards.at(-1)!;
    const view = { x: 0, y: 0, zoom: 1 };
    expect(cardsToDraw(cards, drawnArea(view, pane), []).has(far.id)).toBe(false);
    expect(cardsToDraw(cards, drawnArea(view, pane), [far.id, undefined, 'no-such-card'])).toContain(far.id);
    expect(cardsToDraw(cards, drawnArea(view, pane), ['no-such-card']).has('no-such-card')).toBe(false);
  });

  it('keeps the drawn area for small pans (nothing redrawn) and covers the screen with a margin', () => {
    const at = (x: number) => drawnArea({ x, y: 0, zoom: 1 }, pane);
    expect(at(-10)).toEqual(at(-20));
    const area = at(-1_234);
    expect(area.x).toBeLessThanOrEqual(1_234 - 400);
    expect(area.x + area.width).toBeGreaterThanOrEqual(1_234 + pane.width + 400);
    // Zoomed out, the same screen covers more of the board.
    const out = drawnArea({ x: 0, y: 0, zoom: 0.25 }, pane);
    expect(out.width).toBeGreaterThanOrEqual(pane.width / 0.25);
  });
});

describe('where a board opens', () => {
  it('shows a small tree whole', () => {
    const { cards } = laidOut(4);
    const view = firstView(cards, pane);
    for (const card of cards) expect(onScreen(card, view)).toBe(true);
  });

  it('shows the complaint and the deepest chain of a tree too wide to read whole', () => {
    // Ten answers to the complaint, the first asked why five times more.
    const { board, cards } = laidOut((doc) => {
      const first = askWhy(doc, COMPLAINT_ID, { text: 'The renewal ran twice' }, 'test');
      for (let i = 0; i < 9; i++) askWhy(doc, COMPLAINT_ID, { text: `Another reason ${i}` }, 'test');
      let deeper = first;
      for (let i = 0; i < 5; i++) deeper = askWhy(doc, deeper, { text: `Because of step ${i}` }, 'test');
    });
    const chain = deepestChain(cards);
    expect(chain[0]!.id).toBe(COMPLAINT_ID);
    expect(Math.max(...chain.map((card) => card.depth))).toBe(Math.max(...board.causeIds.map((id) => board.causes[id]!.depth)));
    const view = firstView(cards, pane);
    for (const card of chain) expect(onScreen(card, view)).toBe(true);
    expect(cards.some((card) => !onScreen(card, view))).toBe(true); // not the whole tree: it would not read
  });

  it('opens a board of a thousand causes on its complaint, at a zoom where cards read', () => {
    const { cards } = laidOut(1000);
    const view = firstView(cards, pane);
    expect(view.zoom).toBeGreaterThanOrEqual(0.7);
    expect(onScreen(cards[0]!, view)).toBe(true);
  });
});
