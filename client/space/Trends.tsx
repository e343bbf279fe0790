import { useId, useMemo, useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay } from '../lib/formatDate';
import type { SpaceAction, SpaceBoard } from '../../shared/protocol';
import { buildTrends, type ActionPeriod, type PeriodUnit, type Trends as TrendSeries } from './trends';
import './trends.css';

export interface TrendsProps {
  boards: SpaceBoard[];
  actions: SpaceAction[];
  /** `YYYY-MM-DD`: the reader's today (what is overdue, and the last period drawn). */
  today: string;
}

/**
 * SVG fills cannot read CSS custom properties everywhere (a presentation attribute with `var()` is not in the SVG
 * spec), so the palette is written here, taken from client/styles.css: complaints in the accent, time to root cause in
 * the root-cause red, actions from green (verified) through grey (open) to the danger red (overdue).
 */
const PALETTE = {
  complaint: '#4338ca', // --accent
  rootCause: '#be123c', // --root
  verified: '#15803d', // --ok
  done: '#7fb992', // --ok, lightened: done but not yet checked
  open: '#9aa5b4', // between --muted and --line-strong
  overdue: '#b91c1c', // --danger
  grid: '#e3e6eb', // --line
  axis: '#5b6472', // --muted
} as const;

const CHART_HEIGHT = 240;
/** jsdom and the first paint have no layout yet: the chart draws at this size until its container is measured. */
const INITIAL_SIZE = { width: 640, height: CHART_HEIGHT };
const TICK = { fill: PALETTE.axis, fontSize: 12 };
const MARGIN = { top: 8, right: 12, bottom: 22, left: 4 };

const UNIT_WORDS: Record<PeriodUnit, { per: string; axis: string; name: string; current: string }> = {
  week: { per: 'per week', axis: 'Week starting', name: 'Weeks', current: 'this week' },
  month: { per: 'per month', axis: 'Month', name: 'Months', current: 'this month' },
};

const ACTION_KINDS: ReadonlyArray<{ key: keyof Pick<ActionPeriod, 'overdue' | 'open' | 'done' | 'verified'>; name: string }> = [
  // Overdue at the foot of each bar: it is what a manager looks for, and a shared baseline makes it comparable.
  { key: 'overdue', name: 'Overdue' },
  { key: 'open', name: 'Open, not yet due' },
  { key: 'done', name: 'Done' },
  { key: 'verified', name: 'Verified effective' },
];

/**
 * The space's trends: complaints per week or month, days from complaint to root cause, and actions by when they are
 * due, each as a chart with a heading, a one-line takeaway and its figures as a table. Loaded as its own chunk (with
 * recharts) by the space page: `lazy(() => import('./Trends'))`.
 */
export default function Trends({ boards, actions, today }: TrendsProps) {
  const [chosen, setChosen] = useState<PeriodUnit | null>(null);
  const trends = useMemo(() => buildTrends({ boards, actions, today, unit: chosen ?? undefined }), [boards, actions, today, chosen]);
  const unitName = useId();

  if (trends.dated === 0) {
    return (
      <div className="trends trends-empty">
        <h2>No trends yet</h2>
        <p className="muted">
          {boards.length === 0
            ? 'Trends appear once the space has analyses: complaints per week or month, how long root causes take, and actions overdue.'
            : 'None of this space’s analyses has a date the charts can read. Give each complaint the date it was received.'}
        </p>
      </div>
    );
  }

  const words = UNIT_WORDS[trends.unit];
  return (
    <div className="trends">
      <div className="trends-toolbar">
        <p className="trends-intro muted">
          {trends.dated === 1 ? '1 complaint' : `${trends.dated} complaints`} since {formatDay(trends.first)}, by the day received
          {trends.undated > 0 && `; ${trends.undated} without a readable date ${trends.undated === 1 ? 'is' : 'are'} left out`}.
        </p>
        <fieldset className="trends-unit">
          <legend className="visually-hidden">Group by</legend>
          {(['week', 'month'] as const).map((unit) => (
            <label key={unit} className={trends.unit === unit ? 'is-checked' : undefined}>
              <input type="radio" name={unitName} value={unit} checked={trends.unit === unit} onChange={() => setChosen(unit)} />
              {UNIT_WORDS[unit].name}
              {trends.autoUnit === unit && chosen === null && <span className="visually-hidden"> (chosen for the span of the complaints)</span>}
            </label>
          ))}
        </fieldset>
      </div>

      <ComplaintsChart trends={trends} words={words} />
      <RootCauseChart trends={trends} words={words} />
      <ActionsChart trends={trends} words={words} />
    </div>
  );
}

type Words = (typeof UNIT_WORDS)[PeriodUnit];

