import { useState } from 'react';
import { api } from '../lib/api';
import { saveFile } from '../lib/saveFile';

const FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['md', 'Markdown'],
] as const;

/** The manager's exports: the period report (from, to, in three formats) and every action as CSV. */
export function SpaceExports({ spaceId, token }: { spaceId: string; token: string }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const fetchFile = async (name: string, query: Record<string, string>) => {
    setBusy(name);
    setError(undefined);
    try {
      const { blob, fileName } = await api.exportSpaceFile(spaceId, token, name, query);
      saveFile(blob, fileName);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(undefined);
    }
  };
  const period = Object.fromEntries(Object.entries({ from, to }).filter(([, value]) => value));
  return (
    <section className="example-card space-exports" aria-labelledby="space-exports-title">
      <h2 id="space-exports-title">Reports</h2>
      <p>The period report: what came in and where each stands, the causes that recur, every action, then each complaint.</p>
      <div className="space-period">
        <label className="mini-field">
          From
          <input type="date" value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
        </label>
        <label className="mini-field">
          To
          <input type="date" value={to} onChange={(event) => setTo(event.currentTarget.value)} />
        </label>
      </div>
      <div className="space-export-buttons">
        {FORMATS.map(([format, label]) => (
          <button
            key={format}
            type="button"
            className="button button-small"
            disabled={busy !== undefined}
            onClick={() => void fetchFile(`report.${format}`, period)}
          >
            {busy === `report.${format}` ? 'Preparing…' : `Report (${label})`}
          </button>
        ))}
        <button type="button" className="button button-small" disabled={busy !== undefined} onClick={() => void fetchFile('actions.csv', {})}>
          {busy === 'actions.csv' ? 'Preparing…' : 'Actions (CSV)'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
