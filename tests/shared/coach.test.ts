import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { editCause, markRootCause, readBoard, updateCause, type CauseDetails } from '../../shared/board';
import { CoachCheck, blamesPerson, bundlesCauses, causeReader, coachBoard, restates, sameCause } from '../../shared/coach';
import * as language from '../../shared/language';
import { TEST_ORIGIN, makeBoard } from '../fixtures/makeBoard';

describe('blamesPerson', () => {
  it.each([
    ['Jo forgot to order the forms', 'Jo forgot'],
    ['The clerk was careless with the prices', 'clerk was careless'],
    ['Human error at the till', 'Human error'],
    ['Staff should have been more careful', 'Staff should have been more careful'],
    ['The driver was not paying attention', 'driver was not paying attention'],
    ['It was her fault for not checking', 'her fault'],
    ['Negligence in the stock room', 'Negligence'],
    ['The new hire was lazy about updates', 'hire was lazy'],
    ['the courier disregarded the delivery note', 'courier disregarded'],
    ['clerk error', 'clerk error'],
    ['nobody could be bothered to call back', 'nobody could be bothered'],
    ['The receptionist was rude', 'receptionist was rude'],
    ['The driver rushed the drop', 'driver rushed'],
  ])('%j blames a person (%j)', (text, found) => expect(blamesPerson(text, [], language)).toBe(found));

  it.each([
    'The ordering step depends on one person’s memory',
    'No checklist reminds anyone to order the forms',
    'The form has no printed year on it',
    'Careful review is not part of the process',
    'The till does not flag prices older than a month',
    'Sam sends the rota every Friday',
    'The booking system ignores the second address line',
    // Words of a failing that, here, are no one's: a review found these.
    'The fault lies with the scanner',
    'The rush hour traffic delayed the van',
    'There was no management oversight of the rota',
    'Typical Monday volumes overwhelmed the phones',
  ])('%j does not fire', (text) => expect(blamesPerson(text, ['Sam Patel'], language)).toBeUndefined());

  it('a participant doing a step of the process is not blamed; a participant’s slip is', () => {
    expect(blamesPerson('Sam skipped the check because the list had no such step', ['Sam Patel'], language)).toBeUndefined();
    expect(blamesPerson('Sam made a mistake with the prices', ['Sam Patel'], language)).toBe('Sam made a mistake');
    expect(blamesPerson('Nobody checked', [''], language)).toBeUndefined();
  });
});

describe('restates', () => {
  it.each([
    ['The price was wrong', 'The price was wrong.', true],
    ['Prices were wrong', 'The price was wrong', true],
    ['The wrong price was charged', 'The customer was charged the wrong price', true],
    ['The form was last year’s', 'The price was wrong', false],
    ['', 'The price was wrong', false],
    ['Nobody ordered new forms', 'It was last year’s form', false],
    ['The meal came out late', 'The food took too long', true],
  ])('%j restates %j: %s', (answer, effect, expected) => expect(restates(answer, effect, language)).toBe(expected));
});

describe('bundlesCauses', () => {
  it.each([
    ['The form was old and the scanner had no price check', 'and'],
    ['The form was old; nobody noticed', ';'],
    ['The scanner also misread the code', 'also'],
    ['Stock was low as well as late', 'as well as'],
    ['The supplier was late, plus the van broke down', 'plus'],
  ])('%j bundles two causes (%j)', (text, joiner) => expect(bundlesCauses(text, language)).toBe(joiner));

  it.each([
    'Terms and conditions were unclear',
    'Price and stock data come from one file',
    'The form was printed and sent late',
    'Nobody owns the yearly ordering step',
    'Black and white forms look alike',
    'the form asks for the name and the email but not the phone',
  ])('%j is one cause', (text) => expect(bundlesCauses(text, language)).toBeUndefined());
});

