import { treeSvg } from '../tree/treeSvg';
import type { Block, DocumentParts, Inline } from './blocks';

export const PAPER_SIZES = ['A4', 'Letter'] as const;
export type Paper = (typeof PAPER_SIZES)[number];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);

const inline = (parts: Inline[]) =>
  parts
    .map((part) => {
      if (typeof part === 'string') return escapeHtml(part);
      const text = escapeHtml(part.text);
      return part.strong ? `<strong>${text}</strong>` : part.em ? `<em>${text}</em>` : text;
    })
    .join('')
    .replace(/\n/g, '<br>');

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${inline(b.content)}</p>`;
    case 'quote':
      return `<blockquote>${escapeHtml(b.text).replace(/\n/g, '<br>')}</blockquote>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const items = b.items.map((item) => {
        const indent = item.depth ? ` style="margin-left:${item.depth * 1.2}em"` : '';
        return `<li${indent}>${inline(item.content)}${item.note ? `<div class="note">${escapeHtml(item.note)}</div>` : ''}</li>`;
      });
      return `<${tag}${b.ordered && b.start && b.start !== 1 ? ` start="${b.start}"` : ''}>${items.join('')}</${tag}>`;
    }
    case 'table':
      return `<table><thead><tr>${b.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'rule':
      return '<hr>';
    case 'tree':
      return b.figures
        .map(({ drawing, caption }) => `<figure>${treeSvg(drawing, { title: caption })}<figcaption>${escapeHtml(caption)}</figcaption></figure>`)
        .join('\n');
  }
}

/** A standalone HTML page that reads well on screen and prints cleanly on the chosen paper. User text is escaped. */
export function renderHtml({ title, blocks }: DocumentParts, paper: Paper = 'A4'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  @page { size: ${paper === 'A4' ? 'A4' : 'letter'}; margin: 18mm 16mm; }
  body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; font: 11pt/1.5 Georgia, 'Times New Roman', serif; color: #111827; }
  h1, h2, h3 { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; line-height: 1.25; break-after: avoid; }
  h1 { font-size: 20pt; margin: 0 0 0.6em; }
  h2 { font-size: 14pt; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #d1d5db; }
  h3 { font-size: 12pt; margin: 1.2em 0 0.4em; }
  blockquote { margin: 0.8em 0; padding: 0.4em 1em; border-left: 3px solid #b45309; background: #fff7ea; }
  table { width: 100%; border-collapse: collapse; margin: 0.6em 0 1em; font-size: 9.5pt; }
  th, td { text-align: left; vertical-align: top; padding: 0.35em 0.5em; border-bottom: 1px solid #e5e7eb; }
  th { font-family: system-ui, sans-serif; font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.03em; color: #4b5563; }
  tr, li, blockquote { break-inside: avoid; }
  .note { color: #4b5563; font-size: 9.5pt; }
  figure { margin: 0.6em 0 1em; }
  figure svg { display: block; max-width: 100%; height: auto; }
  figcaption { font-family: system-ui, sans-serif; font-size: 9pt; color: #4b5563; margin-top: 0.3em; }
  figure { break-inside: avoid; }
  hr { border: none; border-top: 1px solid #d1d5db; margin: 1.2em 0; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
${blocks.map(block).join('\n')}
</body>
</html>
`;
}
