import type * as Y from 'yjs';
import { BoardError, BoardErrorCode } from './BoardError';
import { checkLength } from './checkLength';
import { indexTree } from './indexTree';
import { CAUSE_STATUSES, CauseKey, type CauseStatus } from './layout';
import { Limits } from './limits';
import { setText, setValue } from './replaceText';
import { requireCause } from './requireCause';

export interface CauseDetails {
  status?: CauseStatus;
  /** How the team knows: observations, records, links. */
  evidence?: string;
  inControl?: boolean;
  /** For a cause outside the team's control: who it is escalated to, and how. */
  escalation?: string;
  /** For a root cause the team decides not to act on: why (an accepted risk). Empty to withdraw the decision. */
  acceptedRisk?: string;
  /** A root cause's theme: a few words that name the same cause across complaints ("Payment retries"). */
  theme?: string;
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
  if (details.acceptedRisk !== undefined) checkLength('The accepted-risk reason', details.acceptedRisk, Limits.acceptedRisk);
  if (details.theme !== undefined) checkLength('The theme', details.theme, Limits.theme);
  doc.transact(() => {
    const cause = requireCause(indexTree(doc), id) as Y.Map<unknown>;
    setValue(cause, CauseKey.status, details.status);
    setValue(cause, CauseKey.inControl, details.inControl);
    setText(cause, CauseKey.evidence, details.evidence);
    setText(cause, CauseKey.escalation, details.escalation);
    setText(cause, CauseKey.acceptedRisk, details.acceptedRisk);
    setText(cause, CauseKey.theme, details.theme);
  }, origin);
}
