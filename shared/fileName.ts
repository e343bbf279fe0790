/**
 * A file's name from a board's title, the same for every export (documents, board file, tree pictures): its words
 * joined by dashes, every letter kept ("Łukasz", "QX7Ł9Z", "山田"), only what no file system takes dropped.
 * @example fileStem('Missed connection LIS→OSL, booking QX7Ł9Z') // 'Missed-connection-LIS-OSL-booking-QX7Ł9Z'
 */
export function fileStem(title: string): string {
  return (
    title
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'board'
  );
}

/** Latin letters that no Unicode decomposition turns into ASCII. */
const ASCII_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Ø: 'O', ø: 'o', Đ: 'D', đ: 'd', ß: 'ss', Æ: 'AE', æ: 'ae', Œ: 'OE', œ: 'oe' };

/**
 * A `Content-Disposition` header for a download under `name`: the name itself (RFC 6266 `filename*`, UTF-8), and an
 * ASCII stand-in for clients that read only `filename`.
 */
export function contentDisposition(name: string, inline = false): string {
  const ascii =
    name
      .replace(/[ŁłØøĐđßÆæŒœ]/g, (letter) => ASCII_LETTERS[letter]!)
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'download';
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
