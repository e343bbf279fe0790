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
 * (closed once its actions are all done: a board with none is not closed, its cause is still there), signed off,
 * actions open, or its root cause confirmed and waiting for the rest.
 */
export function boardState(content: SpaceContent, counts: ActionCounts): BoardState {
  if (content.reopened || content.rootCauses.length === 0) return 'analysing';
  if (content.letter === 'sent') return counts.open === 0 && counts.done + counts.verified > 0 ? 'closed' : 'sent';
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
    content.actions.map((action): SpaceAction => ({
      ...action,
      boardId: id,
      boardTitle: content.title,
      customer: content.customer,
      overdue: isOverdue(action, today),
      checkDue: isCheckDue(action, today),
    })),
  );
  const rank = (row: SpaceAction) => (row.overdue ? 0 : row.checkDue ? 1 : isOpen(row) ? 2 : 3);
  // Undated ones last within their rank.
  const dateOf = (row: SpaceAction) => (isOpen(row) ? row.due : row.checkBy) || '9999';
  return rows.sort((a, b) => rank(a) - rank(b) || dateOf(a).localeCompare(dateOf(b)) || a.boardTitle.localeCompare(b.boardTitle));
}

/**
 * Whether two root causes, read as the coach reads them (sets of meanings: shared/coach `meanings`), are worded so
 * alike that they may be one cause: most of their meanings are shared (a Dice coefficient of 0.6, and two at least),
 * and what one says is not done, the other does not say is done ("KYC checks not done" is not "KYC checks done
 * twice"). Deliberately strict: measured on causes written by people who did not write this code
 * (tests/fixtures/recurring), word matching finds few of the causes two teams word differently, and a looser rule
 * groups different causes that share a subject. So these are suggestions; a theme the team gives is what groups.
 */
export function alike(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const polarity = (set: ReadonlySet<string>) => {
    const denied = new Set<string>();
    const plain = new Set<string>();
    for (const meaning of set) {
      if (meaning.startsWith('not ')) denied.add(meaning.slice(4));
      else plain.add(meaning);
    }
    return { denied, all: new Set([...plain, ...denied]) };
  };
  const [one, two] = [polarity(a), polarity(b)];
  if (one.denied.size > 0 !== two.denied.size > 0) return false;
  for (const meaning of one.denied) if (two.all.has(meaning) && !two.denied.has(meaning)) return false;
  for (const meaning of two.denied) if (one.all.has(meaning) && !one.denied.has(meaning)) return false;
  let shared = 0;
  for (const meaning of one.all) if (two.all.has(meaning)) shared++;
  return shared >= 2 && (2 * shared) / (one.all.size + two.all.size) >= 0.6;
}

/** A name as people type it in different records: without case, accents, punctuation or extra spaces. */
function plainWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}@.]+/u)
    .map((word) => word.replace(/\.+$/, ''))
    .filter(Boolean);
}

/** A theme as teams type it: "Payment retries", "payment  retries." and "PAYMENT RETRIES" are one. */
export const themeKey = (theme: string): string => plainWords(theme).join(' ');

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame']);
const COMPANY_FORMS = new Map([
  ['limited', 'ltd'],
  ['incorporated', 'inc'],
  ['company', 'co'],
  ['corporation', 'corp'],
]);

/**
 * A customer's name as people type it in different complaints: without case, accents, punctuation, titles or extra
 * spaces, a company's legal form in one spelling, a note in brackets left out ("Łukasz  Nowak", "Nowak, Łukasz",
 * "Mr Lukasz Nowak" are one customer; so are "ACME Ltd" and "Acme Limited"; German "ue" is "ü"). The order of words
 * does not matter. Whether two names are one person is for people to judge: this only puts spellings together.
 */
export function customerKey(name: string): string {
  return plainWords(name.replace(/\([^)]*\)/g, ' '))
    .filter((word) => !TITLES.has(word))
    .map((word) => COMPANY_FORMS.get(word) ?? word.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u'))
    .sort()
    .join(' ');
}

/** Root causes across boards that share a theme or are worded alike (each group spans two boards or more), and repeat customers. */
export function spaceRecurring(entries: SpaceEntry[]): SpaceRecurring {
  return { causes: recurringCauses(entries), customers: repeatCustomers(entries) };
}

type RootCause = SpaceRecurring['causes'][number]['causes'][number] & { meanings: Set<string>; key: string };

