import type { DateStyle } from '../board/layout';
import { longDate } from '../report/dates';

/** The words the draft leaves for a person to fill in, where the board does not know them yet. */
export const PLACEHOLDERS = {
  /** The sentence that offers the contact, before the contact is known. */
  contactSentence: 'please contact [name] directly: [phone or email]',
  name: '[name]',
  reach: '[phone or email]',
  date: '[date]',
} as const;

export interface ContactFields {
  contactName?: string;
  contactReach?: string;
  /** `YYYY-MM-DD`. */
  nextContact?: string;
  /** How the letter writes the date (the board's style). */
  dateStyle?: DateStyle;
}

/**
 * The letter with the draft's placeholders filled from the contact fields just set, so fields and letter stay in step:
 * the contact offers themself ("please contact me directly: …") and signs, the date they will call back is written
 * out. Placeholders a person wrote, and fields left empty, stay as they are.
 * @example fillContact('… by [date] …', { nextContact: '2026-12-02' }) // '… by 2 December 2026 …'
 */
export function fillContact(letter: string, { contactName, contactReach, nextContact, dateStyle }: ContactFields): string {
  let text = letter;
  const name = contactName?.trim();
  const reach = contactReach?.trim();
  if (name) {
    text = text.replace('please contact [name] directly', 'please contact me directly').split(PLACEHOLDERS.name).join(name);
  }
  if (reach) text = text.split(PLACEHOLDERS.reach).join(reach);
  if (nextContact) text = text.split(PLACEHOLDERS.date).join(longDate(nextContact, dateStyle));
  return text;
}

/**
 * How to greet the customer: their name without the reference a team often writes beside it ("Maria Santos (booking
 * K7QX2L)", "Łukasz Wójcik, PNR 8XK2Q1", "Ada Lovelace – order #1234"). A letter starts "Dear Maria Santos,".
 */
export function customerName(customer: string): string {
  const name = customer
    .replace(/\s*[([{].*$/s, '')
    .replace(/\s*(?:[,;/|#]|\s[–—-]\s).*$/s, '')
    .trim();
  return name || customer.trim();
}
