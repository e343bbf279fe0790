import type * as Y from 'yjs';
import { checkLength } from './checkLength';
import { LetterKey, getLetter } from './layout';
import { Limits } from './limits';
import { setText, setValue } from './replaceText';
import { checkDate } from './updateComplaint';

export interface LetterFields {
  /** The letter as the team edits it. */
  text?: string;
  /** The one person the customer deals with: the only staff name the letter may carry. */
  contactName?: string;
  /** How the customer reaches them: a direct phone number, an email address. */
  contactReach?: string;
  /** When the customer will hear from us next, `YYYY-MM-DD`. */
  nextContact?: string;
}

/** Edits the customer letter and its contact details; fields left out stay as they are. */
export function updateLetter(doc: Y.Doc, fields: LetterFields, origin: unknown): void {
  if (fields.text !== undefined) checkLength('The letter', fields.text, Limits.letter);
  if (fields.contactName !== undefined) checkLength('The contact name', fields.contactName, Limits.contactName);
  if (fields.contactReach !== undefined) checkLength('How to reach the contact', fields.contactReach, Limits.contactReach);
  if (fields.nextContact !== undefined) checkDate('The next contact date', fields.nextContact);
  doc.transact(() => {
    const letter = getLetter(doc) as Y.Map<unknown>;
    setText(letter, LetterKey.text, fields.text);
    setText(letter, LetterKey.contactName, fields.contactName);
    setText(letter, LetterKey.contactReach, fields.contactReach);
    setValue(letter, LetterKey.nextContact, fields.nextContact);
  }, origin);
}
