// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SpaceAction, SpaceBoard } from '../../shared/protocol';
import Trends from '../../client/space/Trends';
import { dayNumber, periodLabels } from '../../client/space/trends';
import { spaceAction } from '../fixtures/spaceAction';

beforeAll(() => {
  // Without a ResizeObserver, recharts' ResponsiveContainer keeps its initialDimension instead of measuring jsdom's
  // zero-sized layout (and drawing nothing); make sure none is there, whatever another setup installs.
  vi.stubGlobal('ResizeObserver', undefined);
});
afterAll(() => vi.unstubAllGlobals());
afterEach(cleanup);

// Complaints are dated by the day received and root causes marked at noon UTC, so no time zone moves them.
function board(receivedAt: string, rootCauseAt: string | null = null): SpaceBoard {
  return {
    id: `b-${receivedAt}-${Math.random()}`,
    title: 'A complaint',
    causeCount: 1,
    rootCauses: [],
    createdAt: `${receivedAt}T12:00:00.000Z`,
    updatedAt: `${receivedAt}T12:00:00.000Z`,
    customer: 'Ms Example',
    channel: 'email',
    receivedAt,
    state: rootCauseAt ? 'rootCause' : 'analysing',
    reopened: false,
    rootCauseAt: rootCauseAt && `${rootCauseAt}T12:00:00.000Z`,
    actions: { open: 0, overdue: 0, done: 0, verified: 0 },
    letter: 'none',
  } as SpaceBoard;
}

const action = (due: string, status: SpaceAction['status']): SpaceAction => spaceAction({ id: `a-${due}-${status}-${Math.random()}`, due, status });

const today = '2026-03-25'; // a Wednesday, in the week of 23 March
const boards = [
  board('2026-03-02', '2026-03-06'), // 4 days
  board('2026-03-03', '2026-03-05'), // 2 days
  board('2026-03-04'),
  board('2026-03-18', '2026-03-24'), // 6 days
];
const actions = [action('2026-03-10', 'open'), action('2026-03-12', 'done'), action('2026-03-27', 'verified'), action('2026-04-01', 'inProgress')];