function recurringCauses(entries: SpaceEntry[]): SpaceRecurring['causes'] {
  const causes: RootCause[] = entries.flatMap(({ id, content }) =>
    content.rootCauses.map((cause) => ({
      boardId: id,
      boardTitle: content.title,
      customer: content.customer,
      causeId: cause.id,
      text: cause.text,
      theme: cause.theme,
      meanings: new Set(cause.meanings),
      key: themeKey(cause.theme),
    })),
  );
  const spansBoards = (group: RootCause[]) => new Set(group.map((cause) => cause.boardId)).size > 1;
  const plain = (group: RootCause[]) => group.map(({ meanings: _meanings, key: _key, ...cause }) => cause);

  // What the teams grouped: one theme.
  const shown = (theme: string) => theme.replace(/\s+/g, ' ').trim();
  const themed = [...groupBy(causes, (cause) => cause.key).values()]
    .filter(spansBoards)
    .map((group) => ({ label: mostCommon(group.map((cause) => shown(cause.theme))), themed: true, causes: plain(group) }));

  // What may be one cause: worded alike, on different boards, not already given one theme (union-find over pairs).
  const parent = causes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const [i, j] of pairsSharingMeanings(causes)) {
    const [a, b] = [causes[i]!, causes[j]!];
    if (a.boardId !== b.boardId && !(a.key && a.key === b.key) && alike(a.meanings, b.meanings)) parent[find(j)] = find(i);
  }
  const suggested = [...groupBy(causes, (_cause, i) => find(i)).values()]
    .filter((group) => spansBoards(group) && new Set(group.map((cause) => cause.key || `${cause.boardId}/${cause.causeId}`)).size > 1)
    .map((group) => {
      const themes = group.map((cause) => shown(cause.theme)).filter(Boolean);
      return { label: themes.length > 0 ? mostCommon(themes) : labelOf(group), themed: false, causes: plain(group) };
    });
  const bySize = (a: { causes: unknown[]; label: string }, b: { causes: unknown[]; label: string }) =>
    b.causes.length - a.causes.length || a.label.localeCompare(b.label);
  return [...themed.sort(bySize), ...suggested.sort(bySize)];
}

/** Root causes of a board the suggestions read: a real board has one to three; a board of hundreds is not compared whole. */
const SUGGESTED_PER_BOARD = 20;
/** A meaning shared by more causes than this names no cause in particular ("process", "check"): it pairs none. */
const COMMON_MEANING = 200;

/**
 * The pairs of causes (by index, first < second) that share two meanings or more: the only ones `alike` can accept.
 * Found through an index of meanings, not by comparing every pair: a space of a thousand boards has thousands of root
 * causes, and every pair would be millions of comparisons a request.
 */
function* pairsSharingMeanings(causes: Array<{ boardId: string; meanings: ReadonlySet<string> }>): Generator<[number, number]> {
  const perBoard = new Map<string, number>();
  const read = causes.map((cause) => {
    const seen = (perBoard.get(cause.boardId) ?? 0) + 1;
    perBoard.set(cause.boardId, seen);
    return seen <= SUGGESTED_PER_BOARD;
  });
  const postings = groupBy(
    causes.flatMap((cause, i) => (read[i] ? [...cause.meanings].map((meaning) => ({ meaning, i })) : [])),
    (posting) => posting.meaning,
  );
  const shared = new Map<number, number>();
  for (let i = 0; i < causes.length; i++) {
    if (!read[i]) continue;
    shared.clear();
    for (const meaning of causes[i]!.meanings) {
      const list = postings.get(meaning);
      if (!list || list.length > COMMON_MEANING) continue;
      for (const { i: j } of list) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    for (const [j, count] of shared) if (count >= 2) yield [i, j];
  }
}

/** A group's name: its shortest wording (the meanings are lemmas, not words people would read). */
const labelOf = (group: Array<{ text: string }>): string => group.map((cause) => cause.text.trim()).reduce((a, b) => (b.length < a.length ? b : a));

function repeatCustomers(entries: SpaceEntry[]): SpaceRecurring['customers'] {
  const byCustomer = groupBy(entries, (entry) => customerKey(entry.content.customer));
  const dateOf = (entry: SpaceEntry) => entry.content.receivedAt || new Date(entry.createdAt).toISOString().slice(0, 10);
  return [...byCustomer.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      customer: mostCommon(group.map((entry) => entry.content.customer.trim())),
      boards: group
        .sort((a, b) => dateOf(a).localeCompare(dateOf(b)))
        .map((entry) => ({
          boardId: entry.id,
          boardTitle: entry.content.title,
          receivedAt: entry.content.receivedAt,
          createdAt: new Date(entry.createdAt).toISOString(),
        })),
    }))
    .sort((a, b) => b.boards.length - a.boards.length || a.customer.localeCompare(b.customer));
}

/** The spelling most boards use (the first of equals). */
function mostCommon(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

/** Items by a key, in their order; items whose key is empty ('') are left out. */
function groupBy<T, K>(items: T[], keyOf: (item: T, index: number) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  items.forEach((item, index) => {
    const key = keyOf(item, index);
    if (key === '') return;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  });
  return groups;
}
