import type { BoardSnapshot } from '../board';
import { ACTION_KINDS } from '../board';
import { longDate } from '../report/dates';
import { internalLeaks } from './leaks';
import { PLACEHOLDERS, customerName } from './contact';

/** Who must stay out of the letter: everyone who added a cause or owns an action, and the meeting's participants. */
export function staffNames(board: BoardSnapshot, participants: string[] = []): string[] {
  const names = new Set<string>();
  const add = (name: string) => name.trim() && name.trim() !== 'Example' && names.add(name.trim());
  participants.forEach(add);
  for (const id of board.causeIds) add(board.causes[id]!.createdBy);
  for (const id of board.actionIds) {
    add(board.actions[id]!.owner);
    add(board.actions[id]!.createdBy);
  }
  return [...names];
}

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (!trimmed) return '';
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/**
 * A first draft of the letter to the customer, from the board: their words acknowledged, an apology that owns the
 * mistake, the cause in plain words, what we are doing (only actions given customer wording) with dates, when they
 * will hear from us next, and the named contact. It never takes evidence, internal notes or any staff name but the
 * contact's: where the board's own words would bring one in, it leaves a [placeholder] for a person to write.
 */
export function draftLetter(board: BoardSnapshot, participants: string[] = []): string {
  const { complaint, letter } = board;
  const contact = letter.contactName.trim();
  const forbidden = staffNames(board, participants).filter((name) => name !== contact);
  const safe = (text: string) => internalLeaks(text, { staffNames: forbidden, contactName: contact }).length === 0;

  const causes = board.rootCauseIds.map((id) => board.causes[id]!.text).filter((text) => text.trim() && safe(text));
  const actions = board.actionIds
    .map((id) => board.actions[id]!)
    .filter((action) => action.customerText.trim() && safe(action.customerText))
    .sort((a, b) => ACTION_KINDS.indexOf(a.kind) - ACTION_KINDS.indexOf(b.kind) || (a.due || '9999').localeCompare(b.due || '9999'));

  const paragraphs = [
    `Dear ${customerName(complaint.customer) || 'customer'},`,
    `Thank you for telling us what happened. You told us: “${complaint.text.trim()}” You were right to raise it with us.`,
    'We are sorry. This was our mistake, and we take responsibility for it.',
    causes.length > 0
      ? `We have looked into how it happened. ${causes.map(sentence).join(' ')}`
      : 'We have looked into how it happened. [Explain the cause in plain words.]',
    actions.length > 0
      ? [
          'This is what we are doing about it:',
          actions
            .map((action) => `- ${sentence(action.customerText).replace(/\.$/, action.due ? ` (by ${longDate(action.due, board.dateStyle)}).` : '.')}`)
            .join('\n'),
        ].join('\n\n')
      : 'This is what we are doing about it: [what we are doing for you, and what we are changing so it does not happen to anyone else, each with a date].',
    letter.nextContact
      ? `We will contact you again by ${longDate(letter.nextContact, board.dateStyle)} to tell you how it is going.`
      : `We will contact you again by ${PLACEHOLDERS.date} to tell you how it is going.`,
    contact
      ? `If you would like to talk about it before then, please contact me directly${letter.contactReach.trim() ? `: ${letter.contactReach.trim()}` : ''}.`
      : `If you would like to talk about it before then, ${PLACEHOLDERS.contactSentence}.`,
    ['Yours sincerely,', contact || PLACEHOLDERS.name].join('\n'),
  ];
  return paragraphs.join('\n\n');
}
