import * as Y from 'yjs';
import { nanoid } from 'nanoid';
import { BoardError, BoardErrorCode } from './BoardError';
import { checkLength } from './checkLength';
import { indexTree } from './indexTree';
import {
  ACTION_KINDS,
  ACTION_STATUSES,
  ActionKey,
  CHECK_RESULTS,
  getActions,
  mapEntries,
  type ActionKind,
  type ActionMap,
  type ActionStatus,
  type CheckResult,
} from './layout';
import { Limits } from './limits';
import { setText, setValue } from './replaceText';
import { requireCause } from './requireCause';
import { checkDate } from './updateComplaint';

/** What an action says; on update, fields left out stay as they are. */
export interface ActionFields {
  kind?: ActionKind;
  /** What we will do, in the team's words. */
  text?: string;
  owner?: string;
  /** `YYYY-MM-DD`, or '' for none yet. */
  due?: string;
  status?: ActionStatus;
  /** The same action in words the customer may read; '' when it is internal only. */
  customerText?: string;
  /** When to check that it worked (`YYYY-MM-DD`, or ''). */
  checkBy?: string;
  /** What the check found. "effective" verifies the action; "notEffective" reopens the board's analysis. */
  checkResult?: CheckResult;
  /** How it was verified, or what showed it did not work. */
  checkNote?: string;
}

function checkFields(fields: ActionFields): void {
  if (fields.kind !== undefined && !ACTION_KINDS.includes(fields.kind)) {
    throw new BoardError(BoardErrorCode.invalid, `An action's kind is one of ${ACTION_KINDS.join(', ')}.`);
  }
  if (fields.status !== undefined && !ACTION_STATUSES.includes(fields.status)) {
    throw new BoardError(BoardErrorCode.invalid, `An action's status is one of ${ACTION_STATUSES.join(', ')}.`);
  }
  if (fields.text !== undefined) checkLength('The action', fields.text, Limits.actionText);
  if (fields.owner !== undefined) checkLength('The owner', fields.owner, Limits.owner);
  if (fields.customerText !== undefined) checkLength('The customer wording', fields.customerText, Limits.actionText);
  if (fields.due !== undefined) checkDate('The due date', fields.due);
  if (fields.checkBy !== undefined) checkDate('The check date', fields.checkBy);
  if (fields.checkResult !== undefined && !CHECK_RESULTS.includes(fields.checkResult)) {
    throw new BoardError(BoardErrorCode.invalid, `A check's result is one of ${CHECK_RESULTS.filter(Boolean).join(', ')}, or none.`);
  }
  if (fields.checkNote !== undefined) checkLength('How it was checked', fields.checkNote, Limits.evidence);
}

function requireAction(doc: Y.Doc, id: string): ActionMap {
  const action = getActions(doc).get(id);
  if (!(action instanceof Y.Map) || action.get(ActionKey.deleted) === true)
    throw new BoardError(BoardErrorCode.unknownAction, `There is no action "${id}" on this board.`);
  return action;
}

/**
 * Adds an action to a cause (usually a root cause) and returns its id. Its kind defaults to corrective, its status
 * to open.
 * @example addAction(doc, rootId, { kind: 'preventive', text: 'Order forms from the shared calendar', owner: 'Store manager', due: '2026-12-15' }, origin);
 */
export function addAction(
  doc: Y.Doc,
  causeId: string,
  fields: ActionFields & { createdBy?: string; createdAt?: number; id?: string },
  origin: unknown,
): string {
  checkFields(fields);
  const id = fields.id ?? nanoid(12);
  doc.transact(() => {
    requireCause(indexTree(doc), causeId);
    const actions = getActions(doc);
    const live = [...mapEntries(actions).values()].filter((action) => action.get(ActionKey.deleted) !== true);
    if (live.length >= Limits.actions) throw new BoardError(BoardErrorCode.tooManyActions, `A board holds at most ${Limits.actions} actions.`);
    if (actions.has(id)) throw new BoardError(BoardErrorCode.invalid, `An action "${id}" exists already.`);
    const orders = live.filter((action) => action.get(ActionKey.causeId) === causeId).map((action) => Number(action.get(ActionKey.order)) || 0);
    const action: ActionMap = new Y.Map();
    action.set(ActionKey.causeId, causeId);
    action.set(ActionKey.kind, fields.kind ?? 'corrective');
    action.set(ActionKey.order, Math.max(0, ...orders) + 1);
    action.set(ActionKey.text, new Y.Text(fields.text ?? ''));
    action.set(ActionKey.owner, new Y.Text(fields.owner ?? ''));
    action.set(ActionKey.due, fields.due ?? '');
    action.set(ActionKey.status, fields.status ?? 'open');
    action.set(ActionKey.customerText, new Y.Text(fields.customerText ?? ''));
    action.set(ActionKey.deleted, false);
    action.set(ActionKey.createdAt, fields.createdAt ?? Date.now());
    action.set(ActionKey.createdBy, (fields.createdBy ?? '').slice(0, Limits.customer));
    actions.set(id, action);
  }, origin);
  return id;
}

/**
 * Changes an action's fields; those left out stay as they are. A check's result also moves the status (unless one is
 * given): an effective action is verified; one that did not work is done, no longer verified. `now` is when the check
 * is recorded.
 */
export function updateAction(doc: Y.Doc, id: string, fields: ActionFields, origin: unknown, now = Date.now()): void {
  checkFields(fields);
  doc.transact(() => {
    const action = requireAction(doc, id) as Y.Map<unknown>;
    const result = fields.checkResult;
    if (result !== undefined && result !== (action.get(ActionKey.checkResult) ?? '')) {
      action.set(ActionKey.checkResult, result);
      action.set(ActionKey.checkedAt, result ? now : 0);
      if (result === 'effective') setValue(action, ActionKey.status, 'verified');
      else if (action.get(ActionKey.status) === 'verified') action.set(ActionKey.status, 'done');
    }
    // A status given with the result wins over the one the result implies.
    setValue(action, ActionKey.status, fields.status);
    setValue(action, ActionKey.kind, fields.kind);
    setValue(action, ActionKey.due, fields.due);
    setValue(action, ActionKey.checkBy, fields.checkBy);
    setText(action, ActionKey.checkNote, fields.checkNote);
    setText(action, ActionKey.text, fields.text);
    setText(action, ActionKey.owner, fields.owner);
    setText(action, ActionKey.customerText, fields.customerText);
  }, origin);
}

/** Deletes an action, as a tombstone (undo restores it). */
export function deleteAction(doc: Y.Doc, id: string, origin: unknown): void {
  doc.transact(() => requireAction(doc, id).set(ActionKey.deleted, true), origin);
}
