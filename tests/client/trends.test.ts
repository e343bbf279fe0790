import { describe, expect, it } from 'vitest';
import type { SpaceAction, SpaceBoard } from '../../shared/protocol';
import {
  actionsByDue,
  addMonths,
  buildTrends,
  chooseUnit,
  complaintDay,
  complaintsOf,
  complaintsPerPeriod,
  dayNumber,
  dayOfMoment,
  dayString,
  MAX_PERIODS,
  median,
  periodCount,
  periodsBetween,
  periodStart,
  timeToRootCause,
} from '../../client/space/trends';
import { spaceAction } from '../fixtures/spaceAction';

/** A board of the space: complaint received on `receivedAt` ('' for none), made at `createdAt`, root cause at `rootCauseAt`. */
function board(receivedAt: string, options: { createdAt?: string; rootCauseAt?: string | null } = {}): SpaceBoard {
  const createdAt = options.createdAt ?? `${receivedAt || '2026-01-01'}T09:00:00.000Z`;
  return {
    id: `b-${receivedAt}-${createdAt}`,
    title: 'A complaint',
    causeCount: 1,
    rootCauses: [],
    createdAt,
    updatedAt: createdAt,
    customer: 'Ms Example',
    channel: 'email',
    receivedAt,
    state: 'analysing',
    reopened: false,
    rootCauseAt: options.rootCauseAt ?? null,
    actions: { open: 0, overdue: 0, done: 0, verified: 0 },
    letter: 'none',
  } as SpaceBoard;
}

const action = (due: string, status: SpaceAction['status']): SpaceAction => spaceAction({ id: `a-${due}-${status}`, due, status });

const day = (text: string): number => {
  const value = dayNumber(text);
  if (value === null) throw new Error(`not a day: ${text}`);
  return value;
};
const days = (...texts: string[]): number[] => texts.map(day);
const starts = (values: number[]): string[] => values.map(dayString);

describe('calendar days', () => {
  it('reads YYYY-MM-DD and refuses what is not a real day', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayString(day('2026-03-29'))).toBe('2026-03-29');
    expect(dayNumber('2026-02-29')).toBeNull();
    expect(dayNumber('2024-02-29')).not.toBeNull();
    expect(dayNumber('2026-13-01')).toBeNull();
    expect(dayNumber('')).toBeNull();
    expect(dayNumber('29/03/2026')).toBeNull();
  });

  it('counts whole days across a clock change (no 23- or 25-hour days)', () => {
    // Europe: clocks go forward on 29 March 2026 and back on 25 October 2026; USA: 8 March and 1 November.
    expect(day('2026-03-30') - day('2026-03-28')).toBe(2);
    expect(day('2026-10-26') - day('2026-10-24')).toBe(2);
    expect(day('2026-03-09') - day('2026-03-07')).toBe(2);
  });

  it('takes the day a moment fell on in the given zone, near midnight and around clock changes', () => {
    // 23:30 UTC on 28 March is 23:30 in London (winter time still), but 00:30 on the 29th in Paris.
    expect(dayOfMoment('2026-03-28T23:30:00Z', 'Europe/London')).toBe('2026-03-28');
    expect(dayOfMoment('2026-03-28T23:30:00Z', 'Europe/Paris')).toBe('2026-03-29');
    // 23:30 UTC on 29 March is 00:30 on the 30th in London (summer time began that morning).
    expect(dayOfMoment('2026-03-29T23:30:00Z', 'Europe/London')).toBe('2026-03-30');
    // 03:30 UTC on 2 November is still 1 November in New York (22:30, after the clocks went back).
    expect(dayOfMoment('2026-11-02T03:30:00Z', 'America/New_York')).toBe('2026-11-01');
    expect(dayOfMoment('2026-12-31T11:30:00Z', 'Pacific/Auckland')).toBe('2027-01-01');
    expect(dayOfMoment('not a time')).toBeNull();
  });

  it('dates a complaint by the day it was received, else by the day its board was made (in the zone)', () => {
    expect(dayString(complaintDay({ receivedAt: '2026-03-02', createdAt: '2026-04-10T10:00:00Z' })!)).toBe('2026-03-02');
    expect(dayString(complaintDay({ receivedAt: '', createdAt: '2026-03-29T23:30:00Z' }, 'Europe/London')!)).toBe('2026-03-30');
    expect(dayString(complaintDay({ receivedAt: '', createdAt: '2026-03-29T23:30:00Z' }, 'America/New_York')!)).toBe('2026-03-29');
    // A date typed wrong falls back to the board's own day rather than being lost.
    expect(dayString(complaintDay({ receivedAt: '2026-02-30', createdAt: '2026-03-01T08:00:00Z' }, 'UTC')!)).toBe('2026-03-01');
    expect(complaintDay({ receivedAt: '', createdAt: 'garbage' })).toBeNull();
  });
});

