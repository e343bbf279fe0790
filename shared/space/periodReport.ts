import type { DateStyle } from '../board';
import { BOARD_STATE_LABELS, BOARD_STATES, type SpaceAction, type SpaceBoard, type SpaceRecurring } from '../protocol';
import { withoutBidiControls } from '../report/bidi';
import type { Block, DocumentParts } from '../report/blocks';
import { longDate } from '../report/dates';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS, CHECK_RESULT_LABELS } from '../report/labels';

/**
 * How much of a period a report shows. A period report is a manager's overview, bounded whatever the boards hold:
 * each complaint's root causes and actions, not its whole tree (each board's own report has that). Found by an
 * outside attack: four boards at the size limit made a report of 40 MB, and rendering it ran the server out of memory.
 */
export const PERIOD_LIMITS = {
  /** Complaints one report covers: more, and the period is to be narrowed. */
  boards: 200,
  /** Rows of the action list at the top (actions.csv has them all). */
  actions: 300,
  /** Root causes and actions listed under each complaint. */
  rootCausesEach: 10,
  actionsEach: 20,
  /** Characters of a complaint's words, and of a cause's or an action's. */
  complaint: 600,
  text: 300,
} as const;

/** A complaint of the period, as its section shows it. */
export interface PeriodBoard {
  board: SpaceBoard;
  complaint: string;
  rootCauses: Array<{ text: string; theme: string }>;
  actions: SpaceAction[];
}

export interface PeriodReportInput {
  spaceName: string;
  /** `YYYY-MM-DD`, inclusive; '' for an open end. */
  from: string;
  to: string;
  /** The complaints of the period, in the order of their sections (at most `PERIOD_LIMITS.boards`). */
  boards: PeriodBoard[];
  actions: SpaceAction[];
  recurring: SpaceRecurring;
  generatedOn: string;
  dateStyle: DateStyle;
}

/** A text on one line, cut at `max` characters (with its full stop, unlike a quote in a sentence). */
const cut = (text: string, max: number) => {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
};
const more = (shown: number, all: number, what: string) => (all > shown ? [`… and ${all - shown} more ${what}.`] : []);

/**
 * The manager's report of a period: what came in and where each stands, what recurs, every action (overdue first),
 * then one section per complaint: its words, its root causes, its actions.
 */
