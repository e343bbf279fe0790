import { useCallback, useEffect, useRef, useState } from 'react';
import type { Change } from '../../../shared/history/changes';
import { Replay } from '../../../shared/history/replay';
import type { HistoryStep } from '../../../shared/history/steps';
import { api, type BoardAccess } from '../../lib/api';

/** The board's history, as the History panel shows it. */
export type HistoryState =
  | { state: 'loading'; read: number; of: number }
  | { state: 'ready'; steps: HistoryStep[]; changes: Change[]; replay: Replay }
  | { state: 'failed'; message: string };

/**
 * Loads the board's history (every change, with when and who) and reads it, as steps and as a replay, in slices so the
 * page stays free while a long history loads. `reload` fetches it again (the board has moved on).
 */
export function useHistory(access: BoardAccess): { history: HistoryState; reload: () => void } {
  const [history, setHistory] = useState<HistoryState>({ state: 'loading', read: 0, of: 0 });
  const [generation, setGeneration] = useState(0);
  const shown = useRef(false);
  useEffect(() => {
    const aborted = new AbortController();
    void (async () => {
      try {
        const changes = await api.historyChanges(access);
        // A reload keeps showing what it had until the new history is read: the list does not flash.
        if (!shown.current) setHistory({ state: 'loading', read: 0, of: changes.length });
        const replay = await Replay.build(changes, {
          signal: aborted.signal,
          progress: (read) => !shown.current && setHistory({ state: 'loading', read, of: changes.length }),
        });
        if (aborted.signal.aborted) return;
        shown.current = true;
        setHistory({ state: 'ready', steps: replay.steps, changes, replay });
      } catch (error) {
        if (aborted.signal.aborted) return;
        setHistory({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => aborted.abort();
  }, [access, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { history, reload };
}
