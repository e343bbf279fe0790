/**
 * The longest side of the canvas picture a report takes, in pixels. The PDF draws it at most 491×560 points, which at
 * 300 dpi is 2046×2333 pixels: this allows half as much again. The board page captures the canvas to fit; the server
 * refuses more pixels than this squared (server/picture.ts), since decoding a picture costs memory by its pixels, not
 * by the bytes sent.
 */
export const REPORT_PICTURE_MAX_SIDE = 3072;
