import { useEffect, useState } from 'react';

export type Reading = typeof import('./reading');

let loading: Promise<Reading> | undefined;
let loaded: Reading | undefined;

/** The reading tools if their chunk has loaded, else undefined. */
export const loadedReading = (): Reading | undefined => loaded;

/** Loads the reading tools (`./reading`) once, in their own chunk. */
export function loadReading(): Promise<Reading> {
  loading ??= import('./reading').then((reading) => (loaded = reading));
  return loading;
}

/**
 * The reading tools (`./reading`: the language tools, the coach's reading of answers, the letter checks), or
 * undefined while their chunk loads: the page paints first, the checks follow.
 */
export function useReading(): Reading | undefined {
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
