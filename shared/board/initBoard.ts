import * as Y from 'yjs';
import { BoardError, BoardErrorCode } from './BoardError';
import { ComplaintKey, MetaKey, SCHEMA_VERSION, getComplaint, getMeta } from './layout';
import { updateComplaint, type ComplaintFields } from './updateComplaint';

export interface NewBoardInput {
  title: string;
  complaint: ComplaintFields & { text: string };
}

/**
 * Writes a new board into an empty document: the complaint, in the customer's words, is the root of the tree.
 * @example initBoard(doc, { title: 'Overcharged for a book', complaint: { text: 'You charged me twice the price!' } }, 'server');
 */
export function initBoard(doc: Y.Doc, input: NewBoardInput, origin: unknown, now = Date.now()): void {
  doc.transact(() => {
    const meta = getMeta(doc);
    if (meta.has(MetaKey.schemaVersion)) throw new BoardError(BoardErrorCode.invalid, 'This document holds a board already.');
    meta.set(MetaKey.schemaVersion, SCHEMA_VERSION);
    meta.set(MetaKey.createdAt, now);
    meta.set(MetaKey.title, new Y.Text());
    const complaint = getComplaint(doc);
    complaint.set(ComplaintKey.text, new Y.Text());
    complaint.set(ComplaintKey.customer, new Y.Text());
    complaint.set(ComplaintKey.channel, '');
    complaint.set(ComplaintKey.receivedAt, '');
    updateComplaint(doc, { title: input.title, ...input.complaint }, origin);
  }, origin);
}