/** The row of a section's table whose header names a period starting on `start`, as the reader's locale writes it. */
function row(section: HTMLElement, start: string, unit: 'week' | 'month' = 'week'): string[] {
  const { longLabel } = { longLabel: periodLabels(dayNumber(start)!, unit).long };
  const header = within(section).getByRole('rowheader', { name: new RegExp(`^${longLabel}`) });
  return [...header.parentElement!.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
}

const section = (name: RegExp): HTMLElement => screen.getByRole('region', { name });

describe('Trends', () => {
  it('draws the three charts, each with a heading, a takeaway and a named figure', () => {
    const { container } = render(<Trends boards={boards} actions={actions} today={today} />);
    expect(screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent)).toEqual([
      'Complaints per week',
      'Days from complaint to root cause',
      'Actions by when they are due, per week',
    ]);
    expect(screen.getByText('4 complaints in the last 4 weeks. The space is too new to compare with the 4 before.', { selector: 'p' })).toBeInTheDocument();
    expect(
      screen.getByText('Root cause found in a median of 4 days (3 analyses); 1 analysis still without one, the oldest complaint 21 days old.', {
        selector: 'p',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 action overdue, the longest by 15 days; 2 done (1 verified effective), 1 open and not yet due.', { selector: 'p' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: /^Bar chart: complaints per week/ })).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: /^Bar chart: median days from complaint to root cause/ })).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: /^Stacked bar chart: actions by due week/ })).toBeInTheDocument();
    // recharts drew each chart, keyboard-reachable (its accessibility layer) and titled.
    const charts = [...container.querySelectorAll('svg.recharts-surface[role="application"]')];
    expect(charts.map((chart) => chart.querySelector('title')?.textContent)).toEqual([
      'Complaints per week',
      'Days from complaint to root cause',
      'Actions by when they are due, per week',
    ]);
    // Each section is described by its takeaway.
    expect(section(/^Complaints per week$/)).toHaveAccessibleDescription(
      '4 complaints in the last 4 weeks. The space is too new to compare with the 4 before.',
    );
  });

  it('gives every figure as a table, empty weeks included', () => {
    render(<Trends boards={boards} actions={actions} today={today} />);
    const complaints = section(/^Complaints per week$/);
    expect(within(complaints).getAllByRole('row')).toHaveLength(1 + 4); // header, and the weeks of 2, 9, 16 and 23 March
    expect(row(complaints, '2026-03-02')).toEqual(['3']);
    expect(row(complaints, '2026-03-09')).toEqual(['0']);
    expect(row(complaints, '2026-03-16')).toEqual(['1']);
    expect(within(complaints).getByRole('rowheader', { name: /\(this week, so far\)$/ })).toBeInTheDocument();

    const rootCause = section(/^Days from complaint to root cause$/);
    expect(row(rootCause, '2026-03-02')).toEqual(['3', '2', '1']); // median of 4 and 2; 2 with a root cause; 1 open
    expect(row(rootCause, '2026-03-09')).toEqual(['–', '0', '0']);
    expect(row(rootCause, '2026-03-16')).toEqual(['6', '1', '0']);

    const due = section(/^Actions by when they are due/);
    expect(
      within(due)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Due', 'Overdue', 'Open, not yet due', 'Done', 'Verified effective']);
    expect(row(due, '2026-03-09')).toEqual(['1', '0', '1', '0']);
    expect(row(due, '2026-03-23')).toEqual(['0', '0', '0', '1']);
    expect(row(due, '2026-03-30')).toEqual(['0', '1', '0', '0']);
  });

  it('switches to months when the reader asks', async () => {
    render(<Trends boards={boards} actions={actions} today={today} />);
    expect(screen.getByRole('radio', { name: /^Weeks/ })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Months' }));
    expect(screen.getByRole('radio', { name: 'Months' })).toBeChecked();
    const complaints = section(/^Complaints per month$/);
    expect(within(complaints).getAllByRole('row')).toHaveLength(1 + 1);
    expect(row(complaints, '2026-03-01', 'month')).toEqual(['4']);
    expect(screen.getByText('4 complaints in the last 3 months. The space is too new to compare with the 3 before.', { selector: 'p' })).toBeInTheDocument();
    expect(row(section(/^Actions by when they are due, per month$/), '2026-04-01', 'month')).toEqual(['0', '1', '0', '0']);
  });

  it('chooses months by itself for a space that spans more than 16 weeks', () => {
    render(<Trends boards={[board('2025-06-10'), ...boards]} actions={[]} today={today} />);
    expect(screen.getByRole('radio', { name: /^Months/ })).toBeChecked();
    expect(screen.getByRole('heading', { name: 'Complaints per month' })).toBeInTheDocument();
    expect(within(section(/^Complaints per month$/)).getAllByRole('row')).toHaveLength(1 + 10); // June 2025 to March 2026
  });

  it('says when no action has a due date, and draws no empty actions chart', () => {
    render(<Trends boards={boards} actions={[action('', 'open')]} today={today} />);
    const due = section(/^Actions by when they are due/);
    expect(within(due).getByText('No action has a due date yet. 1 action has no due date.')).toBeInTheDocument();
    expect(within(due).queryByRole('figure')).toBeNull();
    expect(within(due).queryByRole('table')).toBeNull();
  });

  it('shows an empty state for a space with no analyses', () => {
    render(<Trends boards={[]} actions={[]} today={today} />);
    expect(screen.getByRole('heading', { name: 'No trends yet' })).toBeInTheDocument();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('shows an empty state when no analysis has a date it can read', () => {
    const undated = { ...board('2026-03-02'), receivedAt: '', createdAt: 'not a date' };
    render(<Trends boards={[undated]} actions={[]} today={today} />);
    expect(screen.getByRole('heading', { name: 'No trends yet' })).toBeInTheDocument();
    expect(screen.getByText(/has a date the charts can read/)).toBeInTheDocument();
  });
});
