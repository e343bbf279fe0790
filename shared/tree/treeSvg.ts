import { TREE_COLORS, edgePath, type DrawnLine, type TreeDrawing } from './drawTree';

/** The fonts the PDF embeds, then whatever sans-serif the reader's system has. */
export const TREE_FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (char) => XML[char]!);
const n = (value: number) => String(Math.round(value * 10) / 10);

/** A line's baseline, from the top of its box: the text's middle sits at the box's middle. */
export const baseline = (line: DrawnLine) => line.top + (line.lineHeight + line.font.size * 0.7) / 2;

export interface SvgOptions {
  /** Read by screen readers and shown as a tooltip. */
  title: string;
  /** Paint the canvas's background behind the cards (a standalone picture); a document's figure has none. */
  background?: boolean;
}

/**
 * A drawing as a standalone SVG document: real text (selectable, searchable), the app's colours, sized in CSS pixels
 * with a viewBox, so it scales to any width. Every text is escaped.
 */
export function treeSvg(drawing: TreeDrawing, { title, background = false }: SvgOptions): string {
  const edges = drawing.edges.map(
    (edge) => `<path d="${edgePath(edge)}" fill="none" stroke="${edge.color}" stroke-width="1.5"${edge.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
  );
  const cards = drawing.cards.map((card) => {
    const texts = card.lines.map((line) => {
      const attributes = [
        `x="${n(card.x + line.x)}"`,
        `y="${n(card.y + baseline(line))}"`,
        `font-size="${line.font.size}"`,
        line.font.bold ? 'font-weight="700"' : '',
        line.font.italic ? 'font-style="italic"' : '',
        line.align === 'end' ? 'text-anchor="end"' : '',
        `fill="${line.color}"`,
      ].filter(Boolean);
      return `<text ${attributes.join(' ')}>${xml(line.text)}</text>`;
    });
    const rect = `<rect x="${n(card.x)}" y="${n(card.y)}" width="${n(card.width)}" height="${n(card.height)}" rx="8" fill="${card.fill}" stroke="${card.stroke}" stroke-width="${card.strokeWidth}"${card.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
    return `<g>${rect}${texts.join('')}</g>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${drawing.width}" height="${drawing.height}" viewBox="0 0 ${drawing.width} ${drawing.height}" role="img" font-family="${xml(TREE_FONT_FAMILY)}">`,
    `<title>${xml(title)}</title>`,
    background ? `<rect width="100%" height="100%" fill="${TREE_COLORS.background}"/>` : '',
    ...edges,
    ...cards,
    '</svg>',
  ].join('\n');
}