describe('periods', () => {
  it('starts ISO weeks on Monday, whatever the day', () => {
    // 2026-03-23 is a Monday; 2026-03-29 the Sunday of the same week (and the day European clocks change).
    expect(dayString(periodStart(day('2026-03-23'), 'week'))).toBe('2026-03-23');
    expect(dayString(periodStart(day('2026-03-29'), 'week'))).toBe('2026-03-23');
    expect(dayString(periodStart(day('2026-03-30'), 'week'))).toBe('2026-03-30');
    // ISO week 1 of 2026 starts on Monday 29 December 2025.
    expect(dayString(periodStart(day('2026-01-01'), 'week'))).toBe('2025-12-29');
  });

  it('starts months on the first and moves by calendar months', () => {
    expect(dayString(periodStart(day('2026-02-28'), 'month'))).toBe('2026-02-01');
    expect(dayString(addMonths(day('2026-03-31'), -1))).toBe('2026-02-28');
    expect(dayString(addMonths(day('2024-03-31'), -1))).toBe('2024-02-29');
    expect(dayString(addMonths(day('2026-11-15'), 3))).toBe('2027-02-15');
  });

  it('lists every period between first and last, the empty ones too', () => {
    expect(starts(periodsBetween(day('2026-03-04'), day('2026-03-25'), 'week'))).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
    expect(starts(periodsBetween(day('2025-11-30'), day('2026-02-01'), 'month'))).toEqual(['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01']);
    expect(periodCount(day('2025-11-30'), day('2026-02-01'), 'month')).toBe(4);
    expect(periodCount(day('2026-03-04'), day('2026-03-25'), 'week')).toBe(4);
  });

  it('chooses weeks up to 16 weeks of complaints (counted to today), months beyond', () => {
    const today = day('2026-04-19'); // a Sunday: its week starts on 13 April
    // From the week of 29 December to that of 13 April: 16 weeks.
    expect(chooseUnit(days('2025-12-29', '2026-02-10'), today)).toBe('week');
    expect(chooseUnit(days('2025-12-28', '2026-02-10'), today)).toBe('month');
    // A complaint dated after today stretches the span too.
    expect(chooseUnit(days('2026-04-01', '2026-09-01'), today)).toBe('month');
    expect(chooseUnit([], today)).toBe('week');
  });

  it('takes the median, the mean of the middle two for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([1, 10, 2, 3])).toBe(2.5);
  });
});

