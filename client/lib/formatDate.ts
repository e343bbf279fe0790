/**
 * Every date on screen, in one format: the reader's own (their browser's locale), at one length. Documents choose
 * their format per board instead (shared/report/dates.ts), since a letter is read by its customer, not by the team.
 */
// Made on first use, not when the module loads: a page's first Intl formatter loads the locale's data (40-70 ms in
// Chromium here), which should not hold up a board's socket from opening.
let formats: { day: Intl.DateTimeFormat; moment: Intl.DateTimeFormat; clock: Intl.DateTimeFormat } | undefined;
const readerFormats = () =>
  (formats ??= {
    day: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }),
    moment: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    clock: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
  });

/** A calendar day (`YYYY-MM-DD`, as stored): "27 Nov 2026" or "Nov 27, 2026", as the reader writes it. */
export function formatDay(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  return match ? readerFormats().day.format(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : isoDay;
}

/** A moment (milliseconds since the epoch): its day as `formatDay` writes it, and the time. */
export const formatMoment = (ms: number): string => readerFormats().moment.format(new Date(ms));

/** The day of a moment, as `formatDay` writes it. */
export const formatDayOf = (ms: number): string => readerFormats().day.format(new Date(ms));

/** The time of day of a moment (hours and minutes), as the reader writes it. */
export const formatClock = (ms: number): string => readerFormats().clock.format(new Date(ms));
