import type { DateStyle } from '../board';
import { BOARD_STATE_LABELS, BOARD_STATES, type SpaceAction, type SpaceBoard, type SpaceRecurring } from '../protocol';
import { withoutBidiControls } from '../report/bidi';
import type { Block, DocumentParts } from '../report/blocks';
import { longDate } from '../report/dates';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS } from '../report/labels';

export interface PeriodReportInput {
  spaceName: string;
  /** `YYYY-MM-DD`, inclusive; '' for an open end. */
  from: string;
  to: string;
  /** The boards of the period, in the order of their sections, each with its own report (reportBlocks). */
  boards: Array<{ board: SpaceBoard; report: DocumentParts }>;
  actions: SpaceAction[];
  recurring: SpaceRecurring;
  generatedOn: string;
  dateStyle: DateStyle;
}

const CHECK_LABELS = { '': 'not checked', effective: 'effective', notEffective: 'not effective' } as const;

/**
 * The manager's report of a period: what came in and where each stands, what recurs, every action (overdue first),
 * then one section per complaint (its own root-cause report, one heading level down).
 */
export function periodReportBlocks({ spaceName, from, to, boards, actions, recurring, generatedOn, dateStyle }: PeriodReportInput): DocumentParts {
  const date = (isoDate: string) => (isoDate ? longDate(isoDate, dateStyle) : '—');
  const period = from && to ? `${date(from)} to ${date(to)}` : from ? `from ${date(from)}` : to ? `until ${date(to)}` : 'all complaints';
  const p = (text: string): Block => ({ kind: 'paragraph', content: [text] });
  const byState = BOARD_STATES.map((state) => [state, boards.filter(({ board }) => board.state === state).length] as const).filter(([, count]) => count > 0);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Period report: ${spaceName}` },
    p(`Internal document. ${period}. Generated on ${date(generatedOn)}.`),
    p(
      boards.length === 0
        ? 'No complaint in this period.'
        : `${boards.length} ${boards.length === 1 ? 'complaint' : 'complaints'}: ${byState.map(([state, count]) => `${count} ${BOARD_STATE_LABELS[state].toLowerCase()}`).join(', ')}.`,
    ),
    { kind: 'heading', level: 2, text: 'Recurring root causes' },
  ];
  const themed = recurring.causes.filter((group) => group.themed);
  const suggested = recurring.causes.filter((group) => !group.themed);
  if (themed.length === 0) blocks.push(p('No root cause theme comes back across complaints in this period.'));
  const group = (each: SpaceRecurring['causes'][number]) => {
    blocks.push({ kind: 'heading', level: 3, text: `${each.label} (${each.causes.length} complaints)` });
    blocks.push({ kind: 'list', items: each.causes.map((cause) => ({ content: [`${cause.boardTitle || 'Untitled'}${cause.customer ? ` (${cause.customer})` : ''}: `, cause.text] })) });
  };
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
            content: [{ text: customer.customer, strong: true }, `: ${customer.boards.map((board) => `${board.boardTitle || 'Untitled'} (${date(board.receivedAt || board.createdAt.slice(0, 10))})`).join('; ')}`],
          })),
        },
  );
  blocks.push({ kind: 'heading', level: 2, text: 'Actions' });
  blocks.push(
    actions.length === 0
      ? p('No action agreed in this period.')
      : {
          kind: 'table',
          header: ['Due', 'Action', 'Owner', 'Status', 'Check', 'Complaint'],
          rows: actions.map((action) => [
            `${date(action.due)}${action.overdue ? ' (overdue)' : ''}`,
            `${ACTION_KIND_LABELS[action.kind]}: ${action.text || 'untitled'}`,
            action.owner || 'nobody',
            ACTION_STATUS_LABELS[action.status],
            action.checkResult ? CHECK_LABELS[action.checkResult] : action.checkBy ? `by ${date(action.checkBy)}${action.checkDue ? ' (due)' : ''}` : '—',
            action.boardTitle || 'Untitled',
          ]),
        },
  );
  blocks.push({ kind: 'heading', level: 2, text: 'The complaints' });
  for (const { board, report } of boards) {
    blocks.push({ kind: 'rule' });
    blocks.push(...report.blocks.map(demote));
    blocks.push(p(`State: ${BOARD_STATE_LABELS[board.state]}${board.reopened ? ' (reopened: an action did not work)' : ''}.`));
  }
  return withoutBidiControls({ title: `Period report: ${spaceName}`, running: `${spaceName} · period report · ${period}`, blocks });
}

/** A board's report inside the period's: its title a section, its sections one level down. */
function demote(block: Block): Block {
  if (block.kind !== 'heading') return block;
  return { ...block, level: block.level === 1 ? 2 : 3 };
}
