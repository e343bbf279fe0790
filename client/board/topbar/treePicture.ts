import type { BoardSnapshot } from '../../../shared/board';
import { drawTree, treeSvg } from '../../../shared/tree';
import { collapseTree } from '../canvas/collapseTree';

/** A PNG's longest side, in device pixels: sharp at twice the drawing's size, and inside every browser's canvas limits. */
const PNG_MAX_SIDE = 12_000;
const PNG_MAX_PIXELS = 100_000_000;

/**
 * The tree as a reader needs it, drawn from the board (shared/tree), not from the screen: every card with its depth,
 * status, answer and evidence, root causes marked, branches folded on the canvas folded, no controls.
 */
export function treePictureSvg(board: BoardSnapshot, collapsed: ReadonlySet<string>): { svg: string; width: number; height: number } {
  const visible = collapseTree(board, collapsed);
  const drawing = drawTree(visible.board, { folded: visible.hidden });
  const title = `The why-tree of “${board.title}”`;
  return { svg: treeSvg(drawing, { title, background: true }), width: drawing.width, height: drawing.height };
}

/** The same picture as a PNG, drawn by the browser at twice its size (less for a tree too big for that). */
export async function treePicturePng(board: BoardSnapshot, collapsed: ReadonlySet<string>): Promise<Blob> {
  const { svg, width, height } = treePictureSvg(board, collapsed);
  const ratio = Math.min(2, PNG_MAX_SIDE / Math.max(width, height), Math.sqrt(PNG_MAX_PIXELS / (width * height)));
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw a picture here; export the SVG instead.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture is too large for this browser; export the SVG instead.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