describe('complaints per period', () => {
  const today = day('2026-03-25');

  it('counts each week, keeps the empty weeks, and runs the axis to today', () => {
    const { complaints } = complaintsOf([board('2026-03-02'), board('2026-03-03'), board('2026-03-18')], 'UTC');
    const { periods } = complaintsPerPeriod(complaints, 'week', today, 'en-GB');
    expect(periods.map((period) => [period.start, period.count, period.current])).toEqual([
      ['2026-03-02', 2, false],
      ['2026-03-09', 0, false],
      ['2026-03-16', 1, false],
      ['2026-03-23', 0, true],
    ]);
    expect(periods[0]!.label).toBe('2 Mar');
    expect(periods[0]!.longLabel).toBe('Week of 2 Mar 2026');
  });

  it('counts by month, with the months between', () => {
    const { complaints } = complaintsOf([board('2025-11-30'), board('2025-12-01'), board('2026-03-01')], 'UTC');
    const { periods } = complaintsPerPeriod(complaints, 'month', today, 'en-GB');
    expect(periods.map((period) => [period.start, period.count])).toEqual([
      ['2025-11-01', 1],
      ['2025-12-01', 1],
      ['2026-01-01', 0],
      ['2026-02-01', 0],
      ['2026-03-01', 1],
    ]);
    expect(periods[0]!.longLabel).toBe('November 2025');
  });

  it('puts a board made late on a Sunday evening in the week its people saw it, whatever the clocks did', () => {
    // Sunday 29 March 2026, 23:30 in London (22:30 UTC, summer time began that morning): still the week of 23 March.
    const sunday = board('', { createdAt: '2026-03-29T22:30:00Z' });
    // 00:30 in London on Monday 30 March is 23:30 UTC on the Sunday: the next week for London, not for UTC.
    const monday = board('', { createdAt: '2026-03-29T23:30:00Z' });
    const inLondon = complaintsPerPeriod(complaintsOf([sunday, monday], 'Europe/London').complaints, 'week', day('2026-03-30'), 'en-GB');
    expect(inLondon.periods.map((period) => [period.start, period.count])).toEqual([
      ['2026-03-23', 1],
      ['2026-03-30', 1],
    ]);
    const inUtc = complaintsPerPeriod(complaintsOf([sunday, monday], 'UTC').complaints, 'week', day('2026-03-30'), 'en-GB');
    expect(inUtc.periods.map((period) => [period.start, period.count])).toEqual([
      ['2026-03-23', 2],
      ['2026-03-30', 0],
    ]);
  });

  it('never draws more than the most periods, keeping the ones around today', () => {
    const { complaints } = complaintsOf([board('1996-03-02'), board('2026-03-03')], 'UTC');
    const result = complaintsPerPeriod(complaints, 'week', today, 'en-GB');
    expect(result.periods).toHaveLength(MAX_PERIODS.week);
    expect(result.periods.at(-1)!.start).toBe('2026-03-23');
    expect(result.notDrawn).toBe(1);
  });

  it('compares the last 4 weeks with the 4 before', () => {
    const recent = ['2026-03-25', '2026-03-20', '2026-03-10', '2026-03-01', '2026-02-26', '2026-02-26'];
    const before = ['2026-02-25', '2026-02-10', '2026-01-29'];
    const { complaints } = complaintsOf([board('2025-12-01'), ...[...recent, ...before].map((date) => board(date))], 'UTC');
    expect(complaintsPerPeriod(complaints, 'week', today).takeaway).toBe('6 complaints in the last 4 weeks, 3 more than in the 4 before.');
    const fewer = complaintsOf([board('2025-12-01'), board('2026-03-02'), ...before.map((date) => board(date)), ...before.map((date) => board(date))], 'UTC');
    expect(complaintsPerPeriod(fewer.complaints, 'week', today).takeaway).toBe('1 complaint in the last 4 weeks, 5 fewer than in the 4 before.');
  });

  it('says when there are too few complaints to call a trend, or too little history to compare', () => {
    const thin = complaintsOf([board('2025-12-01'), board('2026-03-20'), board('2026-02-10')], 'UTC');
    expect(complaintsPerPeriod(thin.complaints, 'week', today).takeaway).toBe(
      '1 complaint in the last 4 weeks and 1 in the 4 before: too few to call a trend.',
    );
    const young = complaintsOf([board('2026-03-20'), board('2026-03-21')], 'UTC');
    expect(complaintsPerPeriod(young.complaints, 'week', today).takeaway).toBe(
      '2 complaints in the last 4 weeks. The space is too new to compare with the 4 before.',
    );
  });

  it('compares calendar months when grouped by month', () => {
    const dates = ['2026-03-25', '2026-02-01', '2026-01-10', '2025-12-26', '2025-12-01', '2025-11-01', '2025-10-01', '2025-09-26'];
    const { complaints } = complaintsOf([board('2025-01-01'), ...dates.map((date) => board(date))], 'UTC');
    // The last 3 months: 26 December to 25 March (4); the 3 before: 26 September to 25 December (4).
    expect(complaintsPerPeriod(complaints, 'month', today).takeaway).toBe('4 complaints in the last 3 months, as many as in the 3 before.');
  });
});

