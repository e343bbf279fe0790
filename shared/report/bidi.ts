import { stripBidiControls } from '../board';
import type { Block, DocumentParts, Inline } from './blocks';

const inline = (part: Inline): Inline => (typeof part === 'string' ? stripBidiControls(part) : { ...part, text: stripBidiControls(part.text) });

function block(b: Block): Block {
  switch (b.kind) {
    case 'heading':
    case 'quote':
      return { ...b, text: stripBidiControls(b.text) };
    case 'paragraph':
      return { ...b, content: b.content.map(inline) };
    case 'list':
      return {
        ...b,
        items: b.items.map((item) => ({ ...item, content: item.content.map(inline), ...(item.note ? { note: stripBidiControls(item.note) } : {}) })),
      };
    case 'table':
      return { ...b, header: b.header.map(stripBidiControls), rows: b.rows.map((row) => row.map(stripBidiControls)) };
    case 'tree':
      return {
        ...b,
        figures: b.figures.map(({ drawing, caption }) => ({
          caption: stripBidiControls(caption),
          drawing: {
            ...drawing,
            cards: drawing.cards.map((card) => ({ ...card, lines: card.lines.map((line) => ({ ...line, text: stripBidiControls(line.text) })) })),
          },
        })),
      };
    case 'rule':
      return b;
  }
}

/** A document with every direction control taken out of its text, whatever format it is rendered to. */
export function withoutBidiControls({ title, running, blocks }: DocumentParts): DocumentParts {
  return { title: stripBidiControls(title), running: stripBidiControls(running), blocks: blocks.map(block) };
}
