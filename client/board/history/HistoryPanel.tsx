import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import * as Y from 'yjs';
import type { BoardSnapshot } from '../../../shared/board';
import type { HistoryStep } from '../../../shared/history/steps';
import { api } from '../../lib/api';
import { formatClock, formatDayOf, formatMoment } from '../../lib/formatDate';
import { saveFile } from '../../lib/saveFile';
import { useBoardAccess } from '../BoardAccessContext';
import { useBoardOps, useBoardStore, useBoardStoreApi } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { PanelEmpty } from '../panels/PanelEmpty';
import { useHistory } from './useHistory';

const ROLE_LABELS = { facilitator: 'facilitator', editor: 'editor', viewer: 'viewer' } as const;
/** A replay plays in about this long, whatever the number of steps (within a step's least and most time). */
const PLAY_MS = 20_000;
/** Steps the list shows at first (the newest), and adds each time earlier ones are asked for: a list of thousands of
 * buttons would stall the page, and the slider reaches every step anyway. */
const LIST_PAGE = 300;

/** What a step says, in words: a restore names its moment in the reader's own time. */
const wordsOf = (step: HistoryStep) =>
  step.kind === 'board.restored' && step.to !== undefined ? `Restored the board as it was on ${formatMoment(step.to)}` : step.summary;

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
  const [playing, setPlaying] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [exporting, setExporting] = useState<string>();
  const [listed, setListed] = useState(LIST_PAGE);
  /** The step asked for and not yet on screen (it is, at the next frame): the slider shows it at once. */
  const [asked, setAsked] = useState<number | 'now'>();
  const frame = useRef(0);
  const list = useRef<HTMLOListElement>(null);
  // The step on screen is the store's: the banner's "Back to now" and this panel's agree.
  const selected = moment?.step;

  const steps = history.state === 'ready' ? history.steps : [];
  const show = (index: number | undefined) => {
    setConfirming(false);
    cancelAnimationFrame(frame.current);
    if (history.state !== 'ready') return;
    // The slider moves at once (keys pressed faster than frames each count); the board follows at the next frame, one
    // board a frame, the latest asked for: dragging never queues up boards to draw.
    setAsked(index ?? 'now');
    frame.current = requestAnimationFrame(() => {
      const step = index === undefined ? undefined : history.steps[index];
      ops.viewMoment(step && { step: index!, index: step.change, at: step.at, board: history.replay.boardAt(step.change) });
      setAsked(undefined);
    });
  };
  const backToNow = () => {
    cancelAnimationFrame(frame.current);
    setAsked(undefined);
    setPlaying(false);
    setConfirming(false);
    ops.viewMoment(undefined);
  };

  // Leaving the panel goes back to now.
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      store.getState().ops.viewMoment(undefined);
    },
    [store],
  );

  // At now, the history follows the board: after each change, and on coming back from a moment.
  useEffect(() => {
    if (selected !== undefined || history.state !== 'ready') return;
    const timer = setTimeout(reload, 1000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a change of the board, or the way back to now, asks for it
  }, [live, selected === undefined]);

  // Playing: the next step after a pause, until now. Other renders (someone typing) leave the pause as it is.
  useEffect(() => {
    if (!playing) return;
    const pause = Math.min(800, Math.max(120, PLAY_MS / Math.max(1, steps.length)));
    const timer = setTimeout(() => {
      const next = selected === undefined ? 0 : selected + 1;
      if (next >= steps.length) backToNow();
      else show(next);
    }, pause);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `show` is remade each render; the step and the steps are what time the next one
  }, [playing, selected, steps.length]);

  // The list follows the step on screen, and at now shows the newest.
  useEffect(() => {
    const item = list.current?.querySelector(selected === undefined ? '.history-step:last-child' : `[data-step="${selected}"]`);
    item?.scrollIntoView({ block: 'nearest' });
  }, [selected, steps.length]);

  // The newest steps, and back to the one on screen if it is older.
  const firstListed = Math.max(0, Math.min(steps.length - listed, selected ?? Infinity));
  const days = useMemo(() => groupByDay(history.state === 'ready' ? history.steps : [], firstListed), [history, firstListed]);

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
    setAsked(undefined);
    setConfirming(false);
    ops.restoreMoment(past, moment.at);
  };
  // The step list is one Tab stop: arrows move through it, Home and End go to its ends, Escape goes back to now.
  const onListKey = (event: KeyboardEvent<HTMLOListElement>) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('.history-step-button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined || at < 0) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
  };
  const focusable = selected ?? steps.length - 1;

  return (
    <div
      className="history-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && moment) {
          event.preventDefault();
          backToNow();
        }
      }}
    >
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
            aria-valuetext={current ? `${formatClock(current.at)}: ${current.by ? `${current.by}. ` : ''}${wordsOf(current)}` : 'Now'}
            min={0}
            max={steps.length}
            value={asked === 'now' ? steps.length : (asked ?? selected ?? steps.length)}
            onChange={(event) => {
              const value = Number(event.currentTarget.value);
              if (value >= steps.length) backToNow();
              else show(value);
            }}
          />
        </div>
        {current && moment ? (
          <div className="history-moment" role="status">
            <p>
              <strong>{formatMoment(current.at)}</strong>{' '}
              <span className="muted">
                · step {selected! + 1} of {steps.length}
              </span>
            </p>
            <p className="history-moment-summary">
              {current.by && <span className="history-who">{current.by} </span>}
              {wordsOf(current)}
            </p>
            <div className="history-moment-tools">
              <button type="button" className="button button-small" onClick={backToNow} title="Or press Escape">
                Back to now
              </button>
              <button
                type="button"
                className="button button-small"
                disabled={exporting !== undefined}
                onClick={() => void exportMoment('report.pdf', 'report')}
              >
                {exporting === 'report' ? 'Preparing…' : 'Report (PDF)'}
              </button>
              <button type="button" className="button button-small" disabled={exporting !== undefined} onClick={() => void exportMoment('board.json', 'board')}>
                {exporting === 'board' ? 'Preparing…' : 'Board file'}
              </button>
              {role === 'facilitator' && mayEdit && !confirming && (
                <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
                  Restore…
                </button>
              )}
            </div>
            {role !== 'facilitator' && <p className="muted history-hint">Only the facilitator can restore a moment.</p>}
            {confirming && live && (
              <div className="history-confirm" role="alertdialog" aria-label="Restore this moment">
                <p>
                  Make the board what it was on {formatMoment(current.at)}? {whatRestoreChanges(live, moment.board)} Everyone sees it at once, and you can undo
                  it.
                </p>
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
      {firstListed > 0 && (
        <button type="button" className="button button-small button-quiet history-earlier" onClick={() => setListed(listed + LIST_PAGE)}>
          Show earlier steps ({firstListed} more)
        </button>
      )}
      <ol className="history-list" ref={list} aria-label="Steps of the analysis" onKeyDown={onListKey}>
        {days.map(([day, entries]) => (
          <li key={day} className="history-day">
            <h3 className="section-title">{day}</h3>
            <ol>
              {entries.map(({ step, index }) => (
                <li key={index} className={`history-step${index === selected ? ' is-selected' : ''}`} data-step={index}>
                  <button
                    type="button"
                    className="history-step-button"
                    tabIndex={index === focusable ? 0 : -1}
                    aria-current={index === selected ? 'step' : undefined}
                    onClick={() => show(index)}
                  >
                    <time dateTime={new Date(step.at).toISOString()}>{formatClock(step.at)}</time>
                    <span>
                      {step.by && (
                        <>
                          <span className="history-who" title={step.role ? ROLE_LABELS[step.role] : undefined}>
                            {step.by}
                          </span>
                          {/* Anyone can call themselves anything; the role is the server's: the facilitator's steps say so. */}
                          {step.role === 'facilitator' && <span className="history-role"> (facilitator)</span>}{' '}
                        </>
                      )}
                      {wordsOf(step)}
                    </span>
                  </button>
                  {step.kind === 'cause.deleted' && mayEdit && live && step.causeIds?.some((id) => !live.causes[id]) && (
                    <button
                      type="button"
                      className="button button-small history-bring-back"
                      onClick={() => {
                        backToNow();
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

/**
 * What restoring `then` over `now` takes away and brings back, in a sentence ("3 actions and 1 cause added since go;
 * 1 root-cause mark goes."), so the facilitator knows before everyone sees it.
 */
export function whatRestoreChanges(now: BoardSnapshot, then: BoardSnapshot): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const gone = (ids: string[], other: Record<string, unknown>) => ids.filter((id) => !(id in other)).length;
  const parts = (causes: number, actions: number, roots: number) =>
    [causes && count(causes, 'cause', 'causes'), actions && count(actions, 'action', 'actions'), roots && count(roots, 'root-cause mark', 'root-cause marks')]
      .filter(Boolean)
      .join(', ');
  const rootsNow = new Set(now.rootCauseIds);
  const rootsThen = new Set(then.rootCauseIds);
  const go = parts(gone(now.causeIds, then.causes), gone(now.actionIds, then.actions), [...rootsNow].filter((id) => !rootsThen.has(id)).length);
  const back = parts(gone(then.causeIds, now.causes), gone(then.actionIds, now.actions), [...rootsThen].filter((id) => !rootsNow.has(id)).length);
  const sentences = [go && `${go} made since will go.`, back && `${back} gone since will come back.`].filter(Boolean);
  return sentences.length > 0 ? sentences.join(' ') : 'Only wording and details change.';
}

/** The steps from `first` on under their day, oldest first, each with its index among all steps. */
function groupByDay(steps: HistoryStep[], first: number): Array<[string, Array<{ step: HistoryStep; index: number }>]> {
  const days = new Map<string, Array<{ step: HistoryStep; index: number }>>();
  steps.forEach((step, index) => {
    if (index < first) return;
    const day = formatDayOf(step.at);
    const entries = days.get(day);
    if (entries) entries.push({ step, index });
    else days.set(day, [{ step, index }]);
  });
  return [...days];
}
