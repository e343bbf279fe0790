/** The phrase matcher the coach and the letter checks share (`shared/language/phrases.ts`), on text read for real. */
import { describe, expect, it } from 'vitest';
import * as language from '../../shared/language';
import { findPhrase, findPhrases, phrase, phrases, plainTokens, quote, quoted } from '../../shared/language/phrases';

const first = (text: string, patterns: string, except?: { phrases?: string; quotes?: boolean }) => {
  const { tokens } = language.read(text);
  const found = findPhrase(tokens, phrases(patterns), {
    phrases: except?.phrases ? phrases(except.phrases) : undefined,
    skip: except?.quotes ? quoted(tokens) : undefined,
  });
  return found && quote(tokens, found.from, found.to);
};

describe('phrases', () => {
  it('match words by their dictionary form, either of a|b, and optional slots', () => {
    expect(first('I accepted full responsibility.', 'we|i take|accept full? responsibility')).toBe('I accepted full responsibility');
    expect(first('We took responsibility.', 'we|i take|accept full? responsibility')).toBe('We took responsibility');
    expect(first('We took the blame.', 'we|i take|accept full? responsibility')).toBeUndefined();
  });

  it('read a negation however it is written, and =form only as written', () => {
    expect(first("The form wasn't sent", 'NOT send')).toBe("n't sent");
    expect(first('The form was never sent', 'NOT send')).toBe('never sent');
    expect(first('This will never happen again', 'never =happen')).toBe('never happen');
    expect(first('A visit that never happened', 'never =happen')).toBeUndefined();
  });

  it('match a part of speech with #TAG, and any one word with *', () => {
    expect(first('The driver quickly left', 'driver #ADV leave')).toBe('driver quickly left');
    expect(first('our team really got it wrong', 'our team * get it wrong')).toBe('our team really got it wrong');
  });

  it('pass over a match an exception overlaps, and words in quotation marks', () => {
    expect(first('You can always reply to this email.', 'always', { phrases: 'can always' })).toBeUndefined();
    expect(first('We will always check it.', 'always', { phrases: 'can always' })).toBe('always');
    expect(first('You wrote “never again”, and you were right.', 'never again', { quotes: true })).toBeUndefined();
    expect(first('This will never again go wrong.', 'never again', { quotes: true })).toBe('never again');
  });

  it('find every match in order, one per start', () => {
    const { tokens } = language.read('Sorry, and sorry again: we apologise.');
    expect([...findPhrases(tokens, phrases('sorry\napologise'))].map(({ from, to }) => quote(tokens, from, to))).toEqual(['Sorry', 'sorry', 'apologise']);
  });

  it('work on plain words without the language model', () => {
    expect(findPhrase(plainTokens('Your ticket number is 42'), [phrase('ticket number|id')])).toEqual({ from: 1, to: 2 });
    expect(quote(plainTokens('the root  cause was'), 1, 2)).toBe('root  cause');
  });
});
