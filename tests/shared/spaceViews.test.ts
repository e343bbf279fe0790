import { describe, expect, it } from 'vitest';
import { meanings } from '../../shared/coach';
import * as language from '../../shared/language';
import type { SpaceContent } from '../../shared/space/content';
import { alike, boardState, countActions, customerKey, spaceActions, spaceRecurring, type SpaceEntry } from '../../shared/space/views';

const read = (text: string) => meanings(text, language);
const action = (fields: Partial<SpaceContent['actions'][number]>): SpaceContent['actions'][number] => ({
  id: 'a',
  causeText: 'A cause',
  kind: 'corrective',
  text: 'Do it',
  owner: 'Sam',
  due: '',
  status: 'open',
  checkBy: '',
  checkResult: '',
  checkNote: '',
  ...fields,
});
const content = (fields: Partial<SpaceContent>): SpaceContent => ({
  title: 'A complaint',
  customer: '',
  channel: '',
  receivedAt: '',
  causeCount: 0,
  rootCauses: [],
  rootCauseAt: null,
  reopened: false,
  letter: 'none',
  actions: [],
  ...fields,
});
const root = (text: string, id = 'r') => ({ id, text, depth: 5, meanings: [...read(text)] });
const entry = (id: string, fields: Partial<SpaceContent>, createdAt = Date.UTC(2026, 10, 1)): SpaceEntry => ({ id, createdAt, updatedAt: createdAt, content: content(fields) });

describe('causes that say the same thing, in two teams’ words', () => {
  // Written as two different people would word one cause; and pairs that only share a subject.
  const same = [
    ['The till price list is not updated when the supplier changes prices', 'Nobody updates the price list in the till after supplier price changes'],
    ['The retry job charges the card again when the bank answers late', 'When the bank is slow to answer, the retry job charges the card a second time'],
    ['Staff were not trained on the new refund policy', 'The refund policy changed and nobody trained the staff'],
  ];
  const different = [
    ['The retry job charges the card again when the bank answers late', 'The till price list is not updated when the supplier changes prices'],
    ['Staff were not trained on the new refund policy', 'The new staff rota was not shared with the team'],
    ['The form has no owner', 'The courier has no scanner'],
  ];
  it.each(same)('alike: “%s” / “%s”', (a, b) => expect(alike(read(a), read(b))).toBe(true));
  it.each(different)('not alike: “%s” / “%s”', (a, b) => expect(alike(read(a), read(b))).toBe(false));
});

describe('a customer who comes back', () => {
  it('is one customer however the name is typed', () => {
    expect(customerKey('Łukasz Nowak')).toBe(customerKey('  lukasz   NOWAK '));
    expect(customerKey('Nowak, Łukasz')).toBe(customerKey('Łukasz Nowak'));
    expect(customerKey('José Müller')).toBe(customerKey('jose muller'));
    expect(customerKey('Ada Obi')).not.toBe(customerKey('Ada Obi-Nwosu'));
    expect(customerKey('  ')).toBe('');
  });
});

describe('where a board stands', () => {
  const today = '2026-12-05';
  it('moves from analysing to closed', () => {
    const counts = (actions: SpaceContent['actions']) => countActions(actions, today);
    const withRoot = { rootCauses: [root('The form has no owner')] };
    expect(boardState(content({}), counts([]))).toBe('analysing');
    expect(boardState(content(withRoot), counts([]))).toBe('rootCause');
    expect(boardState(content({ ...withRoot, actions: [action({})] }), counts([action({})]))).toBe('actionsOpen');
    expect(boardState(content({ ...withRoot, letter: 'signedOff' }), counts([action({})]))).toBe('signedOff');
    expect(boardState(content({ ...withRoot, letter: 'sent' }), counts([action({})]))).toBe('sent');
    expect(boardState(content({ ...withRoot, letter: 'sent' }), counts([action({ status: 'verified' })]))).toBe('closed');
    // A check that found an action did not work sends it back, letter or not.
    expect(boardState(content({ ...withRoot, letter: 'sent', reopened: true }), counts([]))).toBe('analysing');
  });

  it('counts overdue actions against today, by calendar date', () => {
    const actions = [action({ due: '2026-12-04' }), action({ due: '2026-12-05' }), action({ due: '2026-12-01', status: 'done' }), action({ status: 'inProgress', due: '2026-11-30' }), action({ status: 'verified' })];
    expect(countActions(actions, today)).toEqual({ open: 3, overdue: 2, done: 1, verified: 1 });
  });
});

describe('the space’s lists', () => {
  const today = '2026-12-05';
  const entries = [
    entry('b1', {
      title: 'Charged twice',
      customer: 'Łukasz Nowak',
      rootCauses: [root('The retry job charges the card again when the bank answers late')],
      actions: [
        action({ id: 'later', due: '2026-12-20' }),
        action({ id: 'check', status: 'done', checkBy: '2026-12-01' }),
        action({ id: 'late', due: '2026-12-02' }),
        action({ id: 'checked', status: 'verified', checkBy: '2026-11-01', checkResult: 'effective' }),
      ],
    }),
    entry('b2', { title: 'Charged again', customer: 'lukasz nowak', rootCauses: [root('When the bank is slow to answer, the retry job charges the card a second time')], receivedAt: '2026-11-20' }),
    entry('b3', { title: 'Parcel wet', customer: 'Ada Obi', rootCauses: [root('Couriers are not told to keep parcels out of the rain')] }),
  ];

  it('lists actions overdue first, then checks due, then open ones by date, then the rest', () => {
    const rows = spaceActions(entries, today);
    expect(rows.map((row) => [row.id, row.overdue, row.checkDue])).toEqual([
      ['late', true, false],
      ['check', false, true],
      ['later', false, false],
      ['checked', false, false],
    ]);
    expect(rows[0]).toMatchObject({ boardId: 'b1', boardTitle: 'Charged twice', customer: 'Łukasz Nowak' });
  });

  it('groups the recurring cause and the customer who came back, and nothing else', () => {
    const { causes, customers } = spaceRecurring(entries);
    expect(causes).toHaveLength(1);
    expect(causes[0]!.causes.map((cause) => cause.boardId)).toEqual(['b1', 'b2']);
    expect(causes[0]!.label).toBe('The retry job charges the card again when the bank answers late');
    expect(customers).toEqual([
      {
        customer: 'Łukasz Nowak',
        boards: [
          // In the order they came: b1 was started (no date received) on 1 November, b2 received on the 20th.
          { boardId: 'b1', boardTitle: 'Charged twice', receivedAt: '', createdAt: '2026-11-01T00:00:00.000Z' },
          { boardId: 'b2', boardTitle: 'Charged again', receivedAt: '2026-11-20', createdAt: '2026-11-01T00:00:00.000Z' },
        ],
      },
    ]);
  });

  it('never groups two root causes of one board with each other alone', () => {
    const one = entry('b1', { rootCauses: [root('Staff were not trained on the new refund policy', 'x'), root('The refund policy changed and nobody trained the staff', 'y')] });
    expect(spaceRecurring([one]).causes).toEqual([]);
  });
});
