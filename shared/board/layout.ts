/**
 * The Y.Doc layout of a board. Every key that appears in a document is named here, once.
 *
 * ```
 * doc
 * ├─ "meta"      Y.Map   schemaVersion: number, createdAt: number (ms), title: Y.Text
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
 *                  deleted: boolean                   (tombstone: deletes are undoable and merge)
 *                  createdAt: number, createdBy: string
 * ```
 */
import * as Y from 'yjs';

export const SCHEMA_VERSION = 1;

/** The id the complaint card uses as a parent; it can never be a cause id (ids are random). */
export const COMPLAINT_ID = 'complaint';

export const DocKey = {
  meta: 'meta',
  complaint: 'complaint',
  causes: 'causes',
} as const;

export const MetaKey = {
  schemaVersion: 'schemaVersion',
  createdAt: 'createdAt',
  title: 'title',
} as const;

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
  deleted: 'deleted',
  createdAt: 'createdAt',
  createdBy: 'createdBy',
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