/** A board from chains plus, per cause, its text and details: `board({ a: ['answer', { status }] }, 'complaint > a')`. */
function board(details: Record<string, [string, (CauseDetails & { root?: boolean })?]>, ...chains: string[]): Y.Doc {
  const doc = makeBoard(...chains);
  for (const [id, [text, extra = {}]] of Object.entries(details)) {
    editCause(doc, id, text, TEST_ORIGIN);
    const { root, ...rest } = extra;
    updateCause(doc, id, { evidence: 'Checked in the records', ...rest }, TEST_ORIGIN);
    if (root) markRootCause(doc, id, true, TEST_ORIGIN);
  }
  return doc;
}

const reader = causeReader(language);
const checks = (doc: Y.Doc) => coachBoard(readBoard(doc), reader).map((hint) => `${hint.causeId}:${hint.check}`);

const FIVE = 'complaint > a > b > c > d > e';
const fiveWhys = (root: CauseDetails = { status: 'confirmed' }) =>
  ({
    a: ['The price form was wrong'],
    b: ['It was last year’s form'],
    c: ['Nobody ordered the new forms'],
    d: ['Ordering time passed with no manager in post'],
    e: ['Ordering depends on one person with no hand-over', { root: true, ...root }],
  }) as Record<string, [string, (CauseDetails & { root?: boolean })?]>;

describe('coachBoard', () => {
  it('is silent on a sound five-whys chain', () => {
    expect(checks(board(fiveWhys(), FIVE))).toEqual([]);
  });

  it.each<[string, Record<string, [string, (CauseDetails & { root?: boolean })?]>, string[], string[]]>([
    [
      'a root cause after two whys',
      { a: ['The form was old'], b: ['Nobody owns ordering', { root: true, status: 'confirmed' }] },
      ['complaint > a > b'],
      ['b:shallow-root'],
    ],
    ['a leaf that is not a root cause', { a: ['The form was old'] }, ['complaint > a'], ['a:keep-digging']],
    ['an empty answer', { a: [''] }, ['complaint > a'], ['a:empty-answer']],
    ['an answer that blames a person', { a: ['The clerk forgot to check'] }, ['complaint > a'], ['a:keep-digging', 'a:blames-person']],
    [
      'an answer that restates its effect',
      { a: ['The form was old'], b: ['The form was old.'] },
      ['complaint > a > b'],
      ['b:keep-digging', 'b:restates-parent'],
    ],
    ['two causes in one card', { a: ['The form was old and the scanner never checks prices'] }, ['complaint > a'], ['a:keep-digging', 'a:bundles-causes']],
    [
      'no evidence on a confirmed cause',
      { a: ['The form was old', { evidence: '', status: 'confirmed' }] },
      ['complaint > a'],
      ['a:keep-digging', 'a:no-evidence'],
    ],
    // A hypothesis is a guess to check: asking it for evidence, or to become what it is, says nothing.
    ['no evidence on a hypothesis', { a: ['The form was old', { evidence: '', status: 'hypothesis' }] }, ['complaint > a'], ['a:keep-digging']],
    ['a root cause still a hypothesis', fiveWhys({ status: 'hypothesis' }), [FIVE], ['e:unconfirmed-root']],
    ['a root cause outside our control with no escalation', fiveWhys({ status: 'confirmed', inControl: false }), [FIVE], ['e:outside-control']],
    [
      'the same cause in two branches',
      { a: ['Forms are ordered late'], b: ['Forms were ordered late'] },
      ['complaint > a', 'complaint > b'],
      ['a:keep-digging', 'a:duplicate-cause', 'b:keep-digging', 'b:duplicate-cause'],
    ],
  ])('flags %s', (_name, details, chains, expected) => {
    expect(checks(board(details, ...chains)).sort()).toEqual(expected.sort());
  });

  it('leaves a ruled-out cause alone, whatever it says', () => {
    const found = checks(board({ a: ['The clerk forgot', { status: 'ruledOut', evidence: '' }] }, 'complaint > a'));
    expect(found).toEqual([]);
  });

  it('accepts a root cause outside our control once its escalation is noted', () => {
    const escalated = fiveWhys({ status: 'confirmed', inControl: false, escalation: 'Raised with the supplier’s account manager' });
    expect(checks(board(escalated, FIVE))).toEqual([]);
  });

  it('counts a cause whose only child was ruled out as a leaf still to dig', () => {
    const doc = board({ a: ['The form was old'], b: ['The scanner misread', { status: 'ruledOut' }] }, 'complaint > a > b');
    expect(checks(doc)).toEqual(['a:keep-digging']);
  });

  it('a cause repeated in its own chain is a restatement, not a duplicate', () => {
    const found = checks(board({ a: ['Forms are ordered late'], b: ['Forms were ordered late'] }, 'complaint > a > b'));
    expect(found).not.toContain('a:duplicate-cause');
    expect(found).toContain('b:restates-parent');
  });

  it('lists hints in reading order and explains each in one sentence', () => {
    const hints = coachBoard(readBoard(board({ a: ['The clerk forgot'], b: [''] }, 'complaint > a', 'complaint > b')), reader);
    expect(hints.map((hint) => hint.causeId)).toEqual(['a', 'a', 'b']);
    for (const hint of hints) expect(hint.message).toMatch(/^[^.]*[.!?]$|^[^:]+: [^.]+\.$/);
    expect(Object.values(CoachCheck)).toHaveLength(10);
  });
});

