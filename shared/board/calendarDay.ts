/** A day as boards store it: `YYYY-MM-DD`. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `value` is a day of the calendar written `YYYY-MM-DD`: "2026-02-29", "2026-04-31" and "0000-00-00" are not
 * (`Date.parse` takes the first two, rolling them over into the next month).
 */
export function isCalendarDay(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
