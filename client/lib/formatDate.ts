/**
 * Every date on screen, in one format: the reader's own (their browser's locale), at one length. Documents choose
 * their format per board instead (shared/report/dates.ts), since a letter is read by its customer, not by the team.
 */
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A calendar day (`YYYY-MM-DD`, as stored): "27 Nov 2026" or "Nov 27, 2026", as the reader writes it. */
export function formatDay(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return match ? day.format(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : isoDay;
}

/** A moment (milliseconds since the epoch): its day as `formatDay` writes it, and the time. */
export const formatMoment = (ms: number): string => moment.format(new Date(ms));

/** The day of a moment, as `formatDay` writes it. */
export const formatDayOf = (ms: number): string => day.format(new Date(ms));
