/**
 * The way to a board's first view, as User Timing marks (`whyboard:<milestone>`): the browser's performance panel shows
 * them, and `bench/boardLoad.ts` prints where the time went. Each is marked once, the first time it is reached.
 */
export type Milestone = 'entry' | 'board-code' | 'connect' | 'socket-open' | 'role' | 'synced' | 'first-view' | 'painted';

export function reached(milestone: Milestone): void {
  const name = `whyboard:${milestone}`;
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}
