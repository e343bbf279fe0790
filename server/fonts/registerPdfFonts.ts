import { createRequire } from 'node:module';
import { Font } from '@react-pdf/renderer';

/**
 * The families every PDF draws its text with, in the order a character looks for a glyph: Noto Sans (Latin with its
 * extensions, Vietnamese, Greek, Cyrillic), DejaVu Sans (arrows, maths, shapes, dingbats: "LIS→OSL"), then Noto Sans JP
 * (kana, kanji and the CJK punctuation). react-pdf picks, character by character, the first family that has it.
 * PDF's built-in Helvetica covers WinAnsi only: "Łukasz" printed as "Aukasz" (issue 13, finding 4).
 */
export const PDF_FONT_STACK = ['Noto Sans', 'DejaVu Sans', 'Noto Sans JP'];

/**
 * OpenType features every PDF turns off. `ccmp` off: Noto Sans draws "ị" (Vietnamese "Thị") as "i" plus a combining dot,
 * and a PDF maps each glyph to one text, the first it drew: the dot is lost when the name is copied or searched, and
 * every later "i" reads as "ị". The font has the precomposed letters, so nothing looks different.
 */
export const PDF_FONT_FEATURES = { ccmp: false };

/** Each family's files, from the npm packages that ship them (TTF or WOFF: react-pdf's fontkit reads no WOFF2). */
const FAMILIES: Record<string, Array<{ file: string; fontWeight: 400 | 700; fontStyle: 'normal' | 'italic' }>> = {
  'Noto Sans': [
    { file: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf', fontWeight: 400, fontStyle: 'normal' },
    { file: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf', fontWeight: 700, fontStyle: 'normal' },
    { file: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf', fontWeight: 400, fontStyle: 'italic' },
    { file: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf', fontWeight: 700, fontStyle: 'italic' },
  ],
  // Fontsource names every file "latin", but these are the whole font.
  'DejaVu Sans': [
    { file: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff', fontWeight: 400, fontStyle: 'normal' },
    { file: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff', fontWeight: 700, fontStyle: 'normal' },
    { file: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-italic.woff', fontWeight: 400, fontStyle: 'italic' },
    { file: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-italic.woff', fontWeight: 700, fontStyle: 'italic' },
  ],
  // CJK has no italic: an emphasised Japanese name stays upright, as it would in print. Without an italic source
  // react-pdf throws "Could not resolve font" for any italic text, Latin included, since it loads the whole stack.
  'Noto Sans JP': [
    { file: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf', fontWeight: 400, fontStyle: 'normal' },
    { file: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf', fontWeight: 700, fontStyle: 'normal' },
    { file: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf', fontWeight: 400, fontStyle: 'italic' },
    { file: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf', fontWeight: 700, fontStyle: 'italic' },
  ],
};

/**
 * Registers {@link PDF_FONT_STACK} with react-pdf for the next document. Files are found through Node's package
 * resolution from this module, wherever it runs: server/fonts/ under tsx, or the worker bundle in
 * node_modules/.cache/whyboard/. react-pdf (fontkit) embeds only the glyphs a document uses.
 *
 * Each document gets its fonts afresh (react-pdf's font store is global: ours are taken out of it and registered again). fontkit keeps the
 * glyphs it has laid out, each with the text it was first laid out for, and the PDF's text layer takes that text: a
 * glyph first drawn inside "Hồng" in one document read as nothing in the next, so the customer's name came out of a
 * copy or a search as "ồng". Loading again costs tens of milliseconds; a wrong name in a letter to that customer costs
 * more.
 */
export function registerPdfFonts(): void {
  const require = createRequire(import.meta.url);
  // The store's own families (Helvetica, which react-pdf falls back to) stay; ours are replaced.
  const registered = Font.getRegisteredFonts();
  for (const [family, fonts] of Object.entries(FAMILIES)) {
    delete registered[family];
    Font.register({ family, fonts: fonts.map(({ file, ...style }) => ({ src: require.resolve(file), ...style })) });
  }
  Font.registerHyphenationCallback(breakCjk);
}

/** Characters that may not start a line (closing punctuation, small kana, the prolonged sound mark): JIS X 4051. */
const NO_BREAK_BEFORE = new Set('、。，．・：；？！ー）」』】〕〉》〙〗｝］’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻…‥,.:;?!)]}');
/** Characters that may not end a line (opening brackets). */
const NO_BREAK_AFTER = new Set('（「『【〔〈《〘〖｛［‘“([{');
/** An e-mail or web address, which a hyphen would change (found by a new user reading a letter's PDF). */
const ADDRESS = /@|:\/\/|^www\./i;
const CJK = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3134f}]/u;

/**
 * Where a word may break across lines. Chinese and Japanese put no spaces between words, so react-pdf would see a whole
 * sentence as one word and run it off the page: they may break between any two characters but those kinsoku forbids.
 * An empty part is a zero-width break with no hyphen (a non-empty one gets a hyphen when a line ends there). Every
 * other word keeps react-pdf's own hyphenation, passed in as the second argument.
 */
function breakCjk(word: string, hyphenate?: (word: string) => string[]): string[] {
  // An address is copied as it reads: "jo.bloggs@exam-ple.com" would send the customer's reply nowhere.
  if (ADDRESS.test(word)) return [word];
  if (!CJK.test(word)) return hyphenate ? hyphenate(word) : [word];
  const parts: string[] = [];
  let current = '';
  let last = '';
  for (const char of word) {
    if (current && (CJK.test(char) || CJK.test(last)) && !NO_BREAK_BEFORE.has(char) && !NO_BREAK_AFTER.has(last)) {
      parts.push(current, '');
      current = '';
    }
    current += char;
    last = char;
  }
  parts.push(current);
  return parts;
}
