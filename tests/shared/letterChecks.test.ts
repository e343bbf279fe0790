import * as language from '../../shared/language';
import { describe, expect, it } from 'vitest';
import { checkLetter, customerName, fillContact, type LetterCheck, type LetterContext } from '../../shared/letter';

/** A letter that passes every check; each case below changes one thing about it. */
const GOOD = [
  'Dear Ms Lovelace,',
  'Thank you for telling us. We are sorry: this was our mistake.',
  'We are refunding the difference by 26 November 2026, and we will call you again by 7 December 2026.',
  'Please contact me directly on 0161 496 0000.',
  'Yours sincerely, Jordan Reyes',
].join('\n\n');

const context: LetterContext = { staffNames: ['Sam Staffer', 'Olga Owner', 'Jordan Reyes'], contactName: 'Jordan Reyes', internalTerms: ['TillPro'] };
const checksOf = (text: string, extra: Partial<LetterContext> = {}) => checkLetter(text, { ...context, ...extra }, language).map((issue) => issue.check);

describe('letter checks', () => {
  it('passes a letter that follows the practice', () => {
    expect(checkLetter(GOOD, context, language)).toEqual([]);
  });

  it('says an empty letter is empty', () => {
    expect(checkLetter('  \n', context, language)).toEqual([
      { check: 'noApology', message: 'The letter is empty: draft it from the board, then make it yours.' },
    ]);
  });

  // [name, letter, the check it must raise]
  it.each<[string, string, LetterCheck]>([
    ['no apology at all', GOOD.replace('We are sorry: ', ''), 'noApology'],
    ['regret without an apology', GOOD.replace('We are sorry', 'We regret any inconvenience'), 'noApology'],
    ['no ownership', GOOD.replace('this was our mistake', 'this happened'), 'noOwnership'],
    ['blames the customer', `${GOOD}\n\nYou should have checked your receipt.`, 'blameShifted'],
    ['calls it the customer’s fault', `${GOOD}\n\nThis was partly your fault.`, 'blameShifted'],
    ['blames a supplier', `${GOOD}\n\nOur supplier’s error caused this.`, 'blameShifted'],
    ['blames the system', `${GOOD}\n\nA system error caused the wrong price.`, 'blameShifted'],
    ['blames a computer glitch', `${GOOD}\n\nIt was a technical glitch.`, 'blameShifted'],
    ['calls it human error', `${GOOD}\n\nIt was human error.`, 'blameShifted'],
    ['puts it beyond our control', `${GOOD}\n\nThis was beyond our control.`, 'blameShifted'],
    ['no date anywhere', GOOD.replace('by 26 November 2026', 'soon').replace('by 7 December 2026', 'later'), 'noDate'],
    ['promises never again', `${GOOD}\n\nThis will never happen again.`, 'overPromise'],
    ['guarantees', `${GOOD}\n\nWe guarantee the price is right from now on.`, 'overPromise'],
    ['promises 100%', `${GOOD}\n\nOur prices are now 100% correct.`, 'overPromise'],
    ['promises immediately', `${GOOD}\n\nWe will fix it immediately.`, 'overPromise'],
    ['promises it will never happen again', `${GOOD}\n\nThis won’t happen again.`, 'overPromise'],
    ['owns nothing, in the passive', GOOD.replace('this was our mistake', 'an error occurred'), 'noOwnership'],
    ['blames a named partner', `${GOOD}\n\nThe delay came from our partner, FastFreight.`, 'blameShifted'],
    ['blames the customer’s own details', `${GOOD}\n\nThe card number you gave us was missing a digit.`, 'blameShifted'],
    ['downplays a wait as brief', `${GOOD}\n\nWe are sorry for the brief wait.`, 'downplayed'],
    ['leaves a template field', `${GOOD}\n\nDear {{first_name}},`, 'placeholder'],
    ['promises always', `${GOOD}\n\nYou will always get the right price.`, 'overPromise'],
    ['says rest assured', `${GOOD}\n\nRest assured it is fixed.`, 'overPromise'],
    ['says unfortunately', `${GOOD}\n\nUnfortunately the till was wrong.`, 'negative'],
    ['says can’t', `${GOOD}\n\nWe can’t refund the parking.`, 'negative'],
    ['says cannot', `${GOOD}\n\nWe cannot do more.`, 'negative'],
    ['cites policy', `${GOOD}\n\nOur policy is to refund within a month.`, 'negative'],
    ['says unable', `${GOOD}\n\nWe are unable to change the price.`, 'negative'],
    ['names a colleague in full', `${GOOD}\n\nSam Staffer has been spoken to.`, 'internalLeak'],
    ['names a colleague by first name', `${GOOD}\n\nOlga is looking into it.`, 'internalLeak'],
    // From an outside attack: a name typed in lower case, a ticket number, an address on the company's network.
    ['names a colleague in lower case', `${GOOD}\n\nOrdering depended on sam staffer alone.`, 'internalLeak'],
    ['quotes a ticket number', `${GOOD}\n\nSee INC-4411 for the details.`, 'internalLeak'],
    ['links the intranet', `${GOOD}\n\nThe process is on http://intranet/prices.`, 'internalLeak'],
    ['links a company-network address', `${GOOD}\n\nSee https://wiki.shop.corp/tills.`, 'internalLeak'],
    ['says root cause', `${GOOD}\n\nThe root cause was the form.`, 'internalLeak'],
    ['quotes a support ticket', `${GOOD}\n\nYour support ticket is being handled.`, 'internalLeak'],
    ['mentions escalation', `${GOOD}\n\nWe have escalated it.`, 'internalLeak'],
    ['mentions an SLA', `${GOOD}\n\nThis breached our SLA.`, 'internalLeak'],
    ['uses a system name of the team', `${GOOD}\n\nTillPro had the old prices.`, 'internalLeak'],
    ['downplays with just a minor', `${GOOD}\n\nIt was just a minor mistake.`, 'downplayed'],
    ['downplays with only', `${GOOD}\n\nIt was only £5.`, 'downplayed'],
    ['downplays a small issue', `${GOOD}\n\nThis small issue is resolved.`, 'downplayed'],
    ['calls it a mix-up', `${GOOD}\n\nSorry for the mix-up.`, 'downplayed'],
    ['calls it a hiccup', `${GOOD}\n\nA hiccup at the till.`, 'downplayed'],
    ['leaves a placeholder', `${GOOD}\n\nWe will call you by [date].`, 'placeholder'],
  ])('flags a letter that %s', (_name, text, check) => {
    expect(checksOf(text)).toContain(check);
  });

  // False positives: wording that looks close but follows the practice.
  it.each<[string, string]>([
    ['the contact’s own name', `${GOOD}\n\nJordan Reyes will call you.`],
    ['a public web address', `${GOOD}\n\nOur new price list is at https://www.example.com/prices.`],
    ['COVID-19', `${GOOD}\n\nCOVID-19 rules no longer apply in our shops.`],
    ['the contact’s first name', `${GOOD}\n\nJordan will call you.`],
    ['a role that is also an owner’s label', `${GOOD}\n\nThe store manager now orders the forms.`],
    ['a lowercase word that is part of a staff name', `${GOOD}\n\nThe sam\u00e9 form is gone.`],
    ['“apologise” as the apology', GOOD.replace('We are sorry', 'We apologise')],
    ['“we let you down” as ownership', GOOD.replace('this was our mistake', 'we let you down')],
    ['a date written as a weekday', GOOD.replace('by 26 November 2026', 'by Friday').replace('by 7 December 2026', 'next Monday')],
    ['a time window', GOOD.replace('by 26 November 2026', 'within 5 working days').replace('by 7 December 2026', 'in two weeks')],
    ['the customer’s own “never again”, quoted', `${GOOD}\n\nYou told us: “I will never shop here again.”`],
    ['“not only” as emphasis', `${GOOD}\n\nWe are not only refunding you but changing how we order forms.`],
    ['“the only way”', `${GOOD}\n\nA calendar is the only way to be sure it is ordered.`],
    ['what we did at once, in the past', `${GOOD}\n\nWe refunded you straight away.`],
    ['ownership in other words', GOOD.replace('this was our mistake', 'the error was ours alone')],
    ['ownership, put plainly', GOOD.replace('this was our mistake', 'this one is down to us')],
    ['a partner named while we own it', `${GOOD}\n\nWe chose the courier and did not check on your parcel: that is on us.`],
    ['a parking ticket', `${GOOD}\n\nWe have cancelled the parking ticket.`],
    ['a small gift card', `${GOOD}\n\nWe have added a small gift card to say sorry.`],
    ['“always” that is literally true', `${GOOD}\n\nYou can always reply to this email.`],
    ['sympathy beside an apology', `${GOOD}\n\nI was sorry to hear about your trip.`],
    ['an apology that cannot be said enough', `${GOOD}\n\nI can’t apologise enough.`],
  ])('does not flag %s', (name, text) => {
    const words = name.startsWith('the customer’s own') ? { customerWords: 'I will never shop here again.' } : {};
    expect(checkLetter(text, { ...context, ...words }, language)).toEqual([]);
  });

  it('explains each issue in one sentence, quoting the words that raised it', () => {
    const [issue] = checkLetter(`${GOOD}\n\nWe guarantee it.`, context, language);
    expect(issue).toEqual({
      check: 'overPromise',
      excerpt: 'guarantee',
      message: '“guarantee” promises more than we can be sure to keep: say what we are doing and by when.',
    });
  });
});

