import type * as Y from 'yjs';
import { addAction, type ActionFields } from './actions';
import { askWhy } from './askWhy';
import { addSiblingCause } from './addSiblingCause';
import { initBoard, type NewBoardInput } from './initBoard';
import { COMPLAINT_ID } from './layout';
import { markRootCause } from './markRootCause';
import { updateCause, type CauseDetails } from './updateCause';
import { updateLetter } from './updateLetter';

/** The worked example of the method (../shared/method.md, section 1): customers overcharged for a book. */
export const EXAMPLE_BOARD: NewBoardInput = {
  title: 'Overcharged for a book',
  complaint: {
    text: 'I paid more for this book than the price you advertised, and nobody at the till could tell me why. I am angry about it.',
    customer: 'Bookshop customers',
    channel: 'In person',
    receivedAt: '',
  },
};

const CHAIN: Array<{ text: string } & CauseDetails> = [
  {
    text: 'The till charged more than the price on the shelf label',
    status: 'confirmed',
    evidence: 'Three customers complained this week; their receipts show last year’s price, the shelf labels this year’s.',
  },
  {
    text: 'The price form at the till was wrong',
    status: 'confirmed',
    evidence: 'The form lists £24.99 for titles whose list price is now £19.99.',
  },
  {
    text: 'It was last year’s form, with last year’s prices',
    status: 'confirmed',
    evidence: 'The form in use is dated last year.',
  },
  {
    text: 'Nobody ordered the new forms: ordering time passed while the manager’s post was empty',
    status: 'confirmed',
    evidence: 'No order for this year’s forms in the ordering system; the old manager left in August, the new one started in October.',
  },
  {
    text: 'Ordering the yearly price forms depended on one person, with no hand-over',
    status: 'confirmed',
    evidence: 'The step is in no calendar or checklist; the previous manager did it from memory.',
    inControl: true,
  },
];

/** What the team decided, as in the method: fix it for these customers, fix the forms, and change the process. */
const EXAMPLE_ACTIONS: Array<ActionFields & { inDays: number }> = [
  {
    kind: 'containment',
    text: 'Refund the difference to every customer charged from last year’s form since 1 November',
    owner: 'Store manager',
    status: 'inProgress',
    inDays: 3,
    customerText: 'We are refunding the difference to you, and to every customer who paid the old price',
  },
  {
    kind: 'corrective',
    text: 'Replace the price forms at every till with this year’s',
    owner: 'Store manager',
    status: 'done',
    inDays: 1,
    customerText: 'The price forms at our tills have been replaced with this year’s',
  },
  {
    kind: 'preventive',
    text: 'Make ordering the yearly price forms a calendar task of the store-manager role, with a hand-over checklist',
    owner: 'Area manager',
    status: 'open',
    inDays: 30,
    customerText: 'Ordering new price forms is becoming a scheduled task of the store manager’s role, so it no longer depends on one person remembering',
  },
];

/**
 * Writes the example board into an empty document: five whys with their evidence, a branch the team checked and
 * ruled out, the root cause, its actions (due from `today`), and the customer contact for the letter. "Start from an
 * example" on the home page creates it.
 */
export function seedExample(doc: Y.Doc, origin: unknown, today: string = new Date().toISOString().slice(0, 10)): void {
  const inDays = (days: number) => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
  doc.transact(() => {
    initBoard(doc, EXAMPLE_BOARD, origin);
    let parent = COMPLAINT_ID;
    const ids: string[] = [];
    for (const { text, ...details } of CHAIN) {
      parent = askWhy(doc, parent, { text, createdBy: 'Example' }, origin);
      updateCause(doc, parent, details, origin);
      ids.push(parent);
    }
    markRootCause(doc, parent, true, origin);
    const ruledOut = addSiblingCause(doc, ids[1]!, { text: 'The till scanner misread the barcode', createdBy: 'Example' }, origin);
    updateCause(doc, ruledOut, { status: 'ruledOut', evidence: 'Scanner logs show the right code was read; the price came from the form.' }, origin);
    for (const action of EXAMPLE_ACTIONS) addAction(doc, parent, { ...action, due: inDays(action.inDays), createdBy: 'Example' }, origin);
    updateLetter(doc, { contactName: 'Jordan Reyes', contactReach: 'jordan.reyes@example.com or 0161 496 0000', nextContact: inDays(14) }, origin);
  }, origin);
}
