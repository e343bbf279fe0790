import type { Block, DocumentParts, Inline } from './blocks';

/** Characters that mean something anywhere in a line: emphasis, code, links, HTML and entities, tables, headings' closing "#". */
const escapeInline = (text: string) => text.replace(/[\\`*_{}[\]<>|~&#]/g, '\\$&');

/**
 * Lines where no block can start: the indent that would make one code is dropped, and so are blank lines (one would end
 * the block the text is in); a line that would be a list item, or turn the line above into a heading ("===", "---"),
 * gets its first character escaped. Run after `escapeInline`, which already escapes "#", ">", "*", fences and tables.
 */
const escapeLineStarts = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trimStart())
    .filter(Boolean)
    .map((line) => line.replace(/^[=+-]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2'))
    .join('\n');

/**
 * User text made inert in Markdown (CommonMark, and GitHub's tables): nothing in it starts emphasis, a link, HTML, an
 * entity, code, a table, a heading, a quote or a list. Line breaks are kept. Parentheses and "!" only matter next to
 * "[", which is escaped, so they stay readable.
 */
export const escapeMarkdown = (text: string) => escapeLineStarts(escapeInline(text));

const inline = (parts: Inline[]) =>
  escapeLineStarts(
    parts
      .map((part) => {
        if (typeof part === 'string') return escapeInline(part);
        const text = escapeInline(part.text);
        return part.strong ? `**${text}**` : part.em ? `*${text}*` : text;
      })
      .join(''),
  ).replace(/\n/g, '  \n');
const cell = (text: string) => escapeInline(text.replace(/\s*\n\s*/g, ' ').trim());

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      // One line, where nothing starts a block: inline escapes are enough.
      return `${'#'.repeat(b.level)} ${escapeInline(b.text.replace(/\s*\n\s*/g, ' ').trim())}`;
    case 'paragraph':
      return inline(b.content);
    case 'quote':
      return b.text
        .split('\n')
        .map((line) => `> ${escapeMarkdown(line)}`)
        .join('\n');
    case 'list':
      return b.items
        .map((item, i) => {
          const indent = '  '.repeat(item.depth ?? 0);
          const line = `${indent}${b.ordered ? `${(b.start ?? 1) + i}.` : '-'} ${inline(item.content)}`;
          return item.note ? `${line}\n${indent}   ${escapeMarkdown(item.note)}` : line;
        })
        .join('\n');
    case 'table':
      return [`| ${b.header.join(' | ')} |`, `| ${b.header.map(() => '---').join(' | ')} |`, ...b.rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join(
        '\n',
      );
    case 'rule':
      return '---';
    case 'tree':
      return ''; // drawn in HTML and PDF; in plain text, the list that follows it is the tree
  }
}

/** A document in Markdown, user text escaped. */
export function renderMarkdown({ blocks }: DocumentParts): string {
  return `${blocks.map(block).filter(Boolean).join('\n\n')}\n`;
}
