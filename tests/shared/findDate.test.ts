import { describe, expect, it } from 'vitest';
import { findDate } from '../../shared/language';

describe('findDate: a day, however a letter writes it', () => {
  it.each([
    ['We will call you on Thursday 3 July.', 'on Thursday 3 July'],
    ['Your refund reaches you by Friday, March 14.', 'Friday'],
    ['It is fixed tomorrow, Sunday 9 June.', 'tomorrow'],
    ['You will have it by 14/03.', '14/03'],
    ['We will write again within five working days.', 'within five working days'],
    ['The new form is live by the end of next week.', 'end of next week'],
    ['We will ring you on the 21st.', 'on the 21st'],
    ['The change is in place on 2026-07-03.', '2026-07-03'],
    ['we will call you next tuesday', 'next tuesday'],
    ['You will hear from us within 48 hours.', 'within 48 hours'],
  ])('finds the day in “%s”', (text, words) => {
    expect(findDate(text)).toBe(words);
  });

  it.each([
    'We will be in touch soon.',
    'We will fix this as soon as possible.',
    'You will hear from us in due course.',
    'We will call you shortly, at 9am.',
    'You have been a customer for 5 years.',
    'One day we hope to do better.',
    'i will march on with the complaint',
    'may I say how sorry we are',
  ])('finds none in “%s”', (text) => {
    expect(findDate(text)).toBeUndefined();
  });
});
