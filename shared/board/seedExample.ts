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

/** Who runs the example's meeting, and who answers: the names its history shows. */
export const EXAMPLE_PEOPLE = { facilitator: 'Fran', editors: ['Ada', 'Sam'] } as const;

/** One step of the meeting that made the example: how many minutes in, who took it, and what it wrote. */
export interface ExampleStep {
  minute: number;
  by: string;
  role: 'facilitator' | 'editor';
  /** `at`: when the step is taken (ms), for what the board itself dates (the root cause's marking). */
  write(doc: Y.Doc, origin: unknown, at?: number): void;
}

/**
 * The example board as the meeting that made it, step by step: the facilitator opens it, two colleagues ask why five
 * times with their evidence, a branch is checked and ruled out, the root cause is marked, its actions agreed (due from
 * `today`), and the customer contact is filled in for the letter.
 */
export function exampleSteps(today: string = new Date().toISOString().slice(0, 10)): ExampleStep[] {
  const inDays = (days: number) => new Date(Date.parse(today) + days * 86_400_000).toISOString().slice(0, 10);
  const [ada, sam] = EXAMPLE_PEOPLE.editors;
  const lead = { by: EXAMPLE_PEOPLE.facilitator, role: 'facilitator' as const };
  const editor = (by: string) => ({ by, role: 'editor' as const });
  const ids: string[] = [];
  let scanner = '';
  const root = () => ids[ids.length - 1]!;
  // Each why is asked as a hypothesis, then checked: the other colleague confirms it with its evidence.
  const chain = CHAIN.flatMap(({ text, ...details }, i): ExampleStep[] => [
    {
      minute: 3 + i * 5,
      ...editor(i % 2 === 0 ? ada : sam),
      write: (doc, origin, at) =>
        void ids.push(
          askWhy(doc, ids[i - 1] ?? COMPLAINT_ID, { text, createdBy: i % 2 === 0 ? ada : sam, ...(at === undefined ? {} : { createdAt: at }) }, origin),
        ),
    },
    { minute: 5 + i * 5, ...editor(i % 2 === 0 ? sam : ada), write: (doc, origin) => updateCause(doc, ids[i]!, details, origin) },
  ]);
  return [
    { minute: 0, ...lead, write: (doc, origin, at) => initBoard(doc, EXAMPLE_BOARD, origin, at) },
    ...chain.slice(0, 4),
    // A second answer to the first why, the one the room thought of first: checked against the logs, and ruled out.
    {
      minute: 12,
      ...editor(sam),
      write: (doc, origin, at) =>
        void (scanner = addSiblingCause(
          doc,
          ids[1]!,
          { text: 'The till scanner misread the barcode', createdBy: sam, ...(at === undefined ? {} : { createdAt: at }) },
          origin,
        )),
    },
    ...chain.slice(4),
    { minute: 27, ...lead, write: (doc, origin, at) => markRootCause(doc, root(), true, origin, at) },
    {
      minute: 29,
      ...lead,
      write: (doc, origin) =>
        updateCause(doc, scanner, { status: 'ruledOut', evidence: 'Scanner logs show the right code was read; the price came from the form.' }, origin),
    },
    ...EXAMPLE_ACTIONS.map(({ inDays: due, ...action }, i): ExampleStep => ({
      minute: 33 + i * 3,
      ...editor(ada),
      write: (doc, origin) => addAction(doc, root(), { ...action, due: inDays(due), createdBy: ada }, origin),
    })),
    {
      minute: 44,
      ...lead,
      write: (doc, origin) =>
        updateLetter(doc, { contactName: 'Jordan Reyes', contactReach: 'jordan.reyes@example.com or 0161 496 0000', nextContact: inDays(14) }, origin),
    },
  ];
}

/**
 * Writes the example board into an empty document, in one transaction (see `exampleSteps`). "Start from an example" on
 * the home page creates it, with the history of its steps.
 */
export function seedExample(doc: Y.Doc, origin: unknown, today?: string): void {
  doc.transact(() => {
    for (const step of exampleSteps(today)) step.write(doc, origin);
  }, origin);
}
