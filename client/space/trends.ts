import type { SpaceAction, SpaceBoard } from '../../shared/protocol';

/**
 * The space's trends as plain series: complaints per week or month, days from complaint to root cause, and actions by
 * the period they are due in, each with a one-line takeaway. Pure: the charts (Trends.tsx) only draw what this returns.
 *
 * Dates are calendar days, never moments: every sum is done on day numbers (days since 1970-01-01, counted in UTC), so
 * a clock change or a time near midnight never moves a complaint into another week. The one moment read here is when a
 * board was made or its root cause marked (ISO times); it becomes the day it was in the reader's time zone (the day the
 * space page prints for it), or in `timeZone` when given.
 */

export type PeriodUnit = 'week' | 'month';

/** At most this many periods drawn per chart: a typing slip in a date ("2062-03-01") must not draw 2,000 bars. */
export const MAX_PERIODS: Readonly<Record<PeriodUnit, number>> = { week: 104, month: 120 };
/** Weeks while the complaints span at most this many of them (a quarter and a bit), months beyond. */
export const AUTO_WEEKS_UP_TO = 16;
/** Below this many complaints in the two windows compared, a takeaway says there are too few to call a trend. */
export const FEWEST_FOR_A_TREND = 6;
/** Below this many analyses with a root cause, a takeaway lists their days rather than a median. */
export const FEWEST_FOR_A_MEDIAN = 3;

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` to its day number, or null for anything else (including days that do not exist, "2026-02-30"). */
export function dayNumber(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) return null;
  return ms / DAY_MS;
}

/** A day number as `YYYY-MM-DD`. */
export const dayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (`YYYY-MM-DD`) an ISO time fell on in `timeZone` (default: the reader's), or null if unreadable. */
export function dayOfMoment(iso: string, timeZone?: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const key = timeZone ?? '';
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', numberingSystem: 'latn' });
    dayFormats.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return `${String(parts.year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}

/** The day a complaint counts from: the day it was received, else the day its board was made. */
export function complaintDay(board: Pick<SpaceBoard, 'receivedAt' | 'createdAt'>, timeZone?: string): number | null {
  const received = board.receivedAt ? dayNumber(board.receivedAt) : null;
  if (received !== null) return received;
  const made = dayOfMoment(board.createdAt, timeZone);
  return made === null ? null : dayNumber(made);
}

/** The first day of the period a day falls in: its ISO week's Monday, or the first of its month. */
export function periodStart(day: number, unit: PeriodUnit): number {
  const date = new Date(day * DAY_MS);
  if (unit === 'week') return day - ((date.getUTCDay() + 6) % 7);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
}

/** The first day of the period after the one starting on `start`. */
export function nextPeriod(start: number, unit: PeriodUnit): number {
  if (unit === 'week') return start + 7;
  const date = new Date(start * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS;
}

/** `day` moved by whole calendar months, kept within its month (31 March less one month is 28 or 29 February). */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const target = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1) / DAY_MS;
  const lastOfTarget = nextPeriod(target, 'month') - 1;
  return Math.min(target + date.getUTCDate() - 1, lastOfTarget);
}

/** How many periods from the one holding `first` to the one holding `last`, both counted. */
export function periodCount(first: number, last: number, unit: PeriodUnit): number {
  const [a, b] = [periodStart(Math.min(first, last), unit), periodStart(Math.max(first, last), unit)];
  if (unit === 'week') return (b - a) / 7 + 1;
  const [da, db] = [new Date(a * DAY_MS), new Date(b * DAY_MS)];
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth() + 1;
}

/** Every period's first day, from the period holding `first` to the one holding `last`, empty ones included. */
export function periodsBetween(first: number, last: number, unit: PeriodUnit): number[] {
  const starts: number[] = [];
  for (let start = periodStart(first, unit); start <= last; start = nextPeriod(start, unit)) starts.push(start);
  return starts;
}

/**
 * Weeks when the complaints, from the first to today (or to the last, if one is dated later), span at most
 * `AUTO_WEEKS_UP_TO` ISO weeks; months otherwise. No complaint: weeks.
 */
export function chooseUnit(days: readonly number[], today: number): PeriodUnit {
  if (days.length === 0) return 'week';
  const first = Math.min(...days);
  const last = Math.max(today, ...days);
  return periodCount(first, last, 'week') <= AUTO_WEEKS_UP_TO ? 'week' : 'month';
}

