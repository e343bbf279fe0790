/**
 * The board's document shape as data: which keys each map may hold and what each value must be. `layout.ts` names
 * the keys; this says what goes under them, so the server can refuse an update that would put anything else there
 * (a number where a cause should be, a string where a Y.Text should be, a 1 MB "title").
 */
import { ACTION_KINDS, ACTION_STATUSES, ActionKey, CAUSE_STATUSES, CauseKey, ComplaintKey, DATE_STYLES, DocKey, LetterKey, MetaKey } from './layout';
import { Limits } from './limits';

/** What one key of a map may hold. */
export type FieldSchema =
  | { kind: 'text'; max: number }
  | { kind: 'string'; max: number; oneOf?: readonly string[]; pattern?: { test: RegExp; says: string } }
  | { kind: 'number' }
  | { kind: 'boolean' };

/** A map with known keys (the complaint, a cause…). */
export interface RecordSchema {
  kind: 'record';
  fields: Readonly<Record<string, FieldSchema>>;
}

/** A map of records by id (the causes, the actions), holding at most `max` of them, deleted ones included. */
export interface CollectionSchema {
  kind: 'collection';
  max: number;
  item: RecordSchema;
}

const text = (max: number): FieldSchema => ({ kind: 'text', max });
const string = (max: number, oneOf?: readonly string[]): FieldSchema => ({ kind: 'string', max, ...(oneOf ? { oneOf } : {}) });
const number: FieldSchema = { kind: 'number' };
const boolean: FieldSchema = { kind: 'boolean' };
/** `YYYY-MM-DD` or empty (a due date of "tomorrow-ish" would reach the letter and the report as it is). */
const date: FieldSchema = { kind: 'string', max: 10, pattern: { test: /^(\d{4}-\d{2}-\d{2})?$/, says: 'a date like 2026-11-23, or empty' } };
/** Cause and action ids: random (nanoid) or chosen by an import. */
export const MAX_ID_LENGTH = 64;
/** What an id of a cause or an action is made of (nanoid's alphabet); the server also refuses the complaint's. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;

const record = (fields: Record<string, FieldSchema>): RecordSchema => ({ kind: 'record', fields });

/**
 * Tombstones stay in the maps (deletes are undoable), so a collection may hold more entries than a board shows: twice
 * the live limit, which people enforce as they add.
 */
const TOMBSTONE_ROOM = 2;

export const BOARD_SCHEMA: Readonly<Record<string, RecordSchema | CollectionSchema>> = {
  [DocKey.meta]: record({ [MetaKey.schemaVersion]: number, [MetaKey.createdAt]: number, [MetaKey.title]: text(Limits.title), [MetaKey.dateStyle]: string(3, DATE_STYLES) }),
  [DocKey.complaint]: record({
    [ComplaintKey.text]: text(Limits.complaintText),
    [ComplaintKey.customer]: text(Limits.customer),
    [ComplaintKey.channel]: string(Limits.channel),
    [ComplaintKey.receivedAt]: date,
  }),
  [DocKey.causes]: {
    kind: 'collection',
    max: Limits.causes * TOMBSTONE_ROOM,
    item: record({
      [CauseKey.parentId]: string(MAX_ID_LENGTH),
      [CauseKey.order]: number,
      [CauseKey.text]: text(Limits.causeText),
      [CauseKey.isRoot]: boolean,
      [CauseKey.status]: string(20, CAUSE_STATUSES),
      [CauseKey.evidence]: text(Limits.evidence),
      [CauseKey.inControl]: boolean,
      [CauseKey.escalation]: text(Limits.escalation),
      [CauseKey.acceptedRisk]: text(Limits.acceptedRisk),
      [CauseKey.deleted]: boolean,
      [CauseKey.createdAt]: number,
      [CauseKey.createdBy]: string(Limits.customer),
    }),
  },
  [DocKey.actions]: {
    kind: 'collection',
    max: Limits.actions * TOMBSTONE_ROOM,
    item: record({
      [ActionKey.causeId]: string(MAX_ID_LENGTH),
      [ActionKey.kind]: string(20, ACTION_KINDS),
      [ActionKey.order]: number,
      [ActionKey.text]: text(Limits.actionText),
      [ActionKey.owner]: text(Limits.owner),
      [ActionKey.due]: date,
      [ActionKey.status]: string(20, ACTION_STATUSES),
      [ActionKey.customerText]: text(Limits.actionText),
      [ActionKey.deleted]: boolean,
      [ActionKey.createdAt]: number,
      [ActionKey.createdBy]: string(Limits.customer),
    }),
  },
  [DocKey.letter]: record({
    [LetterKey.text]: text(Limits.letter),
    [LetterKey.contactName]: text(Limits.contactName),
    [LetterKey.contactReach]: text(Limits.contactReach),
    [LetterKey.nextContact]: date,
  }),
};

/** Whether a plain value fits a field (texts are Y.Text and checked by the caller). */
export function fitsField(field: FieldSchema, value: unknown): boolean {
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string' && value.length <= field.max && (!field.oneOf || field.oneOf.includes(value)) && (!field.pattern || field.pattern.test.test(value));
    case 'text':
      return false;
  }
}