describe('the letter and its contact fields', () => {
  it('names every placeholder still to fill, not only the first', () => {
    const issues = checkLetter(`${GOOD}\n\nWe will call you by [date]. Call [name] on [phone or email], or [name].`, { staffNames: [] }, language);
    expect(issues.find((issue) => issue.check === 'placeholder')?.message).toBe('[date], [name] and [phone or email] are still to be filled in.');
  });

  it('fills the draft’s placeholders from the fields, and leaves alone what is not known yet', () => {
    const draft =
      'We will contact you again by [date].\n\nIf you would like to talk about it before then, please contact [name] directly: [phone or email].\n\nYours sincerely,\n[name]';
    expect(fillContact(draft, { contactName: 'Zofia Żelazowska', contactReach: '+48 22 555 01 23', nextContact: '2026-12-05' })).toBe(
      'We will contact you again by 5 December 2026.\n\nIf you would like to talk about it before then, please contact me directly: +48 22 555 01 23.\n\nYours sincerely,\nZofia Żelazowska',
    );
    expect(fillContact(draft, { contactName: '  ', nextContact: '' })).toBe(draft);
    expect(fillContact(draft, { contactReach: 'zofia@example.com' })).toContain('please contact [name] directly: zofia@example.com.');
  });

  it.each([
    ['Maria Santos (booking K7QX2L)', 'Maria Santos'],
    ['Łukasz Wójcik, PNR 8XK2Q1', 'Łukasz Wójcik'],
    ['Ada Lovelace – order #1234', 'Ada Lovelace'],
    ['Jean-Luc Picard', 'Jean-Luc Picard'],
    ['Nguyễn Thị Hồng / ticket 42', 'Nguyễn Thị Hồng'],
    ['山田太郎 (注文 5521)', '山田太郎'],
    ['(booking K7QX2L)', '(booking K7QX2L)'],
  ])('greets “%s” as “%s”', (customer, name) => {
    expect(customerName(customer)).toBe(name);
  });

  it('warns when the letter tells a cause the team has not confirmed', () => {
    const cause = 'A retry after a time-out charged the card again';
    const letter = `${GOOD}\n\nWe have looked into how it happened. ${cause}.`;
    expect(checkLetter(letter, { staffNames: [], unconfirmedCauses: [`${cause}.`] }, language).map((issue) => issue.check)).toContain('unconfirmedCause');
    expect(checkLetter(letter, { staffNames: [], unconfirmedCauses: [] }, language).map((issue) => issue.check)).not.toContain('unconfirmedCause');
  });
});

describe('letters in another language', () => {
  it.each([
    [
      'French',
      'Cher Monsieur Dupont, nous sommes vraiment désolés pour le retard de votre commande. C’était notre erreur, et nous vous rappellerons vendredi.',
    ],
    ['Polish', 'Szanowny Panie Łukaszu, bardzo przepraszamy za zagubiony bagaż. To był nasz błąd. Zadzwonimy do Pana w piątek z informacją o zwrocie.'],
    ['German', 'Sehr geehrte Frau Müller, es tut uns sehr leid, dass Ihre Lieferung zu spät kam. Der Fehler lag bei uns, und wir melden uns am Freitag.'],
  ])('get one note that the checks read English only (%s), not a list of false alarms', (name, letter) => {
    const issues = checkLetter(letter, context, language);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ check: 'otherLanguage' });
    expect(issues[0]!.message).toContain(`reads as ${name}`);
  });

  it('judges an English letter to Łukasz Wójcik, with his Polish words quoted, as English', () => {
    const letter = `Dear Łukasz Wójcik,\n\nYou wrote “bagaż zaginął” and you were right to. ${GOOD}`;
    expect(checkLetter(letter, context, language).map((issue) => issue.check)).not.toContain('otherLanguage');
  });
});
