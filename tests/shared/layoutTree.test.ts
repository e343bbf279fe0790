import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, readBoard } from '../../shared/board';
import { LAYOUT_SPACING, layoutTree, type Size } from '../../shared/tree/layoutTree';
import { ESTIMATED_SIZE, measuredSize } from '../../client/board/canvas/cardSizes';
import { toFlow } from '../../client/board/canvas/toFlow';
import { reuseUnchanged } from '../../client/board/sync/reuseUnchanged';
import { editCause } from '../../shared/board';
import { TEST_ORIGIN, makeBoard } from '../fixtures/makeBoard';

const W = ESTIMATED_SIZE.cause.width;

describe('layoutTree', () => {
  it('keeps siblings in the order they were added, left to right, one row per depth', () => {
    const board = readBoard(makeBoard('complaint > a > a1', 'a > a2', 'complaint > b', 'complaint > c'));
    const at = layoutTree(board, measuredSize(new Map()));
    expect(at.get('a')!.x).toBeLessThan(at.get('b')!.x);
    expect(at.get('b')!.x).toBeLessThan(at.get('c')!.x);
    expect(at.get('a1')!.x).toBeLessThan(at.get('a2')!.x);
    expect(new Set(['a', 'b', 'c'].map((id) => at.get(id)!.y)).size).toBe(1);
    expect(at.get('a')!.y).toBe(ESTIMATED_SIZE.complaint.height + LAYOUT_SPACING.belowRank);
  });

  it('centres a parent over its children and never overlaps cards in a row', () => {
    const board = readBoard(makeBoard('complaint > a > a1', 'a > a2', 'a > a3', 'complaint > b > b1'));
    const at = layoutTree(board, measuredSize(new Map()));
    const centre = (id: string) => at.get(id)!.x + W / 2;
    expect(centre('a')).toBeCloseTo((centre('a1') + centre('a3')) / 2);
    const row = ['a1', 'a2', 'a3', 'b1'].map((id) => at.get(id)!.x);
    for (let i = 1; i < row.length; i++) expect(row[i]! - row[i - 1]!).toBeGreaterThanOrEqual(W + LAYOUT_SPACING.between);
  });

  it('uses measured sizes: a tall card pushes the next row down', () => {
    const board = readBoard(makeBoard('complaint > a > b'));
    const sizes = new Map<string, Size>([['a', { width: W, height: 400 }]]);
    const at = layoutTree(board, measuredSize(sizes));
    expect(at.get('b')!.y - at.get('a')!.y).toBe(400 + LAYOUT_SPACING.belowRank);
  });

  it('lays out a deep chain without recursion', () => {
    const chain = ['complaint', ...Array.from({ length: 300 }, (_, i) => `c${i}`)].join(' > ');
    const board = readBoard(makeBoard(chain));
    expect(layoutTree(board, measuredSize(new Map())).size).toBe(301);
  });

  it('lays out a subtree, or the top levels only, when asked', () => {
    const board = readBoard(makeBoard('complaint > a > a1 > a11', 'a > a2', 'complaint > b > b1'));
    const sub = layoutTree(board, measuredSize(new Map()), { rootId: 'a' });
    expect([...sub.keys()].sort()).toEqual(['a', 'a1', 'a11', 'a2']);
    expect(sub.get('a')).toEqual({ x: -W / 2, y: 0 });
    expect(sub.get('a1')!.y).toBe(ESTIMATED_SIZE.cause.height + LAYOUT_SPACING.belowRank);
    const top = layoutTree(board, measuredSize(new Map()), { maxDepth: 1 });
    expect([...top.keys()].sort()).toEqual(['a', 'b', 'complaint']);
  });
});

describe('toFlow', () => {
  it('hands back the same node object for a card that did not change', () => {
    const doc = makeBoard('complaint > a', 'complaint > b');
    const before = readBoard(doc);
    const first = toFlow({ board: before, positions: layoutTree(before, measuredSize(new Map())), sizes: new Map(), selectedId: undefined });
    editCause(doc, 'b', 'changed', TEST_ORIGIN);
    const after = reuseUnchanged(before, readBoard(doc));
    const second = toFlow(
      { board: after, positions: layoutTree(after, measuredSize(new Map())), sizes: new Map(), selectedId: undefined },
      new Map(first.nodes.map((node) => [node.id, node])),
    );
    const byId = (nodes: typeof first.nodes, id: string) => nodes.find((node) => node.id === id);
    expect(byId(second.nodes, 'a')).toBe(byId(first.nodes, 'a'));
    expect(byId(second.nodes, COMPLAINT_ID)).toBe(byId(first.nodes, COMPLAINT_ID));
    expect(byId(second.nodes, 'b')).not.toBe(byId(first.nodes, 'b'));
    expect(second.edges.map((edge) => `${edge.source}->${edge.target}`)).toEqual(['complaint->a', 'complaint->b']);
  });
});
