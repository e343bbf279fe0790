import type { DateStyle } from '../board/layout';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A date as a document writes it, in the board's style: "15 December 2026" (`dmy`, the default) or "December 15, 2026"
 * (`mdy`) for "2026-12-15". The same words on every machine, whatever its locale; '' stays ''.
 */
export function longDate(isoDate: string, style: DateStyle = 'dmy'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [day, month, year] = [Number(match[3]), MONTHS[Number(match[2]) - 1] ?? '', match[1]];
  return style === 'mdy' ? `${month} ${day}, ${year}` : `${day} ${month} ${year}`;
}

/** `YYYY-MM-DD` of a moment, in UTC. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
