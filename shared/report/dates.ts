const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "15 December 2026" for "2026-12-15": the same words on every machine, whatever its locale. '' stays ''. */
export function longDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] ?? ''} ${match[1]}`;
}

/** `YYYY-MM-DD` of a moment, in UTC. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
