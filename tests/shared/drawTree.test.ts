import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, editCause, readBoard, seedExample, updateCause } from '../../shared/board';
import { REPORT_FIGURES } from '../../shared/report/blocks';
import { drawTree, pageFigures, textWidth, treeSvg, wrapText, type DrawnCard, type TreeDrawing } from '../../shared/tree';
import { TEST_ORIGIN, makeBoard } from '../fixtures/makeBoard';
import * as Y from 'yjs';

const FONT = { size: 12 };
const words = (text: string | string[]) => (Array.isArray(text) ? text.join(' ') : text).split(/\s+/).filter(Boolean);

describe('wrapText', () => {
  it('breaks at spaces, every line within the width, no word lost or reordered', () => {
    const text = 'Ordering the yearly price forms depended on one person, with no hand-over when the manager left in March';
    const lines = wrapText(text, FONT, 180);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, FONT)).toBeLessThanOrEqual(180);
    expect(words(lines)).toEqual(words(text));
  });

  it('cuts a long text at its line limit with an ellipsis, at a word', () => {
    const lines = wrapText('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen', FONT, 90, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/\p{L}…$/u);
    expect(textWidth(lines[1]!, FONT)).toBeLessThanOrEqual(90);
    expect(lines[1]).not.toMatch(/\s…$/);
  });

  it('breaks a word longer than a line, and Japanese between characters', () => {
    const long = wrapText('https://example.com/a/very/long/address/that/has/no/spaces/at/all', FONT, 100);
    expect(long.length).toBeGreaterThan(2);
    for (const line of long) expect(textWidth(line, FONT)).toBeLessThanOrEqual(100);
    expect(long.join('')).toBe('https://example.com/a/very/long/address/that/has/no/spaces/at/all');
    const japanese = wrapText('山田太郎様のご注文は配送センターで二日間止まっていました', FONT, 100);
    expect(japanese.length).toBeGreaterThan(1);
    expect(japanese.join('')).toBe('山田太郎様のご注文は配送センターで二日間止まっていました');
  });

  it('keeps the text’s own line breaks but not its blank lines, and reads CR and CRLF as breaks', () => {
    expect(wrapText('first\r\n\r\nsecond\rthird', FONT, 500)).toEqual(['first', 'second', 'third']);
    expect(wrapText('', FONT, 500)).toEqual([]);
  });
});

/** The example board from the method: a chain of five whys to a root cause, and a ruled-out branch. */
function example() {
  const doc = new Y.Doc();
  seedExample(doc, TEST_ORIGIN);
  return readBoard(doc);
}

const inner = (card: DrawnCard) => card.width - 24;

function expectWellDrawn(drawing: TreeDrawing) {
  for (const card of drawing.cards) {
    expect(card.x).toBeGreaterThanOrEqual(0);
    expect(card.y).toBeGreaterThanOrEqual(0);
    expect(card.x + card.width).toBeLessThanOrEqual(drawing.width);
    expect(card.y + card.height).toBeLessThanOrEqual(drawing.height);
    for (const line of card.lines) {
      expect(textWidth(line.text, line.font)).toBeLessThanOrEqual(inner(card));
      expect(line.top + line.lineHeight).toBeLessThanOrEqual(card.height);
    }
  }
  // No two cards overlap.
  for (const a of drawing.cards) {
    for (const b of drawing.cards) {
      if (a === b) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
    }
  }
}

