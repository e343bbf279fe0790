/**
 * Text measured without a font engine, so the server (PDF), the browser (SVG, PNG) and the tests break a card's lines
 * in the same places. Widths are estimates for a humanist sans-serif (Noto Sans in the PDF, the system's sans-serif in
 * a picture), in ems, rounded up: a line measured here fits the space it was given in either font.
 */

/** Characters written without spaces between words, each about an em wide: Hangul, CJK, full-width forms. */
const WIDE_RANGES = '\\u1100-\\u115f\\u2e80-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6\\u{20000}-\\u{3fffd}';
const WIDE = new RegExp(`[${WIDE_RANGES}]`, 'u');
const NARROW = /[ijlI.,:;!|'’‘`]/;
const SEMI = /[frt()[\]{}"“”\-–/\\ ]/;
const BROAD = /[mwMWæœÆŒ@%]/;
/** A little more than measured, for kerning-free renderers and fonts wider than Noto Sans. */
const MARGIN = 1.06;

/** Widths already worked out: a text is measured many times, from few distinct characters. */
const widths = new Map<string, number>();

function charWidth(char: string): number {
  let width = widths.get(char);
  if (width === undefined) {
    width = classify(char);
    if (widths.size < 4096) widths.set(char, width);
  }
  return width;
}

function classify(char: string): number {
  if (WIDE.test(char)) return 1;
  if (NARROW.test(char)) return 0.28;
  if (SEMI.test(char)) return 0.38;
  if (BROAD.test(char)) return 0.88;
  if (/[A-Z0-9]/.test(char)) return 0.66;
  if (/[a-z]/.test(char)) return 0.56;
  return 0.62; // other scripts' letters (Greek, Cyrillic, Vietnamese), symbols
}

export interface Font {
  size: number;
  bold?: boolean;
}

/** The width of a line of text, in the units of `font.size`. */
export function textWidth(text: string, font: Font): number {
  let ems = 0;
  for (const char of text) ems += charWidth(char);
  return ems * font.size * (font.bold ? 1.07 : 1) * MARGIN;
}

const PIECE = new RegExp(`[^\\s${WIDE_RANGES}]+\\s*|\\S\\s*`, 'gu');

/** Where a line may break: after a space, or between two wide (CJK) characters, which are written without spaces. */
function pieces(paragraph: string): string[] {
  return paragraph.match(PIECE) ?? [];
}

/**
 * Breaks a text into lines no wider than `width`, at spaces where it can (inside a word longer than a line where it
 * must), keeping its own line breaks but not its blank lines, and stops at `maxLines`: a text cut short ends its last
 * line with "…".
 */
export function wrapText(text: string, font: Font, width: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  const full = () => lines.length > maxLines;
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (full()) break;
    let line = '';
    let lineWidth = 0; // trailing space included
    for (const piece of pieces(paragraph.trim())) {
      if (full()) break;
      const word = piece.trimEnd();
      if (lineWidth + textWidth(word, font) <= width) {
        line += piece;
        lineWidth += textWidth(piece, font);
        continue;
      }
      if (line) lines.push(line.trimEnd());
      [line, lineWidth] = ['', 0];
      // A word longer than a whole line is broken where it reaches the edge.
      for (const char of piece) {
        const charWidth = textWidth(char, font);
        if (lineWidth + charWidth > width && line.trim() && char.trim()) {
          lines.push(line);
          [line, lineWidth] = ['', 0];
          if (full()) break;
        }
        line += char;
        lineWidth += charWidth;
      }
    }
    if (line.trim()) lines.push(line.trimEnd());
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = ellipsis(kept[maxLines - 1]!, font, width);
  return kept;
}

/** A line shortened, at a word where it can, so that it and a final "…" fit `width`. */
export function ellipsis(line: string, font: Font, width: number): string {
  const whole = [...line.trimEnd()];
  let chars = whole;
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, font) > width) chars = chars.slice(0, -1);
  let kept = chars.join('');
  if (chars.length < whole.length) {
    // Cut mid-word: end at the word before, unless that throws away most of the line.
    const atWord = kept.replace(/\s+\S*$/, '');
    if (atWord.length >= kept.length * 0.6) kept = atWord;
  }
  return `${kept.trimEnd()}…`;
}
