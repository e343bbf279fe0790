import * as Y from 'yjs';
import { ActionKey, CauseKey, ComplaintKey, MetaKey, SCHEMA_VERSION, getActions, getCauses, getComplaint, getMeta } from './layout';

/**
 * One step of a board's document from one schema version to the next. A board saved today opens in every later
 * version: the server runs the steps a board lacks when it loads it (and after an import), in order, in one
 * transaction, and the change is stored and sent to everyone like any other.
 *
 * The rule every step keeps, because two instances (or a server and an offline copy) may run the same step at once
 * and their changes merge: a step only sets map keys, to values that do not depend on who runs it (a new empty text,
 * a value read from the document), and never edits a text that exists. Both runs then merge into the same board.
 *
 * A step is written against the layout of its own version, with the key names spelled as they were: it must go on
 * working however the layout changes later.
 */
export interface Migration {
  /** The version the step brings a board to; the steps run from `from + 1` to `SCHEMA_VERSION`. */
  to: number;
  /** What it changes, and why, for the log and for whoever reads this list. */
  what: string;
  migrate(doc: Y.Doc): void;
}

/** A shared text where `map` has anything else (nothing, or a string): the string's words kept, in a new text. */
function ensureText<T>(map: Y.Map<T>, key: string): void {
  const value = map.get(key);
  if (value instanceof Y.Text) return;
  map.set(key, new Y.Text(typeof value === 'string' ? value : '') as T);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 2,
    what:
      'Puts back the texts every board, cause and action is made with (title, complaint, customer; a cause’s answer, ' +
      'evidence and escalation; an action’s text, owner and customer wording) where they are missing: servers before ' +
      'the schema check took deletions let an editor remove them, and a card without its text could not be typed in.',
    migrate(doc) {
      const meta = getMeta(doc);
      ensureText(meta, MetaKey.title);
      const complaint = getComplaint(doc);
      for (const key of [ComplaintKey.text, ComplaintKey.customer]) ensureText(complaint, key);
      for (const cause of getCauses(doc).values()) {
        if (cause instanceof Y.Map) for (const key of [CauseKey.text, CauseKey.evidence, CauseKey.escalation]) ensureText(cause, key);
      }
      for (const action of getActions(doc).values()) {
        if (action instanceof Y.Map) for (const key of [ActionKey.text, ActionKey.owner, ActionKey.customerText]) ensureText(action, key);
      }
    },
  },
];

/** What `migrateBoard` did: the version found, the version now, and the steps run (none when it was current). */
export interface Migrated {
  from: number;
  to: number;
  steps: Migration[];
}

/**
 * Brings a board's document to `SCHEMA_VERSION`, in one transaction with `origin`. A document that is no board yet (no
 * version) or from a later version than this code (a server rolled back) is left as it is.
 */
export function migrateBoard(doc: Y.Doc, origin: unknown): Migrated {
  const meta = getMeta(doc);
  const found = meta.get(MetaKey.schemaVersion);
  const from = typeof found === 'number' && Number.isInteger(found) ? found : 0;
  const steps = from >= 1 ? MIGRATIONS.filter((step) => step.to > from && step.to <= SCHEMA_VERSION) : [];
  if (steps.length === 0) return { from, to: from, steps };
  doc.transact(() => {
    for (const step of steps) step.migrate(doc);
    meta.set(MetaKey.schemaVersion, SCHEMA_VERSION);
  }, origin);
  return { from, to: SCHEMA_VERSION, steps };
}
