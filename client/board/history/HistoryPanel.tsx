import { useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { HistoryStep } from '../../../shared/history/steps';
import { api } from '../../lib/api';
import { formatDayOf } from '../../lib/formatDate';
import { saveFile } from '../../lib/saveFile';
import { useBoardAccess } from '../BoardAccessContext';
import { useBoardOps, useBoardStore, useBoardStoreApi } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { PanelEmpty } from '../panels/PanelEmpty';
import { useHistory } from './useHistory';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const ROLE_LABELS = { facilitator: 'facilitator', editor: 'editor', viewer: 'viewer' } as const;
/** A replay plays in about this long, whatever the number of steps (within a step's least and most time). */
const PLAY_MS = 20_000;

/**
 * The board's history: how the analysis grew, step by step (who added, changed, ruled out, marked or deleted which
 * cause, and the meeting's milestones). The slider and Play replay the canvas from the complaint to now; a moment can
 * be looked at (read-only), exported, or restored by the facilitator as a new change; a deletion can be undone from
 * its step.
 */
export function HistoryPanel() {
  const access = useBoardAccess();
  const { history, reload } = useHistory(access);
  const store = useBoardStoreApi();
  const ops = useBoardOps();
  const moment = useBoardStore((state) => state.moment);
  const role = useBoardStore((state) => state.role);
  const live = useBoardStore((state) => state.board);
  // What this person may do once back at now (a moment on screen is read-only by itself).
  const mayEdit = useBoardStore((state) => selectCanEdit({ ...state, moment: undefined }));
  const [selected, setSelected] = useState<number>();
  const [playing, setPlaying] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [exporting, setExporting] = useState<string>();
  const frame = useRef(0);
  const list = useRef<HTMLOListElement>(null);

  const steps = history.state === 'ready' ? history.steps : [];
  const show = (index: number | undefined) => {
    setSelected(index);
    setConfirming(false);
    if (history.state !== 'ready') return;
    // One board a frame, the latest asked for: dragging the slider never queues up boards to draw.
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const step = index === undefined ? undefined : history.steps[index];
      ops.viewMoment(step && { index: step.change, at: step.at, board: history.replay.boardAt(step.change) });
    });
  };

  // Leaving the panel goes back to now.
  useEffect(() => () => {
    cancelAnimationFrame(frame.current);
    store.getState().ops.viewMoment(undefined);
  }, [store]);

  // While at now, the history follows the board (a moment looked at stays as it is).
  useEffect(() => {
    if (selected !== undefined || history.state !== 'ready') return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a change of the board is what asks for a reload
  }, [live]);

  // Playing: the next step after a pause, until now. Other renders (someone typing) leave the pause as it is.
  useEffect(() => {
    if (!playing) return;
    const pause = Math.min(800, Math.max(120, PLAY_MS / Math.max(1, steps.length)));
    const timer = setTimeout(() => {
      const next = selected === undefined ? 0 : selected + 1;
      if (next >= steps.length) {
        setPlaying(false);
        show(undefined);
      } else show(next);
    }, pause);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `show` is remade each render; the step and the steps are what time the next one
  }, [playing, selected, steps.length]);

  useEffect(() => {
    if (selected !== undefined) list.current?.querySelector(`[data-step="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const days = useMemo(() => groupByDay(history.state === 'ready' ? history.steps : []), [history]);

  if (history.state === 'failed') return <PanelEmpty title="The history could not be read">{history.message}</PanelEmpty>;
  if (history.state === 'loading') {
    return (
      <p className="muted history-loading" role="status">
        Reading the history{history.of > 0 ? `… ${Math.floor((history.read / history.of) * 100)} %` : '…'}
      </p>
    );
  }

  const current = selected === undefined ? undefined : steps[selected];
  const exportMoment = async (name: string, label: string) => {
    if (!moment) return;
    setExporting(label);
    try {
      const { blob, fileName } = await api.exportFile(access.boardId, access.token, name, 'A4', moment.at);
      saveFile(blob, fileName);
    } catch (error) {
      ops.notify(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(undefined);
    }
  };
  const restore = () => {
    if (!moment || history.state !== 'ready') return;
    const past = Y.mergeUpdates(history.changes.slice(0, moment.index + 1).map((change) => change.update));
    cancelAnimationFrame(frame.current);
    setSelected(undefined);
    setConfirming(false);
    ops.restoreMoment(past);
  };

  return (
    <div className="history-panel">
      <div className="history-replay">
        <div className="history-controls">
          <button
            type="button"
            className="button button-small"
            aria-pressed={playing}
            onClick={() => {
              if (!playing && selected === undefined) show(0);
              setPlaying(!playing);
            }}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <input
            type="range"
            className="history-slider"
            aria-label="Moment of the analysis"
            aria-valuetext={current ? `${time.format(current.at)}: ${current.summary}` : 'Now'}
            min={0}
            max={steps.length}
            value={selected ?? steps.length}
            onChange={(event) => {
              const value = Number(event.currentTarget.value);
              show(value >= steps.length ? undefined : value);
            }}
          />
          <button type="button" className="button button-small button-quiet" onClick={reload} title="Read the history again">
            Refresh
          </button>
        </div>
        {current ? (
          <div className="history-moment" role="status">
            <p>
              <strong>
                {formatDayOf(current.at)}, {time.format(current.at)}
              </strong>{' '}
              <span className="muted">
                · step {selected! + 1} of {steps.length}
              </span>
            </p>
            <p className="history-moment-summary">
              {current.by && <span className="history-who">{current.by} </span>}
              {current.summary}
            </p>
            <div className="history-moment-tools">
              <button type="button" className="button button-small" onClick={() => show(undefined)}>
                Back to now
              </button>
              <button type="button" className="button button-small" disabled={exporting !== undefined} onClick={() => void exportMoment('report.pdf', 'report')}>
                {exporting === 'report' ? 'Preparing…' : 'Report then (PDF)'}
              </button>
              <button type="button" className="button button-small" disabled={exporting !== undefined} onClick={() => void exportMoment('board.json', 'board')}>
                {exporting === 'board' ? 'Preparing…' : 'Board file then'}
              </button>
              {role === 'facilitator' && mayEdit && !confirming && (
                <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
                  Restore this moment…
                </button>
              )}
            </div>
            {confirming && (
              <div className="history-confirm" role="alertdialog" aria-label="Restore this moment">
                <p>Make the board what it was at {time.format(current.at)}? Everyone sees it at once, and you can undo it.</p>
                <button type="button" className="button button-small button-primary" onClick={restore}>
                  Restore
                </button>
                <button type="button" className="button button-small button-quiet" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            )}
          </div>
        ) : (
          <p className="muted history-now">
            Now · {steps.length} {steps.length === 1 ? 'step' : 'steps'}. Drag the slider, press Play, or pick a step to see the board as it was then.
          </p>
        )}
      </div>
      <ol className="history-list" ref={list} aria-label="Steps of the analysis">
        {days.map(([day, entries]) => (
          <li key={day} className="history-day">
            <h3 className="section-title">{day}</h3>
            <ol>
              {entries.map(({ step, index }) => (
                <li key={index} className={`history-step${index === selected ? ' is-selected' : ''}`} data-step={index}>
                  <button type="button" className="history-step-button" aria-current={index === selected ? 'step' : undefined} onClick={() => show(index)}>
                    <time dateTime={new Date(step.at).toISOString()}>{time.format(step.at)}</time>
                    <span>
                      {step.by && (
                        <>
                          <span className="history-who" title={step.role ? ROLE_LABELS[step.role] : undefined}>
                            {step.by}
                          </span>{' '}
                        </>
                      )}
                      {step.summary}
                    </span>
                  </button>
                  {step.kind === 'cause.deleted' && mayEdit && live && step.causeIds?.some((id) => !live.causes[id]) && (
                    <button
                      type="button"
                      className="button button-small history-bring-back"
                      onClick={() => {
                        cancelAnimationFrame(frame.current);
                        setSelected(undefined);
                        ops.viewMoment(undefined);
                        ops.bringBack(step.causeIds!);
                      }}
                    >
                      Bring back
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The steps under their day, oldest first, each with its index among all steps. */
function groupByDay(steps: HistoryStep[]): Array<[string, Array<{ step: HistoryStep; index: number }>]> {
  const days = new Map<string, Array<{ step: HistoryStep; index: number }>>();
  steps.forEach((step, index) => {
    const day = formatDayOf(step.at);
    const entries = days.get(day);
    if (entries) entries.push({ step, index });
    else days.set(day, [{ step, index }]);
  });
  return [...days];
}
