import * as Y from 'yjs';
import { stripBidiControls } from './bidi';
import { indexCauses, type Fields } from './indexTree';
import {
  ACTION_KINDS,
  ACTION_STATUSES,
  ActionKey,
  CAUSE_STATUSES,
  CHECK_RESULTS,
  DATE_STYLES,
  COMPLAINT_ID,
  CauseKey,
  ComplaintKey,
  LetterKey,
  MetaKey,
  getActions,
  getCauses,
  getComplaint,
  getLetter,
  getMeta,
  mapEntries,
  type ActionKind,
  type ActionStatus,
  type CauseStatus,
  type CheckResult,
  type DateStyle,
} from './layout';
import { Limits } from './limits';

export interface ComplaintSnapshot {
  text: string;
  customer: string;
  channel: string;
  receivedAt: string;
  /** Direct causes of the complaint, in order. */
  childIds: string[];
}

export interface CauseSnapshot {
  id: string;
  parentId: string;
  text: string;
  /** 1 for an answer to the complaint ("Why 1"), 2 under it, and so on. */
  depth: number;
  isRoot: boolean;
  status: CauseStatus;
  evidence: string;
  /** Within the team's control? */
  inControl: boolean;
  escalation: string;
  /** Why the team decided not to act on this root cause; '' when it has not. */
  acceptedRisk: string;
  /** When it was last marked a root cause (ms; 0 when not recorded, as on boards from before it was). */
  rootAt: number;
  /** Its theme: the same few words for the same cause in every complaint ('' when none is given), as typed. */
  theme: string;
  childIds: string[];
  /** Its actions, in order. */
  actionIds: string[];
  createdAt: number;
  createdBy: string;
}

export interface ActionSnapshot {
  id: string;
  causeId: string;
  kind: ActionKind;
  text: string;
  owner: string;
  /** `YYYY-MM-DD`, or ''. */
  due: string;
  status: ActionStatus;
  customerText: string;
  createdAt: number;
  createdBy: string;
  /** The effectiveness check: by when (`YYYY-MM-DD` or ''), what it found, how it was verified, when (ms, or 0). */
  checkBy: string;
  checkResult: CheckResult;
  checkNote: string;
  checkedAt: number;
}

export interface LetterSnapshot {
  text: string;
  contactName: string;
  contactReach: string;
  nextContact: string;
}

export interface BoardSnapshot {
  schemaVersion: number;
  title: string;
  /** How documents write dates. */
  dateStyle: DateStyle;
  createdAt: number;
  complaint: ComplaintSnapshot;
  causes: Record<string, CauseSnapshot>;
  /** Every shown cause, depth first, in sibling order: the reading order of the tree. */
  causeIds: string[];
  /** Marked root causes, in reading order. */
  rootCauseIds: string[];
  /** Actions on shown causes. */
  actions: Record<string, ActionSnapshot>;
  /** Every action, in the reading order of their causes, then in their own order. */
  actionIds: string[];
  letter: LetterSnapshot;
  /**
   * The action whose check found it did not work, when no action has been agreed since: the analysis is open again
   * until the team agrees a new one. Null otherwise.
   */
  reopenedBy: string | null;
}

/** Every way text can end a line (CR LF, a lone CR, NEL, the Unicode line and paragraph separators): read as "\n". */
const LINE_ENDINGS = /\r\n?|[\u0085\u2028\u2029]/g;

/**
 * A text field: a Y.Text or a plain string, without direction controls (what is shown is what is stored), with one
 * kind of line ending (so no export mistakes a lone CR for anything but a new line), cut at its limit; anything else
 * (a damaged board) reads as empty.
 */
const str = (value: unknown, max: number): string =>
  stripBidiControls(typeof value === 'string' ? value : value instanceof Y.Text ? value.toString() : '')
    .replace(LINE_ENDINGS, '\n')
    .slice(0, max);
const statusOf = (value: unknown): CauseStatus => (CAUSE_STATUSES.includes(value as CauseStatus) ? (value as CauseStatus) : 'hypothesis');
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const oneOf = <T extends string>(options: readonly T[], value: unknown, fallback: T): T => (options.includes(value as T) ? (value as T) : fallback);