export function periodReportBlocks({ spaceName, from, to, boards, actions, recurring, generatedOn, dateStyle }: PeriodReportInput): DocumentParts {
  const date = (isoDate: string) => (isoDate ? longDate(isoDate, dateStyle) : '—');
  const period = from && to ? `From ${date(from)} to ${date(to)}` : from ? `From ${date(from)}` : to ? `Until ${date(to)}` : 'All complaints';
  const p = (...text: string[]): Block => ({ kind: 'paragraph', content: [text.join(' ')] });
  const byState = BOARD_STATES.map((state) => [state, boards.filter(({ board }) => board.state === state).length] as const).filter(([, count]) => count > 0);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Period report: ${spaceName}` },
    p(`Internal document. ${period}. Generated on ${date(generatedOn)}.`),
    p(
      boards.length === 0
        ? 'No complaint in this period.'
        : `${boards.length} ${boards.length === 1 ? 'complaint' : 'complaints'}. Where they stand: ${byState.map(([state, count]) => `${BOARD_STATE_LABELS[state].toLowerCase()}, ${count}`).join('; ')}.`,
    ),
    { kind: 'heading', level: 2, text: 'Recurring root causes' },
  ];
  const group = (each: SpaceRecurring['causes'][number]) => {
    blocks.push({ kind: 'heading', level: 3, text: `${cut(each.label, 120)} (${each.causes.length} complaints)` });
    blocks.push({
      kind: 'list',
      items: each.causes.map((cause) => ({
        content: [`${cause.boardTitle || 'Untitled'}${cause.customer ? ` (${cause.customer})` : ''}: `, cut(cause.text, PERIOD_LIMITS.text)],
      })),
    });
  };
  const themed = recurring.causes.filter((each) => each.themed);
  const suggested = recurring.causes.filter((each) => !each.themed);
  if (themed.length === 0) blocks.push(p('No root cause theme comes back across complaints in this period.'));
  themed.forEach(group);
  if (suggested.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Possibly the same cause' });
    blocks.push(p('Root causes worded alike on different complaints, without one theme yet: one cause, if the teams confirm it.'));
    suggested.forEach(group);
  }
  blocks.push({ kind: 'heading', level: 2, text: 'Customers who complained more than once' });
  blocks.push(
    recurring.customers.length === 0
      ? p('None in this period.')
      : {
          kind: 'list',
          items: recurring.customers.map((customer) => ({
            content: [
              { text: customer.customer, strong: true },
              `: ${customer.boards.map((board) => `${board.boardTitle || 'Untitled'} (${date(board.receivedAt || board.createdAt.slice(0, 10))})`).join('; ')}`,
            ],
          })),
        },
  );
  blocks.push({ kind: 'heading', level: 2, text: 'Actions' });
  if (actions.length === 0) blocks.push(p('No action agreed in this period.'));
  else {
    blocks.push(actionTable(actions.slice(0, PERIOD_LIMITS.actions), date, true));
    blocks.push(...more(PERIOD_LIMITS.actions, actions.length, 'actions: the actions file (CSV) lists them all').map((text) => p(text)));
  }
  blocks.push({ kind: 'heading', level: 2, text: 'The complaints' });
  for (const [i, { board, complaint, rootCauses, actions: own }] of boards.entries()) {
    if (i > 0) blocks.push({ kind: 'rule' });
    blocks.push({ kind: 'heading', level: 3, text: `${board.title || 'Untitled'}${board.customer ? ` (${board.customer})` : ''}` });
    blocks.push(
      p(
        `${BOARD_STATE_LABELS[board.state]}${board.reopened ? ' (reopened: an action did not work)' : ''}.`,
        board.receivedAt ? `Received ${date(board.receivedAt)}` : `Started ${date(board.createdAt.slice(0, 10))}`,
        board.channel ? `by ${board.channel}.` : '.',
      ),
    );
    blocks.push({ kind: 'quote', text: cut(complaint, PERIOD_LIMITS.complaint) });
    if (rootCauses.length === 0) blocks.push(p('No root cause yet.'));
    else {
      blocks.push({
        kind: 'list',
        items: [
          ...rootCauses
            .slice(0, PERIOD_LIMITS.rootCausesEach)
            .map((cause) => ({ content: ['Root cause: ', cut(cause.text, PERIOD_LIMITS.text), ...(cause.theme ? [` (${cause.theme})`] : [])] })),
          ...more(PERIOD_LIMITS.rootCausesEach, rootCauses.length, 'root causes').map((text) => ({ content: [text] })),
        ],
      });
    }
    if (own.length > 0) {
      blocks.push(actionTable(own.slice(0, PERIOD_LIMITS.actionsEach), date, false));
      blocks.push(...more(PERIOD_LIMITS.actionsEach, own.length, 'actions').map((text) => p(text)));
    }
  }
  return withoutBidiControls({ title: `Period report: ${spaceName}`, running: `${spaceName} · period report · ${period}`, blocks });
}

function actionTable(actions: SpaceAction[], date: (isoDate: string) => string, withComplaint: boolean): Block {
  return {
    kind: 'table',
    header: ['Due', 'Action', 'Owner', 'Status', 'Check', ...(withComplaint ? ['Complaint'] : [])],
    rows: actions.map((action) => [
      `${date(action.due)}${action.overdue ? ' (overdue)' : ''}`,
      `${ACTION_KIND_LABELS[action.kind]}: ${cut(action.text || 'untitled', PERIOD_LIMITS.text)}`,
      cut(action.owner || 'nobody', 100),
      ACTION_STATUS_LABELS[action.status],
      action.checkResult ? CHECK_RESULT_LABELS[action.checkResult] : action.checkBy ? `by ${date(action.checkBy)}${action.checkDue ? ' (due)' : ''}` : '—',
      ...(withComplaint ? [cut(action.boardTitle || 'Untitled', 100)] : []),
    ]),
  };
}