describe('coachBoard at every keystroke', () => {
  it('reads each answer once: coaching again after one card changed reads that card, and the same hints come back', () => {
    const counted = causeReader(language);
    const calls = { meanings: 0, restates: 0, bundles: 0, blames: 0 };
    const spy: typeof counted = {
      meanings: (text) => (calls.meanings++, counted.meanings(text)),
      restates: (answer, effect) => (calls.restates++, counted.restates(answer, effect)),
      bundlesCauses: (text) => (calls.bundles++, counted.bundlesCauses(text)),
      blamesPerson: (text, names) => (calls.blames++, counted.blamesPerson(text, names)),
      sayTheSame: counted.sayTheSame,
    };
    const doc = board({ a: ['Forms are ordered late'], b: ['Forms were ordered late'], c: ['The clerk forgot'] }, 'complaint > a', 'complaint > b > c');
    const first = coachBoard(readBoard(doc), spy);
    expect(calls).toEqual({ meanings: 3, restates: 3, bundles: 3, blames: 3 });
    expect(coachBoard(readBoard(doc), spy)).toEqual(first);
    expect(calls).toEqual({ meanings: 3, restates: 3, bundles: 3, blames: 3 });

    // c is typed on: read again; b, whose text c is compared with, is not.
    editCause(doc, 'c', 'The clerk forgot to order the forms', TEST_ORIGIN);
    const after = coachBoard(readBoard(doc), spy);
    expect(calls).toEqual({ meanings: 4, restates: 4, bundles: 4, blames: 4 });
    expect(after).toEqual(coachBoard(readBoard(doc), causeReader(language)));
    // The effect changed: its causes are read against the new words.
    editCause(doc, 'b', 'The ordering date was missed', TEST_ORIGIN);
    coachBoard(readBoard(doc), spy);
    expect(calls.restates).toBe(6);
  });
});

describe('sameCause', () => {
  it.each([
    ['The invoice was not sent', 'The invoice wasn’t sent'],
    ['No one checks the returns shelf', 'Nobody checks the returns shelf'],
    ['The engineer can’t see the fault history', 'the engineer cannot see the fault history'],
    ['The forms weren’t ordered', 'Nobody ordered the new forms'],
  ])('reads “%s” and “%s” as one cause', (a, b) => {
    expect(sameCause(a, b, language)).toBe(true);
  });

  it('tells apart two causes that differ in the word that matters', () => {
    expect(sameCause('The form was not sent', 'The form was not signed', language)).toBe(false);
  });
});

describe('coachBoard without the language tools (while the browser loads them)', () => {
  it('checks the shape of the tree only', () => {
    const doc = board({ a: ['The clerk forgot and the till never checks prices'] }, 'complaint > a');
    expect(coachBoard(readBoard(doc)).map((hint) => hint.check)).toEqual([CoachCheck.keepDigging]);
  });
});
