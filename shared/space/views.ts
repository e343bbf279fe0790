/**
 * A space's views, from its boards' contents (content.ts) and today's date: the list with each board's state, every
 * action (overdue first), and what recurs (root causes that say the same thing, customers who came back).
 */
import type { ActionCounts, BoardState, SpaceAction, SpaceBoard, SpaceRecurring } from '../protocol';
import type { ActionContent, SpaceContent } from './content';

/** A board of the space: its record's times and id beside what was read from it. */
export interface SpaceEntry {
  id: string;
  createdAt: number;
  updatedAt: number;
  content: SpaceContent;
}

const isOpen = (action: ActionContent) => action.status === 'open' || action.status === 'inProgress';
/** Dates are `YYYY-MM-DD`: they compare as strings. */
const isOverdue = (action: ActionContent, today: string) => isOpen(action) && action.due !== '' && action.due < today;
const isCheckDue = (action: ActionContent, today: string) => action.checkBy !== '' && action.checkBy <= today && action.checkResult === '';

export function countActions(actions: ActionContent[], today: string): ActionCounts {
  const counts: ActionCounts = { open: 0, overdue: 0, done: 0, verified: 0 };
  for (const action of actions) {
    if (isOpen(action)) counts.open++;
    else counts[action.status as 'done' | 'verified']++;
    if (isOverdue(action, today)) counts.overdue++;
  }
  return counts;
}

/**
 * Where a board stands. A board whose action was checked and did not work is analysed again; then: the letter sent
 * (closed once no action is open), signed off, actions open, or its root cause confirmed and waiting for the rest.
 */
export function boardState(content: SpaceContent, counts: ActionCounts): BoardState {
  if (content.reopened || content.rootCauses.length === 0) return 'analysing';
  if (content.letter === 'sent') return counts.open === 0 ? 'closed' : 'sent';
  if (content.letter === 'signedOff') return 'signedOff';
  return counts.open > 0 ? 'actionsOpen' : 'rootCause';
}

export function spaceBoard({ id, createdAt, updatedAt, content }: SpaceEntry, today: string): SpaceBoard {
  const actions = countActions(content.actions, today);
  return {
    id,
    title: content.title,
    customer: content.customer,
    channel: content.channel,
    receivedAt: content.receivedAt,
    causeCount: content.causeCount,
    rootCauses: content.rootCauses.map(({ id: causeId, text, depth }) => ({ id: causeId, text, depth })),
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    state: boardState(content, actions),
    reopened: content.reopened,
    rootCauseAt: content.rootCauseAt === null ? null : new Date(content.rootCauseAt).toISOString(),
    actions,
    letter: content.letter,
  };
}

/** Every action of the space: overdue first, then checks due, then open ones by due date, then the rest. */
export function spaceActions(entries: SpaceEntry[], today: string): SpaceAction[] {
  const rows = entries.flatMap(({ id, content }) =>
    content.actions.map(
      (action): SpaceAction => ({
        ...action,
        boardId: id,
        boardTitle: content.title,
        customer: content.customer,
        overdue: isOverdue(action, today),
        checkDue: isCheckDue(action, today),
      }),
    ),
  );
  const rank = (row: SpaceAction) => (row.overdue ? 0 : row.checkDue ? 1 : isOpen(row) ? 2 : 3);
  // Undated ones last within their rank.
  const dateOf = (row: SpaceAction) => (isOpen(row) ? row.due : row.checkBy) || '9999';
  return rows.sort((a, b) => rank(a) - rank(b) || dateOf(a).localeCompare(dateOf(b)) || a.boardTitle.localeCompare(b.boardTitle));
}

/**
 * Whether two causes, read as sets of meanings, name the same thing: they share at least two meanings, and these are
 * most of the shorter one's (two thirds). Stricter than any shared word ("the form" alone groups nothing), looser than
 * the coach's "says the same" within one board, since two teams word one cause more differently than one team does.
 */
export function alike(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const meaning of small) if (large.has(meaning)) shared++;
  return shared >= 2 && shared * 3 >= small.size * 2;
}

/**
 * A customer's name as people type it in different complaints: without case, accents, punctuation or extra spaces
 * ("Łukasz  Nowak", "lukasz nowak", "Nowak, Łukasz" are one customer; the order of words does not matter).
 */
export function customerKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .split(/[^\p{L}\p{N}@.]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Root causes across boards that say the same thing (each group spans two boards or more), and repeat customers. */
export function spaceRecurring(entries: SpaceEntry[]): SpaceRecurring {
  return { causes: recurringCauses(entries), customers: repeatCustomers(entries) };
}

function recurringCauses(entries: SpaceEntry[]): SpaceRecurring['causes'] {
  const causes = entries.flatMap(({ id, content }) =>
    content.rootCauses.map((cause) => ({ boardId: id, boardTitle: content.title, customer: content.customer, causeId: cause.id, text: cause.text, meanings: new Set(cause.meanings) })),
  );
  // Union-find over pairs from different boards.
  const parent = causes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < causes.length; i++) {
    for (let j = i + 1; j < causes.length; j++) {
      if (causes[i]!.boardId !== causes[j]!.boardId && alike(causes[i]!.meanings, causes[j]!.meanings)) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, typeof causes>();
  causes.forEach((cause, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), cause]));
  return [...groups.values()]
    .filter((group) => new Set(group.map((cause) => cause.boardId)).size > 1)
    .map((group) => ({ label: labelOf(group), causes: group.map(({ meanings: _meanings, ...cause }) => cause) }))
    .sort((a, b) => b.causes.length - a.causes.length || a.label.localeCompare(b.label));
}

/** A group's name: its shortest wording (the meanings are lemmas, not words people would read). */
const labelOf = (group: Array<{ text: string }>): string => group.map((cause) => cause.text.trim()).reduce((a, b) => (b.length < a.length ? b : a));

function repeatCustomers(entries: SpaceEntry[]): SpaceRecurring['customers'] {
  const byCustomer = new Map<string, SpaceEntry[]>();
  for (const entry of entries) {
    const key = customerKey(entry.content.customer);
    if (key) byCustomer.set(key, [...(byCustomer.get(key) ?? []), entry]);
  }
  const dateOf = (entry: SpaceEntry) => entry.content.receivedAt || new Date(entry.createdAt).toISOString().slice(0, 10);
  return [...byCustomer.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      customer: mostCommon(group.map((entry) => entry.content.customer.trim())),
      boards: group
        .sort((a, b) => dateOf(a).localeCompare(dateOf(b)))
        .map((entry) => ({ boardId: entry.id, boardTitle: entry.content.title, receivedAt: entry.content.receivedAt, createdAt: new Date(entry.createdAt).toISOString() })),
    }))
    .sort((a, b) => b.boards.length - a.boards.length || a.customer.localeCompare(b.customer));
}

/** The spelling most boards use (the first of equals). */
function mostCommon(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}
