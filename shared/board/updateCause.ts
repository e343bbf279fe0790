import * as Y from 'yjs';
import { BoardError, BoardErrorCode } from './BoardError';
import { checkLength } from './checkLength';
import { indexTree } from './indexTree';
import { CAUSE_STATUSES, CauseKey, type CauseStatus } from './layout';
import { Limits } from './limits';
import { replaceText } from './replaceText';
import { requireCause } from './requireCause';

export interface CauseDetails {
  status?: CauseStatus;
  /** How the team knows: observations, records, links. */
  evidence?: string;
  inControl?: boolean;
  /** For a cause outside the team's control: who it is escalated to, and how. */
  escalation?: string;
}

/**
 * Sets a cause's details; fields left out stay as they are.
 * @example updateCause(doc, id, { status: 'confirmed', evidence: 'Till receipts 12–14 Nov' }, origin);
 */
export function updateCause(doc: Y.Doc, id: string, details: CauseDetails, origin: unknown): void {
  if (details.status !== undefined && !CAUSE_STATUSES.includes(details.status)) {
    throw new BoardError(BoardErrorCode.invalid, `A cause's status is one of ${CAUSE_STATUSES.join(', ')}.`);
  }
  if (details.evidence !== undefined) checkLength('The evidence', details.evidence, Limits.evidence);
  if (details.escalation !== undefined) checkLength('The escalation note', details.escalation, Limits.escalation);
  doc.transact(() => {
    const cause = requireCause(indexTree(doc), id);
    const setText = (key: string, value: string | undefined) => {
      if (value === undefined) return;
      const ytext = cause.get(key);
      if (ytext instanceof Y.Text) replaceText(ytext, value);
      else cause.set(key, new Y.Text(value));
    };
    if (details.status !== undefined && cause.get(CauseKey.status) !== details.status) cause.set(CauseKey.status, details.status);
    if (details.inControl !== undefined && cause.get(CauseKey.inControl) !== details.inControl) cause.set(CauseKey.inControl, details.inControl);
    setText(CauseKey.evidence, details.evidence);
    setText(CauseKey.escalation, details.escalation);
  }, origin);
}
