import { COMPLAINT_ID, type CauseStatus } from '../board/layout';
import { layoutTree, type Point, type TreeShape } from './layoutTree';
import { ellipsis, textWidth, wrapText, type Font } from './wrapText';

/**
 * The why-tree drawn for a reader, from the board itself: the cards as a reader needs them (depth, status, the
 * answer, its evidence, root causes marked), with none of the canvas's controls. One drawing serves every picture of
 * the tree: the canvas export (SVG, PNG), the HTML report (inline SVG) and the PDF report (vector, real text). Lines
 * are broken here (shared/tree/wrapText.ts), so each renderer only places them.
 */
export interface TreeSource extends TreeShape {
  complaint: TreeShape['complaint'] & { text: string; customer: string };
  causes: Readonly<Record<string, TreeShape['causes'][string] & { text: string; status: CauseStatus; isRoot: boolean; evidence: string; inControl: boolean }>>;
}

export interface DrawnLine {
  text: string;
  /** From the card's top-left corner: where the line starts (or ends, with `align: 'end'`), and its box's top. */
  x: number;
  top: number;
  lineHeight: number;
  font: Font & { italic?: boolean };
  color: string;
  align?: 'end';
}

/** A card as drawn, wherever it goes. */
export interface CardLook {
  width: number;
  height: number;
  fill: string;
  stroke: string;
  strokeWidth: number;
  dashed?: boolean;
  lines: DrawnLine[];
}

export interface DrawnCard extends CardLook {
  id: string;
  /** Top-left corner, in the drawing. */
  x: number;
  y: number;
}

export interface DrawnEdge {
  from: Point;
  to: Point;
  color: string;
  dashed?: boolean;
}

/** An edge as an SVG path: down from the effect's foot, into the cause's top, as one smooth curve. */
export function edgePath({ from, to }: DrawnEdge): string {
  const r = (value: number) => Math.round(value * 10) / 10;
  const middle = r((from.y + to.y) / 2);
  return `M${r(from.x)} ${r(from.y)} C${r(from.x)} ${middle} ${r(to.x)} ${middle} ${r(to.x)} ${r(to.y)}`;
}

export interface TreeDrawing {
  width: number;
  height: number;
  cards: DrawnCard[];
  edges: DrawnEdge[];
}

/** The app's colours (client/styles.css), so a picture reads like the board. */
export const TREE_COLORS = {
  ink: '#111827',
  muted: '#5b6472',
  paper: '#ffffff',
  line: '#cfd5dd',
  edge: '#98a2b3',
  voice: '#b45309',
  voiceSoft: '#fff7ea',
  root: '#be123c',
  ok: '#15803d',
  warn: '#b45309',
  ruledOutFill: '#f3f4f6',
  ruledOutInk: '#6b7280',
  ruledOutLine: '#9ca3af',
  background: '#f4f6f9',
} as const;

const STATUS: Record<CauseStatus, { label: string; color: string }> = {
  hypothesis: { label: 'Hypothesis', color: TREE_COLORS.warn },
  confirmed: { label: 'Confirmed', color: TREE_COLORS.ok },
  ruledOut: { label: 'Ruled out', color: TREE_COLORS.ruledOutInk },
};

const PAD = 12;
const CARD_WIDTH = { complaint: 280, cause: 220 };
const KICKER: Font = { size: 9, bold: true };
const ANSWER: Font = { size: 12 };
const NOTE: Font = { size: 9.5 };
const LINE_HEIGHT = { kicker: 12, answer: 16, note: 13 };
const MAX_LINES = { complaint: 6, answer: 6, evidence: 2 };
export const TREE_SPACING = { between: 24, belowRank: 40 };
/** A card of one line: the least height any card has. */
const SHORTEST_CARD = 2 * PAD + LINE_HEIGHT.kicker + 6 + LINE_HEIGHT.answer;
/** Around the whole drawing. */
const MARGIN = 16;

export interface DrawOptions {
  rootId?: string;
  /** Levels under the root to draw; deeper causes are left for another figure. */
  maxDepth?: number;
  /** Causes folded on the canvas, with how many causes each hides. */
  folded?: ReadonlyMap<string, number>;
  /** A line at the foot of some cards: where their branch goes on (another figure), or where it came from. */
  notes?: ReadonlyMap<string, string>;
  /** Cards drawn before, by id and note: drawing the same tree again at other depths costs only its layout. */
  cache?: Map<string, CardLook>;
}

/** Lays lines down a card from the top, each block of them in its font and colour. */
class CardWriter {
  readonly lines: DrawnLine[] = [];
  y = PAD;
  constructor(readonly width: number) {}
  get inner() {
    return this.width - 2 * PAD;
  }
  kicker(left: string, right?: { text: string; color: string }) {
    const rightWidth = right ? textWidth(right.text, KICKER) : 0;
    const leftText = ellipsisIfWider(left, KICKER, this.inner - rightWidth - (right ? 8 : 0));
    this.lines.push({ text: leftText, x: PAD, top: this.y, lineHeight: LINE_HEIGHT.kicker, font: KICKER, color: TREE_COLORS.muted });
    if (right)
      this.lines.push({ text: right.text, x: this.width - PAD, top: this.y, lineHeight: LINE_HEIGHT.kicker, font: KICKER, color: right.color, align: 'end' });
    this.y += LINE_HEIGHT.kicker + 6;
  }
  block(texts: string[], font: DrawnLine['font'], lineHeight: number, color: string) {
    for (const text of texts) {
      this.lines.push({ text, x: PAD, top: this.y, lineHeight, font, color });
      this.y += lineHeight;
    }
  }
  gap(size: number) {
    this.y += size;
  }
  get height() {
    return this.y + PAD;
  }
}

