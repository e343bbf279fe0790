import type * as Y from 'yjs';
import { indexTree, nextChildOrder } from './indexTree';
import { COMPLAINT_ID } from './layout';
import { newCause, type NewCauseInput } from './newCause';
import { requireCause } from './requireCause';

/**
 * Asks "why?" under the complaint or a cause: adds a cause as its last child and returns the new cause's id.
 * @example const id = askWhy(doc, COMPLAINT_ID, { text: 'They were overcharged for a book' }, origin);
 */
export function askWhy(doc: Y.Doc, parentId: string, input: NewCauseInput, origin: unknown): string {
  let id = '';
  doc.transact(() => {
    const index = indexTree(doc);
    if (parentId !== COMPLAINT_ID) requireCause(index, parentId);
    id = newCause(index, parentId, nextChildOrder(index, parentId), input);
  }, origin);
  return id;
}
