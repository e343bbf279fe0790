import type * as Y from 'yjs';
import { indexTree, orderAfter } from './indexTree';
import { COMPLAINT_ID } from './layout';
import { newCause, type NewCauseInput } from './newCause';
import { requireCause } from './requireCause';

/**
 * Branches: adds another cause of the same effect right after `siblingId`, and returns its id.
 * @example const other = addSiblingCause(doc, firstCauseId, { text: 'The till was not updated either' }, origin);
 */
export function addSiblingCause(doc: Y.Doc, siblingId: string, input: NewCauseInput, origin: unknown): string {
  let id = '';
  doc.transact(() => {
    const index = indexTree(doc);
    requireCause(index, siblingId);
    id = newCause(index, index.parentOf.get(siblingId) ?? COMPLAINT_ID, orderAfter(index, siblingId), input);
  }, origin);
  return id;
}