const ellipsisIfWider = (text: string, font: Font, width: number) => (textWidth(text, font) <= width ? text : ellipsis(text, font, width));
const quoted = (text: string) => `“${text.trim()}”`;

function drawComplaint(source: TreeSource, notes: ReadonlyMap<string, string> | undefined): CardLook {
  const { text, customer } = source.complaint;
  const card = new CardWriter(CARD_WIDTH.complaint);
  card.kicker('THE COMPLAINT', customer.trim() ? { text: ellipsisIfWider(customer.trim(), KICKER, card.inner * 0.55), color: TREE_COLORS.voice } : undefined);
  const words = text.trim() ? wrapText(quoted(text), ANSWER, card.inner, MAX_LINES.complaint) : ['No words recorded'];
  card.block(words, { ...ANSWER, italic: !text.trim() }, LINE_HEIGHT.answer, text.trim() ? TREE_COLORS.ink : TREE_COLORS.muted);
  noteLines(card, notes?.get(COMPLAINT_ID) ? [notes.get(COMPLAINT_ID)!] : []);
  return { width: card.width, height: card.height, fill: TREE_COLORS.voiceSoft, stroke: TREE_COLORS.voice, strokeWidth: 1.5, lines: card.lines };
}

function noteLines(card: CardWriter, notes: string[]) {
  if (notes.length === 0) return;
  card.gap(5);
  for (const note of notes) card.block(wrapText(note, NOTE, card.inner, MAX_LINES.evidence), NOTE, LINE_HEIGHT.note, TREE_COLORS.muted);
}

function drawCause(source: TreeSource, id: string, { folded, notes }: DrawOptions): CardLook {
  const cause = source.causes[id]!;
  const ruledOut = cause.status === 'ruledOut';
  const status = STATUS[cause.status];
  const card = new CardWriter(CARD_WIDTH.cause);
  card.kicker(`WHY ${cause.depth}`, { text: status.label.toUpperCase(), color: status.color });
  const answer = cause.text.trim() ? wrapText(cause.text, ANSWER, card.inner, MAX_LINES.answer) : ['No answer yet'];
  card.block(answer, { ...ANSWER, italic: !cause.text.trim() }, LINE_HEIGHT.answer, ruledOut || !cause.text.trim() ? TREE_COLORS.ruledOutInk : TREE_COLORS.ink);
  const extra: string[] = [];
  if (cause.evidence.trim()) extra.push(`Evidence: ${cause.evidence.replace(/\s+/g, ' ').trim()}`);
  if (!cause.inControl) extra.push('Outside our control');
  const hidden = folded?.get(id);
  if (hidden) extra.push(`${hidden} ${hidden === 1 ? 'cause' : 'causes'} folded`);
  if (notes?.get(id)) extra.push(notes.get(id)!);
  noteLines(card, extra);
  if (cause.isRoot) {
    card.gap(6);
    card.block(['ROOT CAUSE'], KICKER, LINE_HEIGHT.kicker, TREE_COLORS.root);
  }
  return {
    width: card.width,
    height: card.height,
    fill: ruledOut ? TREE_COLORS.ruledOutFill : TREE_COLORS.paper,
    stroke: cause.isRoot ? TREE_COLORS.root : ruledOut ? TREE_COLORS.ruledOutLine : TREE_COLORS.line,
    strokeWidth: cause.isRoot ? 2 : 1,
    dashed: ruledOut,
    lines: card.lines,
  };
}

