/**
 * Restoring from the history, as edits made through the document by whoever restores: everyone sees them live, they
 * merge with what others type meanwhile, and the one who made them can undo them. The stored history is never
 * rewritten: a restore is one more change in it.
 */
import * as Y from 'yjs';
import { CauseKey, COMPLAINT_ID, getCauses } from '../board/layout';
import { setText, setValue } from '../board/replaceText';
import { BOARD_SCHEMA, type RecordSchema } from '../board/schema';

/** Whether a record's key may be taken away (a key it gained later); the others are only ever replaced. */
const removable = (schema: RecordSchema, key: string) => (schema.fields[key]?.lifetime ?? 'free') === 'free';

/** Makes `now` say what `then` said, key by key: texts by a minimal edit, values where they differ. */
function restoreRecord(now: Y.Map<unknown>, then: Y.Map<unknown>, schema: RecordSchema): void {
  for (const [key, field] of Object.entries(schema.fields)) {
    const past = then.get(key);
    const current = now.get(key);
    if (field.kind === 'text') {
      const text = past instanceof Y.Text ? past.toString() : '';
      if (current instanceof Y.Text || text !== '') setText(now, key, text);
    } else if (past === undefined) {
      if (current !== undefined && removable(schema, key)) now.delete(key);
    } else if (typeof past === 'string' || typeof past === 'number' || typeof past === 'boolean') {
      setValue(now, key, past);
    }
  }
}

/** A new record holding what `then` held (one taken away since, as an undone addition is). */
function copyRecord(then: Y.Map<unknown>, schema: RecordSchema): Y.Map<unknown> {
  const copy = new Y.Map<unknown>();
  for (const key of Object.keys(schema.fields)) {
    const value = then.get(key);
    if (value instanceof Y.Text) copy.set(key, new Y.Text(value.toString()));
    else if (value !== undefined) copy.set(key, value);
  }
  return copy;
}

/**
 * Makes the board `doc` what it was in `past` (the document at a moment of its history): texts, values, and which
 * causes and actions there are. Whatever was added since is deleted (as tombstones, which an undo brings back), and
 * whatever was deleted since comes back. One transaction with `origin`, so it is one step to undo.
 */
export function restoreMoment(doc: Y.Doc, past: Y.Doc, origin: unknown): void {
  doc.transact(() => {
    for (const [key, schema] of Object.entries(BOARD_SCHEMA)) {
      const now = doc.getMap<unknown>(key);
      const then = past.getMap<unknown>(key);
      if (schema.kind === 'record') {
        restoreRecord(now, then, schema);
        continue;
      }
      then.forEach((record, id) => {
        if (!(record instanceof Y.Map)) return;
        const current = now.get(id);
        if (current instanceof Y.Map) restoreRecord(current, record, schema.item);
        else now.set(id, copyRecord(record, schema.item));
      });
      now.forEach((record, id) => {
        if (record instanceof Y.Map && !then.has(id) && record.get('deleted') !== true) record.set('deleted', true);
      });
    }
  }, origin);
}

/**
 * Brings deleted causes back (a deletion the history shows, with its branch), with any deleted cause above them, so
 * each hangs in the tree where it was. Returns the causes it brought back.
 */
export function bringBackCauses(doc: Y.Doc, ids: readonly string[], origin: unknown): string[] {
  const causes = getCauses(doc);
  const back: string[] = [];
  doc.transact(() => {
    const seen = new Set<string>();
    for (const id of ids) {
      // Up the chain, once per cause, whatever a damaged board's parents say (a cycle ends here too).
      for (let current: string | undefined = id; current !== undefined && current !== COMPLAINT_ID && !seen.has(current);) {
        seen.add(current);
        const cause = causes.get(current);
        if (!(cause instanceof Y.Map)) break;
        if (cause.get(CauseKey.deleted) === true) {
          cause.set(CauseKey.deleted, false);
          back.push(current);
        }
        const parentId = cause.get(CauseKey.parentId);
        current = typeof parentId === 'string' ? parentId : undefined;
      }
    }
  }, origin);
  return back;
}
