import { getNodesBounds, getViewportForBounds, useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { PAPER_SIZES, type Paper } from '../../shared/report/html';
import { REPORT_PICTURE_MAX_SIDE } from '../../shared/report/picture';
import { api } from '../lib/api';
import { saveFile } from '../lib/saveFile';
import { PopoverButton } from '../lib/PopoverButton';
import { useBoardStore } from './BoardStoreContext';

const FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['md', 'Markdown'],
] as const;

/** Largest side of a canvas picture, in CSS pixels (it is drawn at twice that for sharp text). */
const PICTURE_MAX = 4000;
const PICTURE_PADDING = 40;
/** A picture bigger than this (as a data URL) stays out of the report rather than make the request too big. */
const REPORT_PICTURE_MAX = 6_000_000;

/**
 * Everything a manager takes away: the internal report and the customer letter (PDF, HTML, Markdown, on A4 or
 * Letter, built by the server from the board), the board as a file, and a picture of the canvas (PNG or SVG).
 */
export function ExportMenu({ boardId, token }: { boardId: string; token: string }) {
  const [paper, setPaper] = useState<Paper>('A4');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const letterReady = useBoardStore((state) => state.meeting?.signOff != null);
  const { getNodes } = useReactFlow();

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(undefined);
    }
  };
  const download = (name: string) =>
    run(name, async () => {
      // The report shows the canvas too, where the format can (HTML, PDF): the server has no canvas to draw.
      const picture = /^report\.(pdf|html)$/.test(name) ? await canvasPicture('png', REPORT_PICTURE_MAX_SIDE).catch(() => undefined) : undefined;
      const { blob, fileName } = await api.exportFile(
        boardId,
        token,
        name,
        paper,
        picture && picture.length <= REPORT_PICTURE_MAX ? picture : undefined,
      );
      saveFile(blob, fileName);
    });
  // React Flow's documented way: draw the viewport element at the size of the nodes' own bounds. A PNG is drawn at twice
  // that for sharp text, or less when that would pass `maxPixels` on its longest side (what the report takes).
  const canvasPicture = async (format: 'png' | 'svg', maxPixels = Infinity): Promise<string> => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    if (!viewport) throw new Error('Open the tree first: the picture is of the canvas.');
    const bounds = getNodesBounds(getNodes());
    const scale = Math.min(1, PICTURE_MAX / Math.max(bounds.width, bounds.height));
    const width = Math.ceil(bounds.width * scale + 2 * PICTURE_PADDING);
    const height = Math.ceil(bounds.height * scale + 2 * PICTURE_PADDING);
    const transform = getViewportForBounds(bounds, width, height, scale, scale, PICTURE_PADDING / Math.max(width, height));
    const { toPng, toSvg } = await import('html-to-image');
    const options = {
      backgroundColor: '#f4f6f9',
      width,
      height,
      pixelRatio: format === 'png' ? Math.min(2, (maxPixels - 1) / Math.max(width, height)) : 1,
      style: { width: `${width}px`, height: `${height}px`, transform: `translate(${transform.x}px, ${transform.y}px) scale(${transform.zoom})` },
      filter: (node: Node) => !(node instanceof HTMLElement && node.classList.contains('remote-cursor')),
    };
    return (format === 'png' ? toPng : toSvg)(viewport, options);
  };
  const picture = (format: 'png' | 'svg') => run(`canvas.${format}`, async () => saveFile(await canvasPicture(format), `whyboard-canvas.${format}`));

  const documents = (kind: 'report' | 'letter', noun: string) =>
    FORMATS.map(([format, label]) => ({ label, name: `${noun} as ${label}`, run: () => download(`${kind}.${format}`) }));
  const rows = [
    { title: 'Root-cause report', detail: 'Internal: the tree, evidence, actions and owners.', buttons: documents('report', 'Report') },
    {
      title: 'Letter to the customer',
      detail: letterReady ? 'Signed off as ready to send, unless edited since.' : 'Marked as a draft until the facilitator signs it off.',
      buttons: documents('letter', 'Letter'),
    },
    {
      title: 'Picture of the canvas',
      detail: 'What the tree looks like now, folded branches folded.',
      buttons: (['png', 'svg'] as const).map((format) => ({
        label: format.toUpperCase(),
        name: `Canvas as ${format.toUpperCase()}`,
        run: () => picture(format),
      })),
    },
    {
      title: 'Board file',
      detail: 'The whole board as JSON, to keep or to import as a new board.',
      buttons: [{ label: 'JSON', name: 'Board file as JSON', run: () => download('board.json') }],
    },
  ];

  return (
    <PopoverButton label="Export" dialogLabel="Export" panelClassName="export-panel">
      <fieldset className="export-paper">
        <legend>Paper size (PDF and HTML)</legend>
        {PAPER_SIZES.map((size) => (
          <label key={size}>
            <input type="radio" name="paper" value={size} checked={paper === size} onChange={() => setPaper(size)} />
            {/* "US Letter": a bare "Letter" here read as the letter to the customer, listed just below. */}
            {size === 'Letter' ? 'US Letter' : size}
          </label>
        ))}
      </fieldset>
      {rows.map((row) => (
        <div className="share-row export-row" key={row.title}>
          <div>
            <strong className="share-role">{row.title}</strong>
            <span className="muted">{row.detail}</span>
          </div>
          <span className="export-buttons">
            {row.buttons.map((button) => (
              <button
                key={button.name}
                type="button"
                className="button button-small"
                disabled={busy !== undefined}
                onClick={() => void button.run()}
                aria-label={button.name}
              >
                {button.label}
              </button>
            ))}
          </span>
        </div>
      ))}
      {busy && <p className="muted small">Preparing {busy}…</p>}
      {error && <p className="form-error">{error}</p>}
    </PopoverButton>
  );
}