/** What a board is read from: its records, as a document holds them or as a replay rebuilds them (plain maps). */
export interface BoardSource {
  meta: Fields;
  complaint: Fields;
  causes: Map<string, Fields>;
  actions: Map<string, Fields>;
  letter: Fields;
}

/** A document's records, to read. */
export const sourceOf = (doc: Y.Doc): BoardSource => ({
  meta: getMeta(doc),
  complaint: getComplaint(doc),
  causes: mapEntries(getCauses(doc)),
  actions: mapEntries(getActions(doc)),
  letter: getLetter(doc),
});

/**
 * The board as plain data: what every view, export and summary reads. Pure: it never writes to the document.
 * Invariants hold in the result whatever the document holds (see `indexTree`); texts are cut at their limits, which
 * concurrent typing can pass.
 */
export function readBoard(doc: Y.Doc): BoardSnapshot {
  return readSource(sourceOf(doc));
}

/** `readBoard` of records read from anywhere. */
export function readSource(source: BoardSource): BoardSnapshot {
  const { meta, complaint } = source;
  const index = indexCauses(source.causes);
  const shownChildren = (id: string) => (index.childrenOf.get(id) ?? []).filter((child) => index.shown.has(child));

  // Without a prototype: ids come from the document, and "constructor" or "__proto__" must read as no cause at all.
  const causes: Record<string, CauseSnapshot> = Object.create(null);
  const causeIds: string[] = [];
  const rootCauseIds: string[] = [];
  const stack: Array<[string, number]> = shownChildren(COMPLAINT_ID)
    .map((id): [string, number] => [id, 1])
    .reverse();
  while (stack.length > 0) {
    const [id, depth] = stack.pop()!;
    const cause = index.causes.get(id)!;
    const childIds = shownChildren(id);
    const isRoot = cause.get(CauseKey.isRoot) === true;
    causes[id] = {
      id,
      parentId: index.parentOf.get(id) ?? COMPLAINT_ID,
      depth,
      isRoot,
      rootAt: isRoot ? num(cause.get(CauseKey.rootAt)) : 0,
      childIds,
      actionIds: [],
      ...causeFields(cause),
    };
    causeIds.push(id);
    if (isRoot) rootCauseIds.push(id);
    for (let i = childIds.length - 1; i >= 0; i--) stack.push([childIds[i]!, depth + 1]);
  }

  const actions: Record<string, ActionSnapshot> = Object.create(null);
  const byCause: Array<[order: number, id: string, causeId: string]> = [];
  for (const [id, action] of source.actions) {
    const causeId = str(action.get(ActionKey.causeId), 64);
    if (action.get(ActionKey.deleted) === true || !causes[causeId]) continue;
    actions[id] = {
      id,
      causeId,
      kind: oneOf(ACTION_KINDS, action.get(ActionKey.kind), 'corrective'),
      text: str(action.get(ActionKey.text), Limits.actionText),
      owner: str(action.get(ActionKey.owner), Limits.owner),
      due: str(action.get(ActionKey.due), 10),
      status: oneOf(ACTION_STATUSES, action.get(ActionKey.status), 'open'),
      customerText: str(action.get(ActionKey.customerText), Limits.actionText),
      createdAt: num(action.get(ActionKey.createdAt)),
      createdBy: str(action.get(ActionKey.createdBy), Limits.customer),
      checkBy: str(action.get(ActionKey.checkBy), 10),
      checkResult: oneOf(CHECK_RESULTS, action.get(ActionKey.checkResult), ''),
      checkNote: str(action.get(ActionKey.checkNote), Limits.evidence),
      checkedAt: num(action.get(ActionKey.checkedAt)),
    };
    byCause.push([num(action.get(ActionKey.order)), id, causeId]);
  }
  byCause.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  for (const [, id, causeId] of byCause) causes[causeId]!.actionIds.push(id);
  const { letter } = source;

  return {
    schemaVersion: num(meta.get(MetaKey.schemaVersion)),
    title: str(meta.get(MetaKey.title), Limits.title),
    dateStyle: oneOf(DATE_STYLES, meta.get(MetaKey.dateStyle), 'dmy'),
    createdAt: num(meta.get(MetaKey.createdAt)),
    complaint: {
      text: str(complaint.get(ComplaintKey.text), Limits.complaintText),
      customer: str(complaint.get(ComplaintKey.customer), Limits.customer),
      channel: str(complaint.get(ComplaintKey.channel), Limits.channel),
      receivedAt: str(complaint.get(ComplaintKey.receivedAt), 10),
      childIds: shownChildren(COMPLAINT_ID),
    },
    causes,
    causeIds,
    rootCauseIds,
    actions,
    actionIds: causeIds.flatMap((id) => causes[id]!.actionIds),
    letter: {
      text: str(letter.get(LetterKey.text), Limits.letter),
      contactName: str(letter.get(LetterKey.contactName), Limits.contactName),
      contactReach: str(letter.get(LetterKey.contactReach), Limits.contactReach),
      nextContact: str(letter.get(LetterKey.nextContact), 10),
    },
    reopenedBy: reopenedBy(actions),
  };
}

