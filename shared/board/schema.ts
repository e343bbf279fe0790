/**
 * The board's document shape as data: which keys each map may hold and what each value must be. `layout.ts` names
 * the keys; this says what goes under them, so the server can refuse an update that would put anything else there
 * (a number where a cause should be, a string where a Y.Text should be, a 1 MB "title").
 */
import {
  ACTION_KINDS,
  ACTION_STATUSES,
  ActionKey,
  CAUSE_STATUSES,
  CHECK_RESULTS,
  CauseKey,
  ComplaintKey,
  DATE_STYLES,
  DocKey,
  LetterKey,
  MetaKey,
} from './layout';
import { isCalendarDay } from './calendarDay';
import { Limits } from './limits';

/**
 * How long a key lives once its record has it:
 * - `free` (the default): set, replaced and removed at will (keys a board gains later: the letter, an accepted risk);
 * - `kept`: replaced at will, never removed (a cause's parent, its status): a record without it would not read;
 * - `once`: written with its record, then never replaced nor removed (the board's version and creation time, a
 *   card's text, whose Y.Text every editor is bound to: replacing it would send everyone's typing into a dead type).
 * Removing the whole record (undoing its creation) removes its keys with it.
 */
export type Lifetime = 'free' | 'kept' | 'once';

/** What one key of a map may hold. */
export type FieldSchema = (
  | { kind: 'text'; max: number }
  | { kind: 'string'; max: number; oneOf?: readonly string[]; pattern?: { test(value: string): boolean; says: string } }
  | { kind: 'number' }
  | { kind: 'boolean' }
) & { lifetime?: Lifetime };

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
const date: FieldSchema = {
  kind: 'string',
  max: 10,
  pattern: { test: (value) => value === '' || isCalendarDay(value), says: 'a date like 2026-11-23, or empty' },
};
/** Cause and action ids: random (nanoid) or chosen by an import. */
export const MAX_ID_LENGTH = 64;
/** What an id of a cause or an action is made of (nanoid's alphabet); the server also refuses the complaint's. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;

const record = (fields: Record<string, FieldSchema>): RecordSchema => ({ kind: 'record', fields });
/** A key every record of its kind is created with, which may be replaced but never removed. */
const kept = (field: FieldSchema): FieldSchema => ({ ...field, lifetime: 'kept' });
/** A key written with its record and never replaced nor removed. */
const once = (field: FieldSchema): FieldSchema => ({ ...field, lifetime: 'once' });

/**
 * Tombstones stay in the maps (deletes are undoable), so a collection may hold more entries than a board shows: twice
 * the live limit, which people enforce as they add.
 */
const TOMBSTONE_ROOM = 2;

export const BOARD_SCHEMA: Readonly<Record<string, RecordSchema | CollectionSchema>> = {
  [DocKey.meta]: record({
    [MetaKey.schemaVersion]: once(number),
    [MetaKey.createdAt]: once(number),
    [MetaKey.title]: once(text(Limits.title)),
    [MetaKey.dateStyle]: string(3, DATE_STYLES),
  }),
  [DocKey.complaint]: record({
    [ComplaintKey.text]: once(text(Limits.complaintText)),
    [ComplaintKey.customer]: once(text(Limits.customer)),
    [ComplaintKey.channel]: kept(string(Limits.channel)),
    [ComplaintKey.receivedAt]: kept(date),
  }),
  [DocKey.causes]: {
    kind: 'collection',
    max: Limits.causes * TOMBSTONE_ROOM,
    item: record({
      [CauseKey.parentId]: kept(string(MAX_ID_LENGTH)),
      [CauseKey.order]: kept(number),
      [CauseKey.text]: once(text(Limits.causeText)),
      [CauseKey.isRoot]: kept(boolean),
      [CauseKey.status]: kept(string(20, CAUSE_STATUSES)),
      [CauseKey.evidence]: once(text(Limits.evidence)),
      [CauseKey.inControl]: kept(boolean),
      [CauseKey.escalation]: once(text(Limits.escalation)),
      [CauseKey.acceptedRisk]: text(Limits.acceptedRisk),
      [CauseKey.deleted]: kept(boolean),
      [CauseKey.createdAt]: once(number),
      [CauseKey.createdBy]: once(string(Limits.customer)),
      [CauseKey.rootAt]: number,
      [CauseKey.theme]: text(Limits.theme),
    }),
  },
  [DocKey.actions]: {
    kind: 'collection',
    max: Limits.actions * TOMBSTONE_ROOM,
    item: record({
      [ActionKey.causeId]: kept(string(MAX_ID_LENGTH)),
      [ActionKey.kind]: kept(string(20, ACTION_KINDS)),
      [ActionKey.order]: kept(number),
      [ActionKey.text]: once(text(Limits.actionText)),
      [ActionKey.owner]: once(text(Limits.owner)),
      [ActionKey.due]: kept(date),
      [ActionKey.status]: kept(string(20, ACTION_STATUSES)),
      [ActionKey.customerText]: once(text(Limits.actionText)),
      [ActionKey.deleted]: kept(boolean),
      [ActionKey.createdAt]: once(number),
      [ActionKey.createdBy]: once(string(Limits.customer)),
      [ActionKey.checkBy]: date,
      [ActionKey.checkResult]: string(20, CHECK_RESULTS),
      [ActionKey.checkNote]: text(Limits.evidence),
      [ActionKey.checkedAt]: number,
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
      return (
        typeof value === 'string' && value.length <= field.max && (!field.oneOf || field.oneOf.includes(value)) && (!field.pattern || field.pattern.test(value))
      );
    case 'text':
      return false;
  }
}
