import { useEffect, useState } from 'react';

/** The tools of `./reading` (not a `Reading` of `shared/language`, which is one text read). */
export type ReadingTools = typeof import('./reading');

let loading: Promise<ReadingTools> | undefined;
let loaded: ReadingTools | undefined;

/** The reading tools if their chunk has loaded, else undefined. */
export const loadedReading = (): ReadingTools | undefined => loaded;

/** Loads the reading tools (`./reading`) once, in their own chunk. */
export function loadReading(): Promise<ReadingTools> {
  loading ??= import('./reading').then((reading) => (loaded = reading));
  return loading;
}

/**
 * The reading tools (`./reading`: the language tools, the coach's reading of answers, the letter checks), or
 * undefined while their chunk loads: the page paints first, the checks follow.
 */
export function useReading(): ReadingTools | undefined {
  const [reading, setReading] = useState(loaded);
  useEffect(() => {
    if (reading) return;
    let current = true;
    void loadReading().then((module) => current && setReading(module));
    return () => {
      current = false;
    };
  }, [reading]);
  return reading;
}