/** One chart's frame: heading, takeaway, the chart as a named figure, its figures as a table, and any note. */
function ChartSection({
  title,
  takeaway,
  figureLabel,
  chart,
  table,
  note,
  legend,
}: {
  title: string;
  takeaway: string;
  figureLabel: string;
  chart: ReactNode | null;
  table: ReactNode | null;
  note?: string;
  legend?: ReadonlyArray<{ name: string; colour: string }>;
}) {
  const id = useId();
  return (
    <section className="trends-chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-takeaway`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-takeaway`} className="trends-takeaway">
        {takeaway}
      </p>
      {chart && (
        <figure className="trends-figure" role="figure" aria-label={figureLabel}>
          {/* The key in HTML, not recharts' Legend: it wraps on a narrow column and never covers the chart's "now" mark. */}
          {legend && (
            <ul className="trends-legend">
              {legend.map(({ name, colour }) => (
                <li key={name}>
                  <span className="trends-swatch" style={{ background: colour }} aria-hidden="true" />
                  {name}
                </li>
              ))}
            </ul>
          )}
          {chart}
        </figure>
      )}
      {note && <p className="trends-note muted">{note}</p>}
      {table && (
        <details className="trends-table">
          <summary>The figures as a table</summary>
          {table}
        </details>
      )}
    </section>
  );
}

const span = <T extends { longLabel: string }>(periods: readonly T[]): string =>
  periods.length === 0 ? '' : periods.length === 1 ? periods[0]!.longLabel : `${periods[0]!.longLabel} to ${periods[periods.length - 1]!.longLabel}`;

/** Tick and tooltip text by period start (the axis keys on the start, which is unique where a short label may not be). */
function labelsOf(periods: ReadonlyArray<{ start: string; label: string; longLabel: string; current: boolean }>, currentNote: string) {
  const byStart = new Map(periods.map((period) => [period.start, period]));
  return {
    tick: (start: string) => byStart.get(start)?.label ?? start,
    long: (start: ReactNode) => {
      const period = byStart.get(String(start));
      return period ? `${period.longLabel}${period.current ? ` (${currentNote})` : ''}` : String(start);
    },
  };
}

const xAxisLabel = (words: Words) => ({ value: words.axis, position: 'insideBottom' as const, offset: -14, fill: PALETTE.axis, fontSize: 12 });
const yAxisLabel = (value: string) => ({
  value,
  angle: -90,
  position: 'insideLeft' as const,
  offset: 14,
  fill: PALETTE.axis,
  fontSize: 12,
  style: { textAnchor: 'middle' as const },
});