/** The periods a chart draws: from the period of `first` to that of `last`, cut to `MAX_PERIODS` around `keep`. */
function chartPeriods(first: number, last: number, unit: PeriodUnit, keep: number): number[] {
  const all = periodsBetween(first, last, unit);
  const max = MAX_PERIODS[unit];
  if (all.length <= max) return all;
  const at = all.indexOf(periodStart(keep, unit));
  const from = Math.max(0, Math.min(all.length - max, (at < 0 ? all.length : at) - Math.floor(max / 2)));
  return all.slice(from, from + max);
}

/** Which drawn period a day belongs to (its index), or -1 before the first, `periods.length` after the last. */
function periodIndex(periods: readonly number[], day: number, unit: PeriodUnit): number {
  const start = periodStart(day, unit);
  if (periods.length === 0 || start < periods[0]!) return -1;
  if (start > periods[periods.length - 1]!) return periods.length;
  return periods.indexOf(start);
}

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// ---- Labels ------------------------------------------------------------------------------------------------------

/** A period's names: short for an axis tick ("12 Jan", "Jan 2026"), long for a table row and a tooltip. */
export function periodLabels(start: number, unit: PeriodUnit, locale?: string): { short: string; long: string } {
  const date = new Date(start * DAY_MS);
  // timeZone UTC: the day number is a UTC midnight, so no zone can move it to the day before.
  if (unit === 'month') {
    const month = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(date);
    return { short: month, long: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(date) };
  }
  return {
    short: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(date),
    long: `Week of ${new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }).format(date)}`,
  };
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
const days = (count: number): string => plural(Math.round(count * 10) / 10, 'day');

// ---- The three series --------------------------------------------------------------------------------------------

interface Period {
  /** The period's first day, `YYYY-MM-DD` (a Monday, or the first of a month). */
  start: string;
  label: string;
  longLabel: string;
  /** Today falls in it: its figures are so far, not final. */
  current: boolean;
}

export interface ComplaintPeriod extends Period {
  count: number;
}

export interface RootCausePeriod extends Period {
  /** Complaints of the period whose analysis has reached a root cause, and the median days it took them. */
  found: number;
  medianDays: number | null;
  /** Complaints of the period with no root cause yet. */
  stillOpen: number;
}

export interface ActionPeriod extends Period {
  /** Done and verified effective, by status; open (or in progress) and due today or later; open and past due. */
  verified: number;
  done: number;
  open: number;
  overdue: number;
}

export interface TrendsInput {
  boards: readonly SpaceBoard[];
  actions: readonly SpaceAction[];
  /** `YYYY-MM-DD`: the reader's today. */
  today: string;
  /** The reader's choice; by default, `chooseUnit`'s. */
  unit?: PeriodUnit;
  /** The zone that turns a board's creation and root-cause times into days; default the reader's. */
  timeZone?: string;
  /** For the period labels; default the reader's. */
  locale?: string;
}

export interface Trends {
  unit: PeriodUnit;
  /** What `chooseUnit` picked, to say so beside the toggle. */
  autoUnit: PeriodUnit;
  /** Complaints with a date: none means nothing to draw. */
  dated: number;
  /** The first complaint's day (`YYYY-MM-DD`), or '' for none. */
  first: string;
  /** Boards with neither a readable complaint date nor a readable creation time. */
  undated: number;
  complaints: { periods: ComplaintPeriod[]; notDrawn: number; takeaway: string };
  rootCause: { periods: RootCausePeriod[]; found: number; stillOpen: number; medianDays: number | null; takeaway: string };
  actions: { periods: ActionPeriod[]; dated: number; undated: number; notDrawn: number; takeaway: string };
}

interface Complaint {
  day: number;
  /** Whole calendar days from the complaint to its first root cause, or null when there is none yet. */
  daysToRootCause: number | null;
}

/** The complaints the boards hold, with their day and days to a root cause (a root cause dated before its complaint counts 0). */
export function complaintsOf(boards: readonly SpaceBoard[], timeZone?: string): { complaints: Complaint[]; undated: number } {
  const complaints: Complaint[] = [];
  let undated = 0;
  for (const board of boards) {
    const day = complaintDay(board, timeZone);
    if (day === null) {
      undated += 1;
      continue;
    }
    const rootDay = board.rootCauseAt ? dayOfMoment(board.rootCauseAt, timeZone) : null;
    const root = rootDay === null ? null : dayNumber(rootDay);
    complaints.push({ day, daysToRootCause: root === null ? null : Math.max(0, root - day) });
  }
  return { complaints, undated };
}

/** The comparison windows of a takeaway: the last 4 weeks (28 days to today) or the last 3 calendar months, and the same before. */
function windows(today: number, unit: PeriodUnit): { recent: [number, number]; before: [number, number]; name: string; previous: string } {
  if (unit === 'week') return { recent: [today - 27, today], before: [today - 55, today - 28], name: 'the last 4 weeks', previous: 'the 4 before' };
  const recentFrom = addMonths(today, -3) + 1;
  return { recent: [recentFrom, today], before: [addMonths(today, -6) + 1, recentFrom - 1], name: 'the last 3 months', previous: 'the 3 before' };
}

const within = (day: number, [from, to]: [number, number]): boolean => day >= from && day <= to;

/** Complaints per period, and what changed lately. */
export function complaintsPerPeriod(
  complaints: readonly Complaint[],
  unit: PeriodUnit,
  today: number,
  locale?: string,
): { periods: ComplaintPeriod[]; notDrawn: number; takeaway: string } {
  if (complaints.length === 0) return { periods: [], notDrawn: 0, takeaway: 'No complaint has a date yet.' };
  const daysList = complaints.map((complaint) => complaint.day);
  const first = Math.min(...daysList);
  const last = Math.max(today, ...daysList);
  const starts = chartPeriods(first, last, unit, today);
  const periods = starts.map((start) => ({ ...period(start, unit, today, locale), count: 0 }));
  let notDrawn = 0;
  for (const day of daysList) {
    const index = periodIndex(starts, day, unit);
    if (index < 0 || index >= periods.length) notDrawn += 1;
    else periods[index]!.count += 1;
  }
  return { periods, notDrawn, takeaway: complaintsTakeaway(daysList, first, unit, today) };
}

function complaintsTakeaway(daysList: readonly number[], first: number, unit: PeriodUnit, today: number): string {
  const { recent, before, name, previous } = windows(today, unit);
  const now = daysList.filter((day) => within(day, recent)).length;
  const then = daysList.filter((day) => within(day, before)).length;
  const lead = `${plural(now, 'complaint')} in ${name}`;
  // The space's first complaint came after the earlier window began: there is nothing fair to compare with.
  if (first > before[0]) return `${lead}. The space is too new to compare with ${previous}.`;
  if (now + then < FEWEST_FOR_A_TREND) return `${lead} and ${then} in ${previous}: too few to call a trend.`;
  if (now === then) return `${lead}, as many as in ${previous}.`;
  return `${lead}, ${Math.abs(now - then)} ${now > then ? 'more' : 'fewer'} than in ${previous}.`;
}

/** Median days from complaint to root cause, per period of the complaint, with those still open. */
export function timeToRootCause(
  complaints: readonly Complaint[],
  periodStarts: readonly number[],
  unit: PeriodUnit,
  today: number,
  locale?: string,
): { periods: RootCausePeriod[]; found: number; stillOpen: number; medianDays: number | null; takeaway: string } {
  const byPeriod = periodStarts.map(() => ({ spans: [] as number[], stillOpen: 0 }));
  for (const complaint of complaints) {
    const slot = byPeriod[periodIndex(periodStarts, complaint.day, unit)];
    if (!slot) continue;
    if (complaint.daysToRootCause === null) slot.stillOpen += 1;
    else slot.spans.push(complaint.daysToRootCause);
  }
  const periods = periodStarts.map((start, index) => {
    const { spans, stillOpen } = byPeriod[index]!;
    return { ...period(start, unit, today, locale), found: spans.length, medianDays: median(spans), stillOpen };
  });
  const spans = complaints.flatMap((complaint) => (complaint.daysToRootCause === null ? [] : [complaint.daysToRootCause]));
  const open = complaints.filter((complaint) => complaint.daysToRootCause === null);
  const medianDays = median(spans);
  const oldest = open.length > 0 ? today - Math.min(...open.map((complaint) => complaint.day)) : 0;
  const openPart =
    open.length === 0
      ? 'every analysis has one.'
      : `${plural(open.length, 'analysis', 'analyses')} still without one${oldest > 0 ? `, the oldest complaint ${days(oldest)} old` : ''}.`;
  let takeaway: string;
  if (spans.length === 0) takeaway = `No analysis has reached a root cause yet; ${openPart}`;
  else if (spans.length < FEWEST_FOR_A_MEDIAN) {
    const [a, b] = [...spans].sort((x, y) => x - y);
    const taken = b === undefined ? days(a!) : `${a} and ${days(b)}`;
    takeaway = `Only ${plural(spans.length, 'analysis', 'analyses')} reached a root cause so far, in ${taken}; ${openPart}`;
  } else takeaway = `Root cause found in a median of ${days(medianDays!)} (${plural(spans.length, 'analysis', 'analyses')}); ${openPart}`;
  return { periods, found: spans.length, stillOpen: open.length, medianDays, takeaway };
}

/** Actions by the period they are due in: done, verified, open and not yet due, overdue (open or in progress, due before today). */
export function actionsByDue(
  actions: readonly SpaceAction[],
  unit: PeriodUnit,
  today: number,
  locale?: string,
): { periods: ActionPeriod[]; dated: number; undated: number; notDrawn: number; takeaway: string } {
  const dated = actions.flatMap((action) => {
    const due = dayNumber(action.due);
    return due === null ? [] : [{ action, due }];
  });
  const undated = actions.length - dated.length;
  const undatedPart = undated > 0 ? ` ${plural(undated, 'action has', 'actions have')} no due date.` : '';
  if (dated.length === 0) return { periods: [], dated: 0, undated, notDrawn: 0, takeaway: `No action has a due date yet.${undatedPart}` };
  const dues = dated.map(({ due }) => due);
  const starts = chartPeriods(Math.min(today, ...dues), Math.max(today, ...dues), unit, today);
  const periods = starts.map((start) => ({ ...period(start, unit, today, locale), verified: 0, done: 0, open: 0, overdue: 0 }));
  let notDrawn = 0;
  let longestOverdue = 0;
  const totals = { verified: 0, done: 0, open: 0, overdue: 0 };
  for (const { action, due } of dated) {
    const kind = action.status === 'verified' || action.status === 'done' ? action.status : due < today ? 'overdue' : 'open';
    if (kind === 'overdue') longestOverdue = Math.max(longestOverdue, today - due);
    totals[kind] += 1;
    const slot = periods[periodIndex(starts, due, unit)];
    if (slot) slot[kind] += 1;
    else notDrawn += 1;
  }
  const finished = totals.done + totals.verified;
  const rest = [
    finished > 0 ? `${finished} done${totals.verified > 0 ? ` (${totals.verified} verified effective)` : ''}` : 'none done yet',
    totals.open > 0 ? `${totals.open} open and not yet due` : '',
  ].filter(Boolean);
  const lead = totals.overdue === 0 ? 'No action is overdue' : `${plural(totals.overdue, 'action')} overdue, the longest by ${days(longestOverdue)}`;
  return { periods, dated: dated.length, undated, notDrawn, takeaway: `${lead}; ${rest.join(', ')}.${undatedPart}` };
}

function period(start: number, unit: PeriodUnit, today: number, locale?: string): Period {
  const { short, long } = periodLabels(start, unit, locale);
  return { start: dayString(start), label: short, longLabel: long, current: start === periodStart(today, unit) };
}

/** Everything the trends view draws, from the space's boards and actions. */
export function buildTrends({ boards, actions, today, unit, timeZone, locale }: TrendsInput): Trends {
  const todayDay = dayNumber(today) ?? Math.floor(Date.now() / DAY_MS);
  const { complaints, undated } = complaintsOf(boards, timeZone);
  const autoUnit = chooseUnit(
    complaints.map((complaint) => complaint.day),
    todayDay,
  );
  const chosen = unit ?? autoUnit;
  const complaintSeries = complaintsPerPeriod(complaints, chosen, todayDay, locale);
  const starts = complaintSeries.periods.map((entry) => dayNumber(entry.start)!);
  return {
    unit: chosen,
    autoUnit,
    dated: complaints.length,
    first: complaints.length === 0 ? '' : dayString(Math.min(...complaints.map((complaint) => complaint.day))),
    undated,
    complaints: complaintSeries,
    rootCause: timeToRootCause(complaints, starts, chosen, todayDay, locale),
    actions: actionsByDue(actions, chosen, todayDay, locale),
  };
}
