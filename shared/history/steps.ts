/**
 * The history as a person reads it: steps ("Sam added “the form sent the old price” under …", "Fran ruled out …"),
 * not keystrokes. The changes are replayed into a document, each change's effects read from Yjs's events, and a
 * person's run of edits to one card (typing, a few seconds apart) is one step.
 */
import * as Y from 'yjs';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS } from '../report/labels';
import { ActionKey, COMPLAINT_ID, CauseKey, DocKey, MetaKey, getActions, getCauses, getMeta } from '../board/layout';
import { quote } from '../board/questionFor';
import { stripBidiControls } from '../board/bidi';
import { PHASE_LABELS } from '../meeting/meeting';
import type { Role } from '../protocol';
import type { Change, Milestone } from './changes';

export const STEP_KINDS = [
  'board.created',
  'complaint.edited',
  'cause.added',
  'cause.edited',
  'cause.evidence',
  'cause.moved',
  'cause.confirmed',
  'cause.ruledOut',
  'cause.reopened',
  'cause.root',
  'cause.unrooted',
  'cause.deleted',
  'cause.restored',
  'action.added',
  'action.edited',
  'action.status',
  'action.checked',
  'action.deleted',
  'action.restored',
  'letter.edited',
  'meeting.phase',
  'meeting.votesRevealed',
  'letter.signedOff',
  'letter.signOffWithdrawn',
  'letter.sent',
  'board.restored',
  'board.changed',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** One readable step of the history. */
export interface HistoryStep {
  /** When the step ended (its last change), ms since the epoch on the server's clock. */
  at: number;
  /** When it began. */
  from: number;
  by: string | null;
  role: Role | null;
  kind: StepKind;
  causeId?: string;
  actionId?: string;
  /** A deletion: every cause it deleted (the cause and its branch), to bring back together. */
  causeIds?: string[];
  /** A restore: the moment the board was made again (ms). */
  to?: number;
  summary: string;
  /** The index of the step's last change: the moment a replay shows for it. */
  change: number;
}

/** Past this many steps from one change, the change is one step ("Changed 2,000 things at once"). */
const MAX_STEPS_PER_CHANGE = 12;

/** How close to its step a restore's edit is stored (the command and the edit leave the browser together). */
const RESTORE_EDIT_MS = 30_000;

/** A person's edits to one card this close together are one step. */
export const STEP_GAP_MS = 2 * 60 * 1000;

/** Kinds that a later edit of the same card by the same person, soon after, joins (typing is many changes). */
const JOINS: Partial<Record<StepKind, ReadonlySet<StepKind>>> = {
  'cause.added': new Set(['cause.edited', 'cause.evidence']),
  'cause.edited': new Set(['cause.edited']),
  'cause.evidence': new Set(['cause.evidence']),
  'action.added': new Set(['action.edited']),
  'action.edited': new Set(['action.edited']),
  'complaint.edited': new Set(['complaint.edited']),
  'letter.edited': new Set(['letter.edited']),
};

/** What one change did to one thing (before it is worded). */
interface Effect {
  kind: StepKind;
  id?: string;
  /** A record taken away whole (its creation undone), not deleted as a tombstone: nothing to bring back. */
  removed?: boolean;
  /** A cause confirmed or ruled out with its evidence written in the same change: one step says both. */
  evidence?: boolean;
  /** How many effects a `board.changed` step stands for. */
  count?: number;
}

const CAUSE_KEY_KINDS: Partial<Record<string, (value: unknown) => StepKind | undefined>> = {
  [CauseKey.deleted]: (value) => (value === true ? 'cause.deleted' : 'cause.restored'),
  [CauseKey.status]: (value) => (value === 'ruledOut' ? 'cause.ruledOut' : value === 'confirmed' ? 'cause.confirmed' : 'cause.reopened'),
  [CauseKey.isRoot]: (value) => (value === true ? 'cause.root' : 'cause.unrooted'),
  [CauseKey.parentId]: () => 'cause.moved',
  // Bookkeeping that comes with another step (a move's order, a root's time): not a step of its own.
  [CauseKey.order]: () => undefined,
  [CauseKey.rootAt]: () => undefined,
};

const ACTION_KEY_KINDS: Partial<Record<string, (value: unknown) => StepKind | undefined>> = {
  [ActionKey.deleted]: (value) => (value === true ? 'action.deleted' : 'action.restored'),
  [ActionKey.status]: () => 'action.status',
  [ActionKey.checkResult]: (value) => (value ? 'action.checked' : 'action.edited'),
  [ActionKey.order]: () => undefined,
  [ActionKey.checkedAt]: () => undefined,
};

/** Reads a change's effects from the events of the transaction that applied it. */
function effectsOf(events: Array<Y.YEvent<Y.AbstractType<unknown>>>, collection: 'causes' | 'actions', into: Effect[]): void {
  const added: StepKind = collection === 'causes' ? 'cause.added' : 'action.added';
  const edited: StepKind = collection === 'causes' ? 'cause.edited' : 'action.edited';
  const byKey = collection === 'causes' ? CAUSE_KEY_KINDS : ACTION_KEY_KINDS;
  for (const event of events) {
    const [id, key] = event.path as [string | undefined, string | undefined];
    if (id === undefined) {
      // A record added, or taken away whole (its creation undone): the latter reads as a deletion.
      event.changes.keys.forEach((change, recordId) =>
        into.push(
          change.action === 'delete'
            ? { kind: collection === 'causes' ? 'cause.deleted' : 'action.deleted', id: recordId, removed: true }
            : { kind: added, id: recordId },
        ),
      );
    } else if (key === undefined) {
      const record = event.target as Y.Map<unknown>;
      event.changes.keys.forEach((_, field) => {
        const kind = byKey[field] ? byKey[field](record.get(field)) : edited;
        if (kind) into.push({ kind, id });
      });
    } else {
      into.push({ kind: collection === 'causes' && key === CauseKey.evidence ? 'cause.evidence' : edited, id });
    }
  }
}

/**
 * Within one change: an addition says it all for its record, a root cause marked needs no "confirmed" beside it, and
 * a cause confirmed or ruled out with its evidence is one step.
 */
function tidy(effects: Effect[]): Effect[] {
  const seen = new Set<string>();
  const ids = (kinds: StepKind[]) => new Set(effects.filter((effect) => kinds.includes(effect.kind)).map((effect) => effect.id));
  const added = ids(['cause.added', 'action.added']);
  const rooted = ids(['cause.root']);
  const judged = ids(['cause.confirmed', 'cause.ruledOut']);
  const evidenced = ids(['cause.evidence']);
  return effects
    .filter((effect) => {
      const key = `${effect.kind}:${effect.id ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      if (effect.id !== undefined && added.has(effect.id) && effect.kind !== 'cause.added' && effect.kind !== 'action.added') return false;
      if (effect.kind === 'cause.evidence' && judged.has(effect.id)) return false;
      return !(effect.kind === 'cause.confirmed' && rooted.has(effect.id));
    })
    .map((effect) =>
      (effect.kind === 'cause.confirmed' || effect.kind === 'cause.ruledOut') && evidenced.has(effect.id) ? { ...effect, evidence: true } : effect,
    );
}

/** The record at `id` of a collection, if it is one (a damaged board may hold anything there). */
function recordAt(collection: { get(id: string): unknown }, id: string | undefined): Y.Map<unknown> | undefined {
  const record = id === undefined ? undefined : collection.get(id);
  return record instanceof Y.Map ? record : undefined;
}

/** The label of a value a board holds, or `fallback` for one it should not (never a prototype's "toString"). */
const labelOf = <K extends string>(labels: Record<K, string>, value: unknown, fallback: string): string =>
  typeof value === 'string' && Object.hasOwn(labels, value) ? labels[value as K] : fallback;

/** Words for the things a step names, read from the document as it is at that step. */
class Wording {
  constructor(private readonly doc: Y.Doc) {}

  /** A cause's evidence, as a step quotes it: ", on the evidence “…”" ('' for none). */
  evidence(id: string | undefined): string {
    const evidence = recordAt(getCauses(this.doc), id)?.get(CauseKey.evidence);
    const words = evidence instanceof Y.Text ? quote(evidence.toString(), 80) : '';
    return words ? `, on the evidence “${words}”` : '';
  }

  /**
   * Where a cause stands, when it is not a plain hypothesis: a step that adds it says so (a cause added and ruled out
   * in one breath is one step, and what it says must not be lost).
   */
  standing(id: string | undefined): string {
    const cause = recordAt(getCauses(this.doc), id);
    const status = cause?.get(CauseKey.status);
    const parts = [
      status === 'ruledOut' ? 'ruled out' : status === 'confirmed' ? 'confirmed' : '',
      cause?.get(CauseKey.isRoot) === true ? 'marked as a root cause' : '',
    ];
    const said = parts.filter(Boolean).join(' and ');
    return said ? `, ${said}` : '';
  }

  /** A cause's words as they are ('' for none). */
  text(id: string): string {
    const text = recordAt(getCauses(this.doc), id)?.get(CauseKey.text);
    return text instanceof Y.Text ? text.toString() : '';
  }

  cause(id: string | undefined): string {
    if (id === undefined || id === COMPLAINT_ID) return 'the complaint';
    const words = quote(this.text(id));
    return words ? `“${words}”` : 'an empty cause';
  }

  parentOf(id: string | undefined): string {
    const parentId = recordAt(getCauses(this.doc), id)?.get(CauseKey.parentId);
    return typeof parentId === 'string' && parentId !== COMPLAINT_ID ? `under ${this.cause(parentId)}` : 'as a why of the complaint';
  }

  action(id: string | undefined): { text: string; kind: string; status: string; check: string; causeId: string | undefined } {
    const action = recordAt(getActions(this.doc), id);
    const text = action?.get(ActionKey.text);
    const words = text instanceof Y.Text ? quote(text.toString()) : '';
    const kind = labelOf(ACTION_KIND_LABELS, action?.get(ActionKey.kind), 'Corrective');
    const status = labelOf(ACTION_STATUS_LABELS, action?.get(ActionKey.status), 'Open');
    const causeId = action?.get(ActionKey.causeId);
    return {
      text: words ? `“${words}”` : 'an action',
      kind: kind.toLowerCase(),
      status,
      check: String(action?.get(ActionKey.checkResult) ?? ''),
      causeId: typeof causeId === 'string' ? causeId : undefined,
    };
  }

  title(): string {
    const title = getMeta(this.doc).get(MetaKey.title);
    return title instanceof Y.Text && title.length > 0 ? `“${quote(title.toString())}”` : 'the complaint';
  }
}

function summarize(kind: StepKind, id: string | undefined, words: Wording, deletedCount: number, evidence = false): string {
  switch (kind) {
    case 'board.created':
      return `Started the analysis of ${words.title()}`;
    case 'complaint.edited':
      return 'Edited the complaint';
    case 'cause.added':
      return `Added ${words.cause(id)} ${words.parentOf(id)}${words.standing(id)}`;
    case 'cause.edited':
      return `Reworded ${words.cause(id)}`;
    case 'cause.evidence':
      return `Added evidence to ${words.cause(id)}`;
    case 'cause.moved':
      return `Moved ${words.cause(id)} ${words.parentOf(id)}`;
    case 'cause.confirmed':
      return `Confirmed ${words.cause(id)}${evidence ? words.evidence(id) : ''}`;
    case 'cause.ruledOut':
      return `Ruled out ${words.cause(id)}${evidence ? words.evidence(id) : ''}`;
    case 'cause.reopened':
      return `Made ${words.cause(id)} a hypothesis again`;
    case 'cause.root':
      return `Marked ${words.cause(id)} as a root cause`;
    case 'cause.unrooted':
      return `Unmarked ${words.cause(id)} as a root cause`;
    case 'cause.deleted':
      return `Deleted ${words.cause(id)}${deletedCount > 1 ? ` and the ${deletedCount - 1 === 1 ? 'cause' : `${deletedCount - 1} causes`} under it` : ''}`;
    case 'cause.restored':
      return `Brought back ${words.cause(id)}${deletedCount > 1 ? ` and the ${deletedCount - 1 === 1 ? 'cause' : `${deletedCount - 1} causes`} under it` : ''}`;
    case 'action.added': {
      const action = words.action(id);
      return `Agreed the ${action.kind} action ${action.text} for ${words.cause(action.causeId)}`;
    }
    case 'action.edited':
      return `Changed the action ${words.action(id).text}`;
    case 'action.status': {
      const action = words.action(id);
      return `Set the action ${action.text} to ${action.status.toLowerCase()}`;
    }
    case 'action.checked': {
      const action = words.action(id);
      return `Checked the action ${action.text}: ${action.check === 'notEffective' ? 'it did not work, and the analysis is open again' : 'it worked'}`;
    }
    case 'action.deleted':
      return `Removed the action ${words.action(id).text}`;
    case 'action.restored':
      return `Brought back the action ${words.action(id).text}`;
    case 'letter.edited':
      return 'Worked on the letter to the customer';
    default:
      return kind;
  }
}

function milestoneStep(milestone: Milestone): { kind: StepKind; summary: string; to?: number } {
  switch (milestone.type) {
    case 'phase':
      return { kind: 'meeting.phase', summary: `Moved the meeting to “${PHASE_LABELS[milestone.phase]}”` };
    case 'votesRevealed':
      return { kind: 'meeting.votesRevealed', summary: 'Revealed the votes' };
    case 'letterSignedOff':
      return { kind: 'letter.signedOff', summary: 'Signed off the letter' };
    case 'letterSignOffWithdrawn':
      return { kind: 'letter.signOffWithdrawn', summary: 'Withdrew the sign-off of the letter' };
    case 'letterSent':
      return { kind: 'letter.sent', summary: `Sent the letter: ${milestone.to}` };
    case 'restored':
      return { kind: 'board.restored', summary: 'Restored the board as it was at an earlier moment', to: milestone.to };
  }
}

/**
 * Reads changes as steps, one change at a time, from the events of the document they are applied to: the caller
 * applies each change's update to `doc` (never a milestone's), then calls `read`. `historySteps` is the whole loop; the
 * browser's replay (replay.ts) runs the same reader in its own pass, so a history is applied once.
 */
export class StepReader {
  private readonly words: Wording;
  private effects: Effect[] = [];
  private readonly found: HistoryStep[] = [];
  /** The step a person's next edit of the same card may join, by person and card. */
  private readonly open = new Map<string, HistoryStep>();
  /** Each cause's last words, and the step that added it. */
  private readonly texts = new Map<string, string>();
  private readonly additions = new Map<string, HistoryStep>();
  /** The last edit read, and a restore whose edit is still to come. */
  private last: { index: number; who: string; at: number } | undefined;
  private restoring: { who: string; until: number; step: HistoryStep } | undefined;

  constructor(private readonly doc: Y.Doc) {
    this.words = new Wording(doc);
    getCauses(doc).observeDeep((events) => effectsOf(events, 'causes', this.effects));
    getActions(doc).observeDeep((events) => effectsOf(events, 'actions', this.effects));
    doc.getMap(DocKey.complaint).observeDeep(() => this.effects.push({ kind: 'complaint.edited' }));
    doc.getMap(DocKey.letter).observeDeep(() => this.effects.push({ kind: 'letter.edited' }));
    getMeta(doc).observeDeep((events) => {
      const touched = (key: string) => events.some((event) => event.path[0] === key || (event.path.length === 0 && event.changes.keys.has(key)));
      if (touched(MetaKey.createdAt)) this.effects.push({ kind: 'board.created' });
      else if (touched(MetaKey.title)) this.effects.push({ kind: 'complaint.edited' });
    });
  }

  /** Reads change number `index`, just applied to the document. */
  read(change: Change, index: number): void {
    const by = change.by?.name ?? null;
    const role = change.by?.role ?? null;
    const who = `${by ?? ''}|${role ?? ''}`;
    const effects = this.effects.splice(0);
    if (change.milestone) {
      const step: HistoryStep = { at: change.at, from: change.at, by, role, ...milestoneStep(change.milestone), change: index };
      this.found.push(step);
      if (change.milestone.type === 'restored') this.restored(step, who, index);
      return;
    }
    this.last = { index, who, at: change.at };
    if (this.restoring?.who === who && change.at <= this.restoring.until) {
      // The restore's own edit: told by its step, not as the dozen changes it makes.
      this.restoring.step.change = index;
      this.restoring = undefined;
      this.remember(effects);
      return;
    }
    let found = tidy(effects);
    // The change that created the board says so, whatever it held (the example board comes with its whole tree).
    if (found.some((effect) => effect.kind === 'board.created')) found = [{ kind: 'board.created' }];
    // A branch deleted or brought back at once is one step, told at its top cause.
    const branches = new Map<StepKind, { ids: Set<string>; children: Map<string, string[]> }>();
    for (const kind of ['cause.deleted', 'cause.restored'] as const) {
      const ids = new Set(found.filter((effect) => effect.kind === kind && !effect.removed).map((effect) => effect.id!));
      if (ids.size > 0) branches.set(kind, { ids, children: childrenAmong(this.doc, ids) });
    }
    const underTold = (effect: Effect) => {
      const parentId = recordAt(getCauses(this.doc), effect.id)?.get(CauseKey.parentId);
      return typeof parentId === 'string' && (branches.get(effect.kind)?.ids.has(parentId) ?? false);
    };
    let told = found.filter((effect) => !underTold(effect));
    // A change that does more than a person does at once (a script, an import) is told as one step.
    if (told.length > MAX_STEPS_PER_CHANGE) told = [{ kind: 'board.changed', count: found.length }];
    for (const effect of told) {
      const branchOfKind = branches.get(effect.kind);
      if (effect.kind === 'cause.deleted' && this.neverFilledIn(effect, by)) continue;
      const key = `${who}|${effect.kind.split('.')[0]}|${effect.id ?? ''}`;
      const joined = this.open.get(key);
      if (joined && JOINS[joined.kind]?.has(effect.kind) && change.at - joined.at <= STEP_GAP_MS) {
        joined.at = change.at;
        joined.change = index;
        joined.summary = summarize(joined.kind, effect.id, this.words, 1);
        continue;
      }
      const branch = branchOfKind && !effect.removed ? branchOf(effect.id!, branchOfKind.children) : undefined;
      const step: HistoryStep = {
        at: change.at,
        from: change.at,
        by,
        role,
        kind: effect.kind,
        ...(effect.id === undefined ? {} : effect.kind.startsWith('action.') ? { actionId: effect.id } : { causeId: effect.id }),
        ...(branch ? { causeIds: branch } : {}),
        summary:
          effect.removed && effect.kind === 'cause.deleted'
            ? `Deleted “${quote(this.texts.get(effect.id!) ?? '')}”`
            : effect.kind === 'board.changed'
              ? `Changed ${effect.count} things at once`
              : summarize(effect.kind, effect.id, this.words, branch?.length ?? 1, effect.evidence),
        change: index,
      };
      this.found.push(step);
      if (effect.kind === 'cause.added') this.additions.set(effect.id!, step);
      if (JOINS[effect.kind]) this.open.set(key, step);
      else this.open.delete(key);
    }
    this.remember(found);
  }

  /**
   * A card added and then deleted (or taken back) before anyone wrote in it, by the one who added it: it never was a
   * cause, and leaves no step (Tab asks why and a second Tab takes the empty card back).
   */
  private neverFilledIn(effect: Effect, by: string | null): boolean {
    const id = effect.id!;
    const text = effect.removed ? (this.texts.get(id) ?? '') : this.words.text(id);
    const addition = this.additions.get(id);
    if (text.trim() !== '' || !addition || addition.by !== by) return false;
    this.found.splice(this.found.indexOf(addition), 1);
    this.additions.delete(id);
    return true;
  }

  /** The causes' texts as they are now: a cause taken away whole is named by its last words. */
  private remember(effects: readonly Effect[]): void {
    for (const { id, kind } of effects)
      if (id !== undefined && kind.startsWith('cause.') && recordAt(getCauses(this.doc), id)) this.texts.set(id, this.words.text(id));
  }

  /**
   * A restore's step (a milestone the facilitator's command makes) and its edit, which may have been stored just before
   * it or comes just after (two writes of one moment commit in either order): that edit's steps are the restore's.
   */
  private restored(step: HistoryStep, who: string, index: number): void {
    if (this.last?.who === who && step.at - this.last.at <= RESTORE_EDIT_MS) {
      const edit = this.last.index;
      for (let i = this.found.length - 1; i >= 0; i--) if (this.found[i]!.change === edit && this.found[i] !== step) this.found.splice(i, 1);
      step.change = index;
    } else this.restoring = { who, until: step.at + RESTORE_EDIT_MS, step };
  }

  /**
   * The steps read so far, ordered by when each ended; without direction controls, which would turn a line (and the
   * name in it) around where it is shown.
   */
  get steps(): HistoryStep[] {
    return [...this.found]
      .sort((a, b) => a.at - b.at || a.change - b.change)
      .map((step) => ({ ...step, by: step.by === null ? null : stripBidiControls(step.by), summary: stripBidiControls(step.summary) }));
  }
}

/**
 * Reads the changes (oldest first) as steps, ordered by when each ended. Cheap enough for the server to answer with:
 * each change is applied once, and its effects read from Yjs's own events.
 */
export function historySteps(changes: readonly Change[]): HistoryStep[] {
  const doc = new Y.Doc();
  const reader = new StepReader(doc);
  changes.forEach((change, index) => {
    if (!change.milestone) Y.applyUpdate(doc, change.update);
    reader.read(change, index);
  });
  doc.destroy();
  return reader.steps;
}

/** The causes of `deleted` in the branch under `top` (itself included), top first. */
function branchOf(top: string, childrenOf: ReadonlyMap<string, string[]>): string[] {
  const branch = [top];
  const seen = new Set(branch);
  for (let i = 0; i < branch.length; i++) {
    for (const child of childrenOf.get(branch[i]!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      branch.push(child);
    }
  }
  return branch;
}

/** Among `ids`, each one's children that are in `ids` too (one pass: a branch of thousands is read in linear time). */
function childrenAmong(doc: Y.Doc, ids: ReadonlySet<string>): Map<string, string[]> {
  const causes = getCauses(doc);
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const parentId = recordAt(causes, id)?.get(CauseKey.parentId);
    if (typeof parentId !== 'string' || !ids.has(parentId)) continue;
    const list = children.get(parentId);
    if (list) list.push(id);
    else children.set(parentId, [id]);
  }
  return children;
}
