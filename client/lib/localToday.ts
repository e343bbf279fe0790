/** Today as `YYYY-MM-DD` on this device's calendar: what "overdue" means to the people in the meeting. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
