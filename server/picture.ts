import { ApiErrorCode } from '../shared/protocol';
import type { Picture } from '../shared/report';
import { HttpError } from './http';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PREFIX = 'data:image/png;base64,';
/** The largest side of a picture we put in a document, in pixels. */
const MAX_SIDE = 16_384;

/**
 * A canvas picture sent by the board page, checked before it goes anywhere near a document: a PNG data URL whose
 * bytes start like a PNG and whose header gives a sane size. Anything else is a 400 naming the problem.
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
  const isPng = bytes.length > 24 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte) && bytes.toString('latin1', 12, 16) === 'IHDR';
  if (!isPng) throw refuse('The picture is not a PNG.');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) throw refuse(`The picture must be at most ${MAX_SIDE} pixels on each side.`);
  return { dataUrl, width, height };
}
