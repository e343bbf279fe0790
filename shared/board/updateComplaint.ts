import { isCalendarDay } from './calendarDay';
import type * as Y from 'yjs';
import { BoardError, BoardErrorCode } from './BoardError';
import { checkLength } from './checkLength';
import { ComplaintKey, DATE_STYLES, MetaKey, getComplaint, getMeta, type DateStyle } from './layout';
import { Limits } from './limits';
import { setText, setValue } from './replaceText';

/** What a board says of itself: its title, and how its documents write dates. */
export interface BoardFields {
  title?: string;
  dateStyle?: DateStyle;
}

export interface ComplaintFields {
  /** The complaint in the customer's own words. */
  text?: string;
  customer?: string;
  /** How it reached us: email, phone, in store… */
  channel?: string;
  /** The day it was received, `YYYY-MM-DD`, or '' when unknown. */
  receivedAt?: string;
}

/** A `YYYY-MM-DD` date that exists, or '' for none; otherwise an `invalid` BoardError naming the field. */
export function checkDate(field: string, value: string): void {
  if (value === '') return;
  if (!isCalendarDay(value)) {
    throw new BoardError(BoardErrorCode.invalid, `${field} must be a real date like 2026-11-23.`);
  }
}

/** Edits the board's own fields and the complaint's; fields left out stay as they are. */
export function updateComplaint(doc: Y.Doc, fields: ComplaintFields & BoardFields, origin: unknown): void {
  if (fields.dateStyle !== undefined && !DATE_STYLES.includes(fields.dateStyle)) {
    throw new BoardError(BoardErrorCode.invalid, `Dates are written ${DATE_STYLES.join(' or ')}.`);
  }
  if (fields.title !== undefined) checkLength('The title', fields.title, Limits.title);
  if (fields.text !== undefined) checkLength("The customer's words", fields.text, Limits.complaintText);
  if (fields.customer !== undefined) checkLength('The customer name', fields.customer, Limits.customer);
  if (fields.channel !== undefined) checkLength('The channel', fields.channel, Limits.channel);
  if (fields.receivedAt !== undefined) checkDate('The date received', fields.receivedAt);
  doc.transact(() => {
    const meta = getMeta(doc);
    const complaint = getComplaint(doc);
    setText(meta, MetaKey.title, fields.title);
    setText(complaint, ComplaintKey.text, fields.text);
    setText(complaint, ComplaintKey.customer, fields.customer);
    setValue(complaint, ComplaintKey.channel, fields.channel);
    setValue(complaint, ComplaintKey.receivedAt, fields.receivedAt);
    setValue(meta, MetaKey.dateStyle, fields.dateStyle);
  }, origin);
}