/** The tree (or the subtree under `rootId`, down to `maxDepth` levels), drawn and laid out, its top-left at (0, 0). */
export function drawTree(source: TreeSource, options: DrawOptions = {}): TreeDrawing {
  const rootId = options.rootId ?? COMPLAINT_ID;
  const cards = options.cache ?? new Map<string, CardLook>();
  const cardOf = (id: string) => {
    const key = `${id}\u0000${options.notes?.get(id) ?? ''}`;
    let card = cards.get(key);
    if (!card) cards.set(key, (card = id === COMPLAINT_ID ? drawComplaint(source, options.notes) : drawCause(source, id, options)));
    return card;
  };
  const positions = layoutTree(source, cardOf, { rootId, maxDepth: options.maxDepth, spacing: TREE_SPACING });
  let left = Infinity;
  let right = -Infinity;
  let bottom = 0;
  for (const [id, at] of positions) {
    left = Math.min(left, at.x);
    right = Math.max(right, at.x + cardOf(id).width);
    bottom = Math.max(bottom, at.y + cardOf(id).height);
  }
  const shift = (at: Point): Point => ({ x: at.x - left + MARGIN, y: at.y + MARGIN });
  const drawn: DrawnCard[] = [...positions].map(([id, at]) => ({ id, ...shift(at), ...cardOf(id) }));
  const byId = new Map(drawn.map((card) => [card.id, card]));
  const edges: DrawnEdge[] = [];
  for (const card of drawn) {
    const childIds = card.id === COMPLAINT_ID ? source.complaint.childIds : source.causes[card.id]!.childIds;
    for (const childId of childIds) {
      const child = byId.get(childId);
      if (!child) continue;
      const ruledOut = source.causes[childId]!.status === 'ruledOut';
      edges.push({
        from: { x: card.x + card.width / 2, y: card.y + card.height },
        to: { x: child.x + child.width / 2, y: child.y },
        color: source.causes[childId]!.isRoot ? TREE_COLORS.root : TREE_COLORS.edge,
        dashed: ruledOut,
      });
    }
  }
  return { width: Math.ceil(right - left + 2 * MARGIN), height: Math.ceil(bottom + 2 * MARGIN), cards: drawn, edges };
}

export interface TreeFigure {
  drawing: TreeDrawing;
  caption: string;
}

export interface PageOptions {
  /** The page's text column, in the drawing's units at scale 1. */
  width: number;
  /** The most of a page one figure may take. */
  height: number;
  /** Smaller than this, a card's text is too small to read: the tree is split into more figures instead. */
  minScale: number;
  /** Past this many figures the rest of the tree is left to the list that follows it. */
  maxFigures: number;
}

const depthOf = (source: TreeSource, id: string) => (id === COMPLAINT_ID ? 0 : source.causes[id]!.depth);
const childrenOf = (source: TreeSource, id: string) => (id === COMPLAINT_ID ? source.complaint.childIds : source.causes[id]!.childIds);

/**
 * The tree drawn for pages: one figure when it fits the page at a readable size; otherwise the top levels in one
 * figure, and each branch cut off at its foot drawn again, from that card down, in a figure of its own (the card says
 * which), and so on down. Breadth first, so figures read in the order of the tree's rows.
 */
export function pageFigures(source: TreeSource, page: PageOptions): TreeFigure[] {
  const figures: TreeFigure[] = [];
  const queue: Array<{ rootId: string; from?: number }> = [{ rootId: COMPLAINT_ID }];
  const readable = (drawing: TreeDrawing) => Math.min(1, page.width / drawing.width, page.height / drawing.height) >= page.minScale;
  const cache = new Map<string, CardLook>();
  const mostLevels = Math.max(1, Math.floor((page.height / page.minScale - 2 * MARGIN) / (SHORTEST_CARD + TREE_SPACING.belowRank)));
  while (queue.length > 0 && figures.length < page.maxFigures) {
    const { rootId, from } = queue.shift()!;
    const number = figures.length + 1;
    const rootDepth = depthOf(source, rootId);
    const levelOf = (id: string) => depthOf(source, id) - rootDepth;
    // No more levels than would fit the page's height were every card as short as a card can be.
    let deepest = 0;
    for (const stack = [rootId]; stack.length > 0 && deepest < mostLevels;) {
      const id = stack.pop()!;
      deepest = Math.max(deepest, levelOf(id));
      stack.push(...childrenOf(source, id));
    }
    /** The figure down to `levels` under its root: the cards at its foot whose branch goes on, and the drawing. */
    const attempt = (levels: number) => {
      const cut: string[] = [];
      for (const stack = [rootId]; stack.length > 0;) {
        const id = stack.pop()!;
        if (levelOf(id) === levels && childrenOf(source, id).length > 0) cut.push(id);
        else if (levelOf(id) < levels) stack.push(...[...childrenOf(source, id)].reverse());
      }
      const notes = new Map<string, string>();
      cut.forEach((id, i) => {
        const next = number + queue.length + i + 1;
        notes.set(id, next <= page.maxFigures ? `Continued in figure ${next}` : 'Continued in the list below');
      });
      if (from !== undefined) notes.set(rootId, `Continued from figure ${from}`);
      return { cut, drawing: drawTree(source, { rootId, maxDepth: levels, notes, cache }) };
    };
    // More levels never make a figure smaller: the most that stay readable, by bisection (at least one level).
    let best = attempt(deepest);
    if (!readable(best.drawing) && deepest > 1) {
      let [low, high] = [1, deepest - 1];
      best = attempt(low);
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        const tried = attempt(middle);
        if (readable(tried.drawing)) [low, best] = [middle, tried];
        else high = middle - 1;
      }
    }
    queue.push(...best.cut.map((id) => ({ rootId: id, from: number })));
    const what =
      rootId === COMPLAINT_ID
        ? best.cut.length === 0
          ? 'The whole tree'
          : 'From the complaint'
        : `Under why ${depthOf(source, rootId)}: ${quoted(oneLine(source.causes[rootId]!.text) || 'no answer yet')}`;
    figures.push({ drawing: best.drawing, caption: `Figure ${number}. ${what}` });
  }
  return figures;
}

const oneLine = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79).trimEnd()}…` : line;
};
