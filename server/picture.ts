import { crc32, inflateSync } from 'node:zlib';
import { ApiErrorCode } from '../shared/protocol';
import { REPORT_PICTURE_MAX_SIDE, type Picture } from '../shared/report';
import { HttpError } from './http';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PREFIX = 'data:image/png;base64,';

/**
 * The most pixels a report's picture may have. A PNG's header says nothing of what decoding it costs: a 1 MB file may
 * declare 16384×16384 pixels, and the PDF renderer unpacks every one of them, in buffers outside any heap limit (about
 * 12 bytes a pixel at its peak). 3072×3072 (see REPORT_PICTURE_MAX_SIDE) costs at most about 110 MB to decode.
 */
export const MAX_PICTURE_PIXELS = REPORT_PICTURE_MAX_SIDE * REPORT_PICTURE_MAX_SIDE;
/** The longest side, whatever the total: PDF viewers refuse images past this. */
const MAX_SIDE = 16_384;

/** What a canvas capture is, and all the report takes: 8 bits a sample, RGB or RGBA, not interlaced. */
const BIT_DEPTH = 8;
const COLOR_TYPES = new Set([2, 6]); // RGB, RGBA

/**
 * A canvas picture sent by the board page, checked before it goes anywhere near a document: a PNG data URL whose chunks
 * are whole, whose header (checksum included) describes an 8-bit RGB or RGBA picture, not interlaced, of at most
 * `MAX_PICTURE_PIXELS`, and that ends where its last chunk says. A malformed one is a 400 naming the problem, one too
 * large a 413. Everything here costs a pass over the bytes sent; nothing is decompressed.
 */
export function readPicture(body: unknown): Picture | undefined {
  if (body === undefined || body === null) return undefined;
  const dataUrl = (body as { picture?: unknown }).picture;
  if (typeof body !== 'object' || Object.keys(body).some((key) => key !== 'picture')) {
    throw new HttpError(400, ApiErrorCode.invalidBody, 'Send {"picture": "data:image/png;base64,…"} or nothing.');
  }
  if (dataUrl === undefined) return undefined;
  const refuse = (message: string) => new HttpError(400, ApiErrorCode.invalidBody, message, 'picture');
  if (typeof dataUrl !== 'string' || !dataUrl.startsWith(PREFIX)) throw refuse('The picture must be a PNG data URL (data:image/png;base64,…).');
  const base64 = dataUrl.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw refuse('The picture is not valid base64.');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < PNG_SIGNATURE.length + 25 || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) throw refuse('The picture is not a PNG.');

  const layout = pngLayout(bytes.subarray(PNG_SIGNATURE.length));
  if (!layout) throw refuse('The picture is not a whole PNG: a chunk runs past its end, something follows its end, or it has no image data.');
  const { header } = layout;
  if (header.data.length !== 13 || crc32(header.typeAndData) !== header.crc) throw refuse('The picture’s PNG header is damaged.');
  const width = header.data.readUInt32BE(0);
  const height = header.data.readUInt32BE(4);
  const [bitDepth, colorType, compression, filter, interlace] = header.data.subarray(8);
  if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) throw refuse(`The picture must be at most ${MAX_SIDE} pixels on each side.`);
  if (bitDepth !== BIT_DEPTH || !COLOR_TYPES.has(colorType!) || compression !== 0 || filter !== 0 || interlace !== 0) {
    throw refuse('The picture must be an 8-bit RGB or RGBA PNG, not interlaced, as a canvas capture is.');
  }
  if (width * height > MAX_PICTURE_PIXELS) {
    const megapixels = (pixels: number) => `${(pixels / 1e6).toFixed(1)} megapixels`;
    throw new HttpError(413, ApiErrorCode.bodyTooLarge, `The picture is ${width}×${height} (${megapixels(width * height)}); a report takes at most ${megapixels(MAX_PICTURE_PIXELS)}.`, 'picture');
  }
  return { dataUrl, width, height };
}

/** A PNG's header chunk: its data, and the bytes and checksum that vouch for them. */
interface Header {
  data: Buffer;
  typeAndData: Buffer;
  crc: number;
}

/**
 * Walks a PNG's chunks (the bytes after the signature): the header chunk, if it comes first, and the image data (views
 * of the bytes, not copies), if there is some, the end chunk comes last and nothing follows it; otherwise undefined.
 */
function pngLayout(bytes: Buffer): { header: Header; imageData: Buffer[] } | undefined {
  let header: Header | undefined;
  const imageData: Buffer[] = [];
  let at = 0;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    if (at + 12 + length > bytes.length) return undefined;
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (at === 0) {
      if (type !== 'IHDR') return undefined;
      header = { data: bytes.subarray(at + 8, at + 8 + length), typeAndData: bytes.subarray(at + 4, at + 8 + length), crc: bytes.readUInt32BE(at + 8 + length) };
    }
    if (type === 'IDAT') imageData.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
    if (type === 'IEND') return at === bytes.length && header && imageData.length > 0 ? { header, imageData } : undefined;
  }
  return undefined;
}

/**
 * Checks that a picture's image data (its header already checked by `readPicture`) decompresses to exactly what the
 * header says, decompressing no more than that: a 1×1 picture whose data inflates to gigabytes (the renderer inflates
 * it whole, outside any heap limit, whatever the header says) is refused at the cost of one pixel. Runs where the
 * picture is used: in the export's worker thread.
 */
export function checkPictureData({ dataUrl, width, height }: Picture): void {
  const layout = pngLayout(Buffer.from(dataUrl.slice(PREFIX.length), 'base64').subarray(PNG_SIGNATURE.length));
  if (!layout) throw new HttpError(400, ApiErrorCode.invalidBody, 'The picture is not a whole PNG.', 'picture');
  const channels = layout.header.data[9] === 6 ? 4 : 3;
  // Each row: one filter byte, then its pixels.
  const expected = height * (1 + width * channels);
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(layout.imageData), { maxOutputLength: expected });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new HttpError(tooLarge ? 413 : 400, tooLarge ? ApiErrorCode.bodyTooLarge : ApiErrorCode.invalidBody, tooLarge ? `The picture holds more data than its ${width}×${height} pixels.` : 'The picture’s image data is damaged.', 'picture');
  }
  if (pixels.length !== expected) throw new HttpError(400, ApiErrorCode.invalidBody, `The picture holds less data than its ${width}×${height} pixels.`, 'picture');
}
