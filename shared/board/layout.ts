/**
 * The Y.Doc layout of a board. Every key that appears in a document is named here, once.
 *
 * ```
 * doc
 * ├─ "meta"      Y.Map   schemaVersion: number, createdAt: number (ms), title: Y.Text,
 * │                      dateStyle: "dmy" | "mdy" (how documents write dates: "5 December 2026" or "December 5, 2026")
 * ├─ "complaint" Y.Map   text: Y.Text (the customer's words), customer: Y.Text,
 * │                      channel: string, receivedAt: "YYYY-MM-DD" | ""
 * └─ "causes"    Y.Map<id, Y.Map>
 *                  parentId: "complaint" | cause id   (one parent per cause: the tree)
 *                  order: number                      (fractional, sorts siblings; ties by id)
 *                  text: Y.Text                       (the answer to "why?")
 *                  isRoot: boolean                    (marked as a root cause)
 *                  status: "hypothesis" | "confirmed" | "ruledOut"
 *                  evidence: Y.Text                   (how we know: free text, links)
 *                  inControl: boolean                 (within the team's control?)
 *                  escalation: Y.Text                 (who a cause outside our control goes to)
 *                  acceptedRisk: Y.Text               (why a root cause gets no action: a decision, not an oversight)
 *                  deleted: boolean                   (tombstone: deletes are undoable and merge)
 *                  createdAt: number, createdBy: string
 *                  rootAt: number                     (when it was last marked a root cause)
 *                  theme: Y.Text                      (a root cause's theme, the same words across complaints)
 * ├─ "actions"   Y.Map<id, Y.Map>
 *                  causeId: cause id                  (the root cause it addresses)
 *                  kind: "containment" | "corrective" | "preventive"
 *                  order: number                      (sorts a cause's actions; ties by id)
 *                  text: Y.Text                       (what we will do, for the team)
 *                  owner: Y.Text, due: "YYYY-MM-DD" | ""
 *                  status: "open" | "inProgress" | "done" | "verified"
 *                  customerText: Y.Text               (the same action in words for the customer; optional)
 *                  deleted: boolean, createdAt: number, createdBy: string
 *                  checkBy: "YYYY-MM-DD" | "", checkResult: "" | "effective" | "notEffective",
 *                  checkNote: Y.Text (how it was verified), checkedAt: number (the effectiveness check)
 * └─ "letter"    Y.Map   text: Y.Text (the letter to the customer, once drafted), contactName: Y.Text,
 *                        contactReach: Y.Text (phone, email), nextContact: "YYYY-MM-DD" | ""
 * ```
 * Keys added after version 1 (actions, letter, acceptedRisk, dateStyle, rootAt, theme, the checks) read as empty (or "dmy") when absent:
 * they need no migration. What does is a step in `migrations.ts` (version 2: the texts a board is made with, put back).
 */
import * as Y from 'yjs';

/** The document's version: a board of an older one is brought to it by the steps of `migrations.ts`. */
export const SCHEMA_VERSION = 2;

/** The id the complaint card uses as a parent; it can never be a cause id (ids are random). */
export const COMPLAINT_ID = 'complaint';

export const DocKey = {
  meta: 'meta',
  complaint: 'complaint',
  causes: 'causes',
  actions: 'actions',
  letter: 'letter',
} as const;

export const MetaKey = {
  schemaVersion: 'schemaVersion',
  createdAt: 'createdAt',
  title: 'title',
  dateStyle: 'dateStyle',
} as const;

/**
 * How documents (the report, the letter) write a date, chosen per board, since a letter is read by its customer:
 * day first ("5 December 2026", British and most of the world) or month first ("December 5, 2026", American).
 */
export const DATE_STYLES = ['dmy', 'mdy'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

export const ComplaintKey = {
  text: 'text',
  customer: 'customer',
  channel: 'channel',
  receivedAt: 'receivedAt',
} as const;

export const CauseKey = {
  parentId: 'parentId',
  order: 'order',
  text: 'text',
  isRoot: 'isRoot',
  status: 'status',
  evidence: 'evidence',
  inControl: 'inControl',
  escalation: 'escalation',
  acceptedRisk: 'acceptedRisk',
  deleted: 'deleted',
  createdAt: 'createdAt',
  createdBy: 'createdBy',
  /** When it was last marked a root cause (ms): how long the team took from the complaint to its cause. */
  rootAt: 'rootAt',
  /** A root cause's theme: the few words a team gives the same cause in every complaint it causes. */
  theme: 'theme',
} as const;

export const ActionKey = {
  causeId: 'causeId',
  kind: 'kind',
  order: 'order',
  text: 'text',
  owner: 'owner',
  due: 'due',
  status: 'status',
  customerText: 'customerText',
  deleted: 'deleted',
  createdAt: 'createdAt',
  createdBy: 'createdBy',
  /** The effectiveness check: by when (`YYYY-MM-DD`), what it found, how it was verified, and when (ms). */
  checkBy: 'checkBy',
  checkResult: 'checkResult',
  checkNote: 'checkNote',
  checkedAt: 'checkedAt',
} as const;

/**
 * What an action's effectiveness check found: nothing yet, the action worked (the cause is gone), or it did not (the
 * cause was not the root, or the action missed it): the board's analysis is open again.
 */
export const CHECK_RESULTS = ['', 'effective', 'notEffective'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/** Containment fixes it for this customer now; corrective removes the cause; preventive stops it coming back. */
export const ACTION_KINDS = ['containment', 'corrective', 'preventive'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
/** "Verified" means someone checked the action worked, not only that it was done. */
export const ACTION_STATUSES = ['open', 'inProgress', 'done', 'verified'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const LetterKey = {
  text: 'text',
  contactName: 'contactName',
  contactReach: 'contactReach',
  nextContact: 'nextContact',
} as const;

export const CAUSE_STATUSES = ['hypothesis', 'confirmed', 'ruledOut'] as const;
/** How sure the team is of a cause: a guess to check, a checked fact, or checked and found wrong. */
export type CauseStatus = (typeof CAUSE_STATUSES)[number];

/** A cause as stored: a Y.Map whose values are these. */
export type CauseValue = string | number | boolean | Y.Text;
export type CauseMap = Y.Map<CauseValue>;

export const getMeta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(DocKey.meta);
export const getComplaint = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(DocKey.complaint);
export const getCauses = (doc: Y.Doc): Y.Map<CauseMap> => doc.getMap<CauseMap>(DocKey.causes);
export type ActionMap = Y.Map<CauseValue>;
export const getActions = (doc: Y.Doc): Y.Map<ActionMap> => doc.getMap<ActionMap>(DocKey.actions);
export const getLetter = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(DocKey.letter);

/**
 * The entries of a collection (causes, actions) that are maps, as a board's are. The server refuses anything else, but
 * a board damaged before it did may hold other values: they are skipped, never read as causes.
 */
export function mapEntries<T>(collection: Y.Map<Y.Map<T>>): Map<string, Y.Map<T>> {
  const entries = new Map<string, Y.Map<T>>();
  for (const [id, value] of collection) if (value instanceof Y.Map) entries.set(id, value);
  return entries;
}
