import type { Block, DocumentParts, Inline } from './blocks';

/**
 * User text made inert in Markdown: characters that would start emphasis, links, HTML, code or tables are escaped, and
 * so are those that would make a line a heading, a list item or a quote. Line breaks are kept. Parentheses and "!"
 * only matter next to "[", which is escaped, so they stay readable.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|~]/g, '\\$&')
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+-]|\d+[.)])/, '$1\\$2'))
    .join('\n');
}

const inline = (parts: Inline[]) =>
  parts
    .map((part) => {
      if (typeof part === 'string') return escapeMarkdown(part);
      const text = escapeMarkdown(part.text);
      return part.strong ? `**${text}**` : part.em ? `*${text}*` : text;
    })
    .join('')
    .replace(/\n/g, '  \n');
const cell = (text: string) => escapeMarkdown(text.replace(/\s*\n\s*/g, ' ').trim());

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${escapeMarkdown(b.text).replace(/^\\/, '')}`;
    case 'paragraph':
      return inline(b.content);
    case 'quote':
      return b.text.split('\n').map((line) => `> ${escapeMarkdown(line)}`).join('\n');
    case 'list':
      return b.items
        .map((item, i) => {
          const indent = '  '.repeat(item.depth ?? 0);
          const line = `${indent}${b.ordered ? `${i + 1}.` : '-'} ${inline(item.content)}`;
          return item.note ? `${line}\n${indent}   ${escapeMarkdown(item.note)}` : line;
        })
        .join('\n');
    case 'table':
      return [`| ${b.header.join(' | ')} |`, `| ${b.header.map(() => '---').join(' | ')} |`, ...b.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
    case 'rule':
      return '---';
    case 'image':
      return '*The picture of the canvas is in the HTML and PDF versions.*';
  }
}

/** A document in Markdown, user text escaped. */
export function renderMarkdown({ blocks }: DocumentParts): string {
  return `${blocks.map(block).join('\n\n')}\n`;
}
