import * as Y from 'yjs';
import { BoardError, BoardErrorCode } from './BoardError';
import { checkLength } from './checkLength';
import { ComplaintKey, MetaKey, getComplaint, getMeta } from './layout';
import { Limits } from './limits';
import { replaceText } from './replaceText';

export interface ComplaintFields {
  /** The complaint in the customer's own words. */
  text?: string;
  customer?: string;
  /** How it reached us: email, phone, in store… */
  channel?: string;
  /** The day it was received, `YYYY-MM-DD`, or '' when unknown. */
  receivedAt?: string;
}

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Edits the board title and the complaint's fields; fields left out stay as they are. */
export function updateComplaint(doc: Y.Doc, fields: ComplaintFields & { title?: string }, origin: unknown): void {
  if (fields.title !== undefined) checkLength('The title', fields.title, Limits.title);
  if (fields.text !== undefined) checkLength("The customer's words", fields.text, Limits.complaintText);
  if (fields.customer !== undefined) checkLength('The customer name', fields.customer, Limits.customer);
  if (fields.channel !== undefined) checkLength('The channel', fields.channel, Limits.channel);
  if (fields.receivedAt !== undefined && fields.receivedAt !== '' && !DATE_PATTERN.test(fields.receivedAt)) {
    throw new BoardError(BoardErrorCode.invalid, 'The date received must look like 2026-11-23.');
  }
  doc.transact(() => {
    const meta = getMeta(doc);
    const complaint = getComplaint(doc);
    const setText = (map: Y.Map<unknown>, key: string, value: string | undefined) => {
      if (value === undefined) return;
      const ytext = map.get(key);
      if (ytext instanceof Y.Text) replaceText(ytext, value);
      else map.set(key, new Y.Text(value));
    };
    setText(meta, MetaKey.title, fields.title);
    setText(complaint, ComplaintKey.text, fields.text);
    setText(complaint, ComplaintKey.customer, fields.customer);
    if (fields.channel !== undefined && complaint.get(ComplaintKey.channel) !== fields.channel) {
      complaint.set(ComplaintKey.channel, fields.channel);
    }
    if (fields.receivedAt !== undefined && complaint.get(ComplaintKey.receivedAt) !== fields.receivedAt) {
      complaint.set(ComplaintKey.receivedAt, fields.receivedAt);
    }
  }, origin);
}