describe('drawTree', () => {
  it('draws every card as a reader needs it: depth, status, answer, evidence, the root cause marked, no controls', () => {
    const board = example();
    const drawing = drawTree(board);
    expectWellDrawn(drawing);
    expect(drawing.cards).toHaveLength(board.causeIds.length + 1);
    expect(drawing.edges).toHaveLength(board.causeIds.length);
    const text = (card: DrawnCard) => card.lines.map((line) => line.text).join('\n');
    const complaint = drawing.cards.find((card) => card.id === COMPLAINT_ID)!;
    expect(text(complaint)).toMatch(/^THE COMPLAINT\nBookshop customers\n“I paid more/);
    const root = drawing.cards.find((card) => card.id === board.rootCauseIds[0])!;
    expect(text(root)).toMatch(/^WHY 5\nCONFIRMED\nOrdering the yearly price forms[\s\S]*\nEvidence: [\s\S]*\nROOT CAUSE$/);
    expect(root.stroke).not.toBe(drawing.cards.find((card) => card.id === board.causeIds[0])!.stroke);
    const ruledOut = drawing.cards.find((card) => board.causes[card.id]?.status === 'ruledOut')!;
    expect(ruledOut.dashed).toBe(true);
    expect(text(ruledOut)).toMatch(/^WHY 2\nRULED OUT\n/);
    for (const card of drawing.cards) expect(text(card)).not.toMatch(/Ask why|Delete|Fold|hint/i);
  });

  it('cuts a long answer with an ellipsis and says how many causes a folded card hides', () => {
    const doc = makeBoard('complaint > a > b > c');
    editCause(doc, 'a', 'word '.repeat(200).trim(), TEST_ORIGIN);
    updateCause(doc, 'a', { inControl: false }, TEST_ORIGIN);
    const board = readBoard(doc);
    const drawing = drawTree({ ...board, causes: { ...board.causes, a: { ...board.causes.a!, childIds: [] } } }, { folded: new Map([['a', 2]]) });
    expectWellDrawn(drawing);
    const a = drawing.cards.find((card) => card.id === 'a')!.lines.map((line) => line.text);
    expect(a.filter((line) => line.startsWith('word')).at(-1)).toMatch(/word…$/);
    expect(a).toContain('Outside our control');
    expect(a).toContain('2 causes folded');
    expect(drawing.cards.map((card) => card.id)).toEqual([COMPLAINT_ID, 'a']);
  });

  it('escapes every text in the SVG', () => {
    const doc = makeBoard('complaint > a');
    editCause(doc, 'a', '<script>alert("x")</script> & \'quoted\'', TEST_ORIGIN);
    const svg = treeSvg(drawTree(readBoard(doc)), { title: 'A <title>' });
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    expect(svg).toContain('&apos;quoted&apos;');
    expect(svg).toContain('<title>A &lt;title&gt;</title>');
    expect(svg).not.toContain('<script');
  });
});

describe('pageFigures', () => {
  const readable = (drawing: TreeDrawing) =>
    Math.min(1, REPORT_FIGURES.width / drawing.width, REPORT_FIGURES.height / drawing.height) >= REPORT_FIGURES.minScale;

  it('draws a tree that fits the page as one figure', () => {
    const figures = pageFigures(example(), REPORT_FIGURES);
    expect(figures.map((figure) => figure.caption)).toEqual(['Figure 1. The whole tree']);
    expect(readable(figures[0]!.drawing)).toBe(true);
  });

  it('splits a wide tree into readable figures that together show every cause, each continuation named', () => {
    const chains = Array.from({ length: 6 }, (_, i) => `complaint > b${i} > b${i}x > b${i}y`).concat(Array.from({ length: 6 }, (_, i) => `b${i} > b${i}z`));
    const board = readBoard(makeBoard(...chains));
    const figures = pageFigures(board, REPORT_FIGURES);
    expect(figures.length).toBeGreaterThan(1);
    expect(figures[0]!.caption).toBe('Figure 1. From the complaint');
    const shown = new Set(figures.flatMap((figure) => figure.drawing.cards.map((card) => card.id)));
    for (const id of board.causeIds) expect(shown).toContain(id);
    for (const figure of figures) {
      expectWellDrawn(figure.drawing);
      // One level can be wider than a page (six causes side by side); a figure of more levels never is.
      const levels = new Set(figure.drawing.cards.map((card) => card.y)).size;
      if (levels > 2) expect(readable(figure.drawing)).toBe(true);
    }
    // Every "continued in figure N" names a figure that starts from that card.
    for (const figure of figures) {
      for (const card of figure.drawing.cards) {
        const next = card.lines.map((line) => /^Continued in figure (\d+)$/.exec(line.text)?.[1]).find(Boolean);
        if (next) expect(figures[Number(next) - 1]!.drawing.cards[0]!.id).toBe(card.id);
      }
    }
  });

  it('stops at its figure limit on a chain of 2,000 and leaves the rest to the list', () => {
    const board = readBoard(makeBoard(['complaint', ...Array.from({ length: 2000 }, (_, i) => `c${i}`)].join(' > ')));
    const figures = pageFigures(board, REPORT_FIGURES);
    expect(figures).toHaveLength(REPORT_FIGURES.maxFigures);
    const last = figures.at(-1)!.drawing.cards.flatMap((card) => card.lines.map((line) => line.text));
    expect(last).toContain('Continued in the list below');
  });
});