/**
 * A cause's keys that nothing else in the snapshot depends on: not the tree's shape (parent, order, deleted), nor the
 * list of root causes. A change to these alone is read again by `rereadCauses`.
 */
export const CAUSE_FIELD_KEYS: ReadonlySet<string> = new Set([
  CauseKey.text,
  CauseKey.status,
  CauseKey.evidence,
  CauseKey.inControl,
  CauseKey.escalation,
  CauseKey.acceptedRisk,
  CauseKey.theme,
  CauseKey.createdAt,
  CauseKey.createdBy,
]);

type CauseFields = Omit<CauseSnapshot, 'id' | 'parentId' | 'depth' | 'isRoot' | 'rootAt' | 'childIds' | 'actionIds'>;

/** A cause's `CAUSE_FIELD_KEYS`, read. */
const causeFields = (cause: Fields): CauseFields => ({
  text: str(cause.get(CauseKey.text), Limits.causeText),
  status: statusOf(cause.get(CauseKey.status)),
  evidence: str(cause.get(CauseKey.evidence), Limits.evidence),
  inControl: cause.get(CauseKey.inControl) !== false,
  escalation: str(cause.get(CauseKey.escalation), Limits.escalation),
  acceptedRisk: str(cause.get(CauseKey.acceptedRisk), Limits.acceptedRisk),
  theme: str(cause.get(CauseKey.theme), Limits.theme),
  createdAt: num(cause.get(CauseKey.createdAt)),
  createdBy: str(cause.get(CauseKey.createdBy), Limits.customer),
});

/**
 * `readBoard(doc)` after a change to `ids`' `CAUSE_FIELD_KEYS` alone, from the snapshot `prev` it was read as before:
 * those causes read again, every other object of `prev` kept. Typing in a card of a board of 1,000 causes reads one
 * cause, not the board. A cause the board does not show changes nothing; `prev` itself when nothing changed.
 */
export function rereadCauses(prev: BoardSnapshot, doc: Y.Doc, ids: Iterable<string>): BoardSnapshot {
  const map = getCauses(doc);
  let causes: Record<string, CauseSnapshot> | undefined;
  for (const id of ids) {
    const before = prev.causes[id];
    const cause = map.get(id);
    if (!before || !(cause instanceof Y.Map)) continue;
    const fields = causeFields(cause);
    if ((Object.keys(fields) as Array<keyof CauseFields>).every((key) => fields[key] === before[key])) continue;
    causes ??= Object.assign(Object.create(null) as Record<string, CauseSnapshot>, prev.causes);
    causes[id] = { ...before, ...fields };
  }
  return causes ? { ...prev, causes } : prev;
}

/** The latest check that found its action did not work, unless an action was agreed after it. */
function reopenedBy(actions: Record<string, ActionSnapshot>): string | null {
  let failed: ActionSnapshot | undefined;
  let newest = 0;
  for (const action of Object.values(actions)) {
    newest = Math.max(newest, action.createdAt);
    if (action.checkResult === 'notEffective' && (!failed || action.checkedAt > failed.checkedAt)) failed = action;
  }
  return failed && failed.checkedAt >= newest ? failed.id : null;
}