function ComplaintsChart({ trends, words }: { trends: TrendSeries; words: Words }) {
  const { periods, notDrawn, takeaway } = trends.complaints;
  const labels = labelsOf(periods, `${words.current}, so far`);
  const title = `Complaints ${words.per}`;
  return (
    <ChartSection
      title={title}
      takeaway={takeaway}
      figureLabel={`Bar chart: complaints ${words.per}, ${span(periods)}`}
      note={notDrawn > 0 ? `${notDrawn} ${notDrawn === 1 ? 'complaint is' : 'complaints are'} dated too far from today to draw.` : undefined}
      chart={
        <ResponsiveContainer width="100%" height={CHART_HEIGHT} initialDimension={INITIAL_SIZE}>
          <BarChart data={periods} margin={MARGIN} accessibilityLayer title={title} desc={takeaway}>
            <CartesianGrid vertical={false} stroke={PALETTE.grid} />
            <XAxis dataKey="start" tickFormatter={labels.tick} tick={TICK} minTickGap={10} tickLine={false} label={xAxisLabel(words)} />
            <YAxis allowDecimals={false} tick={TICK} width={44} axisLine={false} tickLine={false} label={yAxisLabel('Complaints')} />
            <Tooltip separator=": " labelFormatter={labels.long} cursor={{ fill: '#eef0ff' }} />
            <Bar dataKey="count" name="Complaints" fill={PALETTE.complaint} radius={[3, 3, 0, 0]} maxBarSize={48} isAnimationActive={false}>
              {/* The period still running is drawn lighter: its count is not final. */}
              {periods.map((period) => (
                <Cell key={period.start} fillOpacity={period.current ? 0.5 : 1} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <FiguresTable
          caption={title}
          header={[words.axis, 'Complaints']}
          rows={periods.map((period) => ({ key: period.start, label: labels.long(period.start), cells: [period.count] }))}
        />
      }
    />
  );
}

const dayCount = (days: number): string => `${Math.round(days * 10) / 10} ${days === 1 ? 'day' : 'days'}`;

function RootCauseChart({ trends, words }: { trends: TrendSeries; words: Words }) {
  const { periods, takeaway, found } = trends.rootCause;
  const labels = labelsOf(periods, `${words.current}, so far`);
  const title = 'Days from complaint to root cause';
  return (
    <ChartSection
      title={title}
      takeaway={takeaway}
      figureLabel={`Bar chart: median days from complaint to root cause, by ${trends.unit} of the complaint, ${span(periods)}`}
      chart={
        found === 0 ? null : (
          <ResponsiveContainer width="100%" height={CHART_HEIGHT} initialDimension={INITIAL_SIZE}>
            <BarChart data={periods} margin={MARGIN} accessibilityLayer title={title} desc={takeaway}>
              <CartesianGrid vertical={false} stroke={PALETTE.grid} />
              <XAxis dataKey="start" tickFormatter={labels.tick} tick={TICK} minTickGap={10} tickLine={false} label={xAxisLabel(words)} />
              <YAxis allowDecimals={false} tick={TICK} width={44} axisLine={false} tickLine={false} label={yAxisLabel('Median days')} />
              <Tooltip
                separator=": "
                labelFormatter={labels.long}
                cursor={{ fill: '#fff1f3' }}
                formatter={(value, _name, item) => {
                  const period = item.payload as (typeof periods)[number];
                  const open = period.stillOpen > 0 ? `, ${period.stillOpen} still open` : '';
                  if (period.medianDays === null || value === null || value === undefined) return [`no root cause yet${open}`, 'Median'];
                  return [`${dayCount(Number(value))} (${period.found} with a root cause${open})`, 'Median'];
                }}
              />
              {/*
                Bars, not a line: each period's median stands on its own (often on two or three analyses), and a line
                would draw a trend between them. A period with no root cause found has no bar, never a zero one.
              */}
              <Bar dataKey="medianDays" name="Median days" fill={PALETTE.rootCause} radius={[3, 3, 0, 0]} maxBarSize={48} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )
      }
      table={
        <FiguresTable
          caption={`${title}, by ${trends.unit} of the complaint`}
          header={['Complaints of', 'Median days', 'With a root cause', 'Still open']}
          rows={periods.map((period) => ({
            key: period.start,
            label: labels.long(period.start),
            cells: [period.medianDays === null ? '–' : Math.round(period.medianDays * 10) / 10, period.found, period.stillOpen],
          }))}
        />
      }
    />
  );
}

function ActionsChart({ trends, words }: { trends: TrendSeries; words: Words }) {
  const { periods, takeaway, notDrawn } = trends.actions;
  const labels = labelsOf(periods, words.current);
  const title = `Actions by when they are due, ${words.per}`;
  const current = periods.find((period) => period.current);
  return (
    <ChartSection
      title={title}
      takeaway={takeaway}
      figureLabel={`Stacked bar chart: actions by due ${trends.unit}, overdue, open, done and verified, ${span(periods)}`}
      note={notDrawn > 0 ? `${notDrawn} ${notDrawn === 1 ? 'action is' : 'actions are'} due too far from today to draw.` : undefined}
      legend={ACTION_KINDS.map(({ key, name }) => ({ name, colour: PALETTE[key] }))}
      chart={
        periods.length === 0 ? null : (
          <ResponsiveContainer width="100%" height={CHART_HEIGHT} initialDimension={INITIAL_SIZE}>
            <BarChart data={periods} margin={{ ...MARGIN, top: 18 }} accessibilityLayer title={title} desc={takeaway}>
              <CartesianGrid vertical={false} stroke={PALETTE.grid} />
              <XAxis dataKey="start" tickFormatter={labels.tick} tick={TICK} minTickGap={10} tickLine={false} label={xAxisLabel(words)} />
              <YAxis allowDecimals={false} tick={TICK} width={44} axisLine={false} tickLine={false} label={yAxisLabel('Actions')} />
              <Tooltip separator=": " labelFormatter={labels.long} cursor={{ fill: '#f1f3f6' }} />
              {current && (
                <ReferenceLine
                  x={current.start}
                  stroke={PALETTE.axis}
                  strokeDasharray="3 3"
                  label={{ value: 'now', position: 'top', fill: PALETTE.axis, fontSize: 11 }}
                />
              )}
              {ACTION_KINDS.map(({ key, name }) => (
                <Bar
                  key={key}
                  dataKey={key}
                  name={name}
                  stackId="actions"
                  fill={PALETTE[key]}
                  stroke="#ffffff"
                  strokeWidth={1}
                  maxBarSize={48}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )
      }
      table={
        periods.length === 0 ? null : (
          <FiguresTable
            caption={title}
            header={['Due', ...ACTION_KINDS.map(({ name }) => name)]}
            rows={periods.map((period) => ({ key: period.start, label: labels.long(period.start), cells: ACTION_KINDS.map(({ key }) => period[key]) }))}
          />
        )
      }
    />
  );
}

/** A chart's figures as a table (for screen readers, and anyone who wants the numbers): a row a period. */
function FiguresTable({ caption, header, rows }: { caption: string; header: string[]; rows: Array<{ key: string; label: string; cells: ReactNode[] }> }) {
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {header.map((name) => (
            <th key={name} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, cells }) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            {cells.map((cell, i) => (
              <td key={header[i + 1] ?? i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
