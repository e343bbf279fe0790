import type { Block, DocumentParts, Inline } from './blocks';

/**
 * Unicode's explicit direction controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the
 * marks (U+200E, U+200F, U+061C). In a document they make text read other than it is stored ("…gnp.exe" shown as
 * "…exe.png", a PDF header drawn backwards; CVE-2021-42574 "Trojan Source"), and a report never needs them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** `text` without direction controls. */
export const stripBidiControls = (text: string) => text.replace(BIDI_CONTROLS, '');

const inline = (part: Inline): Inline => (typeof part === 'string' ? stripBidiControls(part) : { ...part, text: stripBidiControls(part.text) });

function block(b: Block): Block {
  switch (b.kind) {
    case 'heading':
    case 'quote':
      return { ...b, text: stripBidiControls(b.text) };
    case 'paragraph':
      return { ...b, content: b.content.map(inline) };
    case 'list':
      return { ...b, items: b.items.map((item) => ({ ...item, content: item.content.map(inline), ...(item.note ? { note: stripBidiControls(item.note) } : {}) })) };
    case 'table':
      return { ...b, header: b.header.map(stripBidiControls), rows: b.rows.map((row) => row.map(stripBidiControls)) };
    case 'image':
      return { ...b, alt: stripBidiControls(b.alt) };
    case 'rule':
      return b;
  }
}

/** A document with every direction control taken out of its text, whatever format it is rendered to. */
export function withoutBidiControls({ title, running, blocks }: DocumentParts): DocumentParts {
  return { title: stripBidiControls(title), running: stripBidiControls(running), blocks: blocks.map(block) };
}
