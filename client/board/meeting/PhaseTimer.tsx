import { useEffect, useReducer } from 'react';
import { timeLeft } from '../../../shared/meeting/meeting';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';

/** 4:05 for four minutes and five seconds, rounded up: "0:00" only once time is really up. */
export function formatClock(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The current phase's countdown, on the server's clock (corrected by this device's offset), so every screen shows the
 * same time whatever its own clock says. The facilitator also gets its controls.
 */
export function PhaseTimer() {
  const timer = useBoardStore((state) => state.meeting && state.meeting.timers[state.meeting.phase]);
  const offset = useBoardStore((state) => state.clockOffset);
  const lead = useBoardStore((state) => state.role === 'facilitator');
  const ops = useBoardOps();
  const [, tick] = useReducer((count: number) => count + 1, 0);
  const running = timer?.endsAt != null;
  useEffect(() => {
    if (!running) return;
    const interval = setInterval(tick, 250);
    return () => clearInterval(interval);
  }, [running]);
  if (!timer) return null;
  const left = timeLeft(timer, Date.now() + offset);
  const clock = formatClock(left);

  return (
    <div className="phase-timer">
      <span
        className={`timer-readout${running ? ' is-running' : ''}${left === 0 ? ' is-over' : ''}`}
        role="timer"
        aria-label={left === 0 ? 'Time is up for this phase' : `${clock} left in this phase${running ? '' : ', paused'}`}
        data-testid="phase-timer"
      >
        {clock}
      </span>
      {lead && (
        <>
          <button
            type="button"
            className="button button-small button-icon"
            onClick={() => ops.meeting({ type: running ? 'timer.pause' : 'timer.start' })}
            disabled={!running && left === 0}
            aria-label={running ? 'Pause the timer' : 'Start the timer'}
            title={running ? 'Pause the timer' : 'Start the timer'}
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              {running ? (
                <path d="M5 3v10M11 3v10" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
              ) : (
                <path d="M5 2.5v11l8.5-5.5z" fill="currentColor" />
              )}
            </svg>
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => ops.meeting({ type: 'timer.add', minutes: 1 })}
            aria-label="+1: add a minute"
            title="Add a minute"
          >
            +1
          </button>
          <button
            type="button"
            className="button button-small button-icon button-quiet"
            onClick={() => ops.meeting({ type: 'timer.reset' })}
            aria-label="Reset the timer"
            title="Back to this phase's planned time"
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M3 8a5 5 0 1 0 1.5-3.6M3 2.5v2.5h2.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        </>
      )}
    </div>
  );
}