describe('days from complaint to root cause', () => {
  const today = day('2026-03-25');
  const weeks = days('2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23');

  it('takes the median per week of the complaint, counts those still open, and leaves empty weeks empty', () => {
    const { complaints } = complaintsOf(
      [
        board('2026-03-02', { rootCauseAt: '2026-03-04T10:00:00Z' }), // 2 days
        board('2026-03-03', { rootCauseAt: '2026-03-13T10:00:00Z' }), // 10 days
        board('2026-03-04', { rootCauseAt: '2026-03-08T10:00:00Z' }), // 4 days
        board('2026-03-05'),
        board('2026-03-18', { rootCauseAt: '2026-03-19T10:00:00Z' }), // 1 day
      ],
      'UTC',
    );
    const result = timeToRootCause(complaints, weeks, 'week', today, 'en-GB');
    expect(result.periods.map((period) => [period.start, period.found, period.medianDays, period.stillOpen])).toEqual([
      ['2026-03-02', 3, 4, 1],
      ['2026-03-09', 0, null, 0],
      ['2026-03-16', 1, 1, 0],
      ['2026-03-23', 0, null, 0],
    ]);
    expect(result.medianDays).toBe(3);
    expect(result.takeaway).toBe('Root cause found in a median of 3 days (4 analyses); 1 analysis still without one, the oldest complaint 20 days old.');
  });

  it('counts calendar days, not 24-hour spans, across a clock change and near midnight', () => {
    // Received Saturday 28 March; root cause marked at 00:15 London time on Monday 30 March (23:15 UTC on the 29th).
    const late = board('2026-03-28', { rootCauseAt: '2026-03-29T23:15:00Z' });
    expect(complaintsOf([late], 'Europe/London').complaints[0]!.daysToRootCause).toBe(2);
    expect(complaintsOf([late], 'UTC').complaints[0]!.daysToRootCause).toBe(1);
    // Made at 23:50 and its root cause marked ten minutes later, after midnight: one day, not zero.
    const quick = board('', { createdAt: '2026-10-24T22:50:00Z', rootCauseAt: '2026-10-24T23:00:00Z' });
    expect(complaintsOf([quick], 'Europe/London').complaints[0]!.daysToRootCause).toBe(1);
    // A root cause dated before its complaint (a date typed wrong) counts as the same day, never negative.
    const early = board('2026-03-20', { rootCauseAt: '2026-03-18T12:00:00Z' });
    expect(complaintsOf([early], 'UTC').complaints[0]!.daysToRootCause).toBe(0);
  });

  it('is honest when few analyses have a root cause', () => {
    const none = complaintsOf([board('2026-03-20'), board('2026-03-24')], 'UTC');
    expect(timeToRootCause(none.complaints, weeks, 'week', today).takeaway).toBe(
      'No analysis has reached a root cause yet; 2 analyses still without one, the oldest complaint 5 days old.',
    );
    const two = complaintsOf(
      [board('2026-03-10', { rootCauseAt: '2026-03-19T09:00:00Z' }), board('2026-03-20', { rootCauseAt: '2026-03-23T09:00:00Z' })],
      'UTC',
    );
    expect(timeToRootCause(two.complaints, weeks, 'week', today).takeaway).toBe(
      'Only 2 analyses reached a root cause so far, in 3 and 9 days; every analysis has one.',
    );
    const one = complaintsOf([board('2026-03-10', { rootCauseAt: '2026-03-11T09:00:00Z' })], 'UTC');
    expect(timeToRootCause(one.complaints, weeks, 'week', today).takeaway).toBe(
      'Only 1 analysis reached a root cause so far, in 1 day; every analysis has one.',
    );
  });
});

