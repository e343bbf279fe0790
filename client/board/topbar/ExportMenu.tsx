import { useState } from 'react';
import { PAPER_SIZES, type Paper } from '../../../shared/report/html';
import { api } from '../../lib/api';
import { saveFile } from '../../lib/saveFile';
import { PopoverButton } from '../../lib/PopoverButton';
import { DATE_STYLES } from '../../../shared/board/layout';
import { fileStem } from '../../../shared/fileName';
import { longDate } from '../../../shared/report/dates';
import { useBoardOps, useBoardStore, useBoardStoreApi } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';

const FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['md', 'Markdown'],
] as const;

/** The day each date style is shown with: a board's documents write every date so (the team's choice, per board). */
const SAMPLE_DAY = '2026-12-05';

/**
 * Everything a manager takes away: the internal report and the customer letter (PDF, HTML, Markdown, on A4 or
 * Letter, built by the server from the board), the board as a file, and a picture of the tree (PNG or SVG), drawn here
 * from the board as the report draws it: for a reader, with none of the canvas's controls.
 */
export function ExportMenu({ boardId, token }: { boardId: string; token: string }) {
  const [paper, setPaper] = useState<Paper>('A4');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const letterReady = useBoardStore((state) => state.meeting?.signOff != null);
  const store = useBoardStoreApi();
  const ops = useBoardOps();
  const canEdit = useBoardStore(selectCanEdit);
  const dateStyle = useBoardStore((state) => state.board?.dateStyle ?? 'dmy');

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
      const { blob, fileName } = await api.exportFile(boardId, token, name, paper);
      saveFile(blob, fileName);
    });
  const picture = (format: 'png' | 'svg') =>
    run(`canvas.${format}`, async () => {
      const { board, collapsed } = store.getState();
      if (!board) throw new Error('The board is still loading.');
      // The drawing code is its own chunk: only a person who asks for a picture loads it.
      const { treePicturePng, treePictureSvg } = await import('./treePicture');
      const file = format === 'svg' ? new Blob([treePictureSvg(board, collapsed).svg], { type: 'image/svg+xml' }) : await treePicturePng(board, collapsed);
      saveFile(file, `${fileStem(board.title)}-tree.${format}`);
    });

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
      title: 'Picture of the tree',
      detail: 'Every card as a reader needs it, without the buttons; folded branches stay folded.',
      buttons: (['png', 'svg'] as const).map((format) => ({
        label: format.toUpperCase(),
        name: `Tree picture as ${format.toUpperCase()}`,
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
        <span className="export-choices">
          {PAPER_SIZES.map((size) => (
            <label key={size}>
              <input type="radio" name="paper" value={size} checked={paper === size} onChange={() => setPaper(size)} />
              {/* "US Letter": a bare "Letter" here read as the letter to the customer, listed just below. */}
              {size === 'Letter' ? 'US Letter' : size}
            </label>
          ))}
        </span>
      </fieldset>
      <fieldset className="export-paper">
        <legend>Dates in documents</legend>
        <span className="export-choices">
          {DATE_STYLES.map((style) => (
            <label key={style}>
              <input type="radio" name="date-style" value={style} checked={dateStyle === style} disabled={!canEdit} onChange={() => ops.setDateStyle(style)} />
              {longDate(SAMPLE_DAY, style)}
            </label>
          ))}
        </span>
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