describe('actions by due period', () => {
  const today = day('2026-03-25'); // a Wednesday

  it('splits each due week into overdue, open and not yet due, done and verified', () => {
    const actions = [
      action('2026-03-10', 'open'), // overdue by 15 days
      action('2026-03-11', 'inProgress'), // overdue
      action('2026-03-12', 'done'),
      action('2026-03-24', 'open'), // yesterday: overdue by 1
      action('2026-03-25', 'inProgress'), // due today: not overdue yet
      action('2026-03-27', 'verified'),
      action('2026-04-08', 'open'),
      action('', 'open'),
    ];
    const result = actionsByDue(actions, 'week', today, 'en-GB');
    expect(result.periods.map(({ start, overdue, open, done, verified, current }) => ({ start, overdue, open, done, verified, current }))).toEqual([
      { start: '2026-03-09', overdue: 2, open: 0, done: 1, verified: 0, current: false },
      { start: '2026-03-16', overdue: 0, open: 0, done: 0, verified: 0, current: false },
      { start: '2026-03-23', overdue: 1, open: 1, done: 0, verified: 1, current: true },
      { start: '2026-03-30', overdue: 0, open: 0, done: 0, verified: 0, current: false },
      { start: '2026-04-06', overdue: 0, open: 1, done: 0, verified: 0, current: false },
    ]);
    expect(result.undated).toBe(1);
    expect(result.takeaway).toBe('3 actions overdue, the longest by 15 days; 2 done (1 verified effective), 2 open and not yet due. 1 action has no due date.');
  });

  it('says so when nothing is overdue, and when nothing has a date', () => {
    expect(actionsByDue([action('2026-04-01', 'open'), action('2026-03-01', 'done')], 'month', today).takeaway).toBe(
      'No action is overdue; 1 done, 1 open and not yet due.',
    );
    const undated = actionsByDue([action('', 'open'), action('', 'done')], 'week', today);
    expect(undated.periods).toEqual([]);
    expect(undated.takeaway).toBe('No action has a due date yet. 2 actions have no due date.');
  });

  it('runs the axis through today even when every action is due later', () => {
    const result = actionsByDue([action('2026-04-20', 'open')], 'month', today, 'en-GB');
    expect(result.periods.map((period) => [period.start, period.open, period.current])).toEqual([
      ['2026-03-01', 0, true],
      ['2026-04-01', 1, false],
    ]);
  });
});

describe('buildTrends', () => {
  it('chooses the period from the complaints, and lets the reader override it', () => {
    const boards = [board('2026-01-05'), board('2026-03-20')];
    const auto = buildTrends({ boards, actions: [], today: '2026-03-25', timeZone: 'UTC', locale: 'en-GB' });
    expect(auto.unit).toBe('week');
    expect(auto.complaints.periods).toHaveLength(12);
    const byMonth = buildTrends({ boards, actions: [], today: '2026-03-25', unit: 'month', timeZone: 'UTC', locale: 'en-GB' });
    expect([byMonth.unit, byMonth.autoUnit]).toEqual(['month', 'week']);
    expect(byMonth.complaints.periods.map((period) => period.count)).toEqual([1, 0, 1]);
    // The root-cause series shares the complaints' axis.
    expect(byMonth.rootCause.periods.map((period) => period.start)).toEqual(byMonth.complaints.periods.map((period) => period.start));
  });

  it('has nothing to draw for a space with no boards', () => {
    const empty = buildTrends({ boards: [], actions: [], today: '2026-03-25' });
    expect(empty.dated).toBe(0);
    expect(empty.complaints.periods).toEqual([]);
    expect(empty.rootCause.periods).toEqual([]);
  });
});
