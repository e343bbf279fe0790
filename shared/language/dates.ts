/**
 * Dates as people write them in a letter ("on Thursday 3 July", "Friday, March 14", "by 14/03", "within five working
 * days", "by the end of next week", "on the 21st"), found with chrono-node, British day-month order first.
 */
import * as chrono from 'chrono-node/en';

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  fourteen: 14,
  twenty: 20,
  thirty: 30,
};

/** British day-month order, plus the two ways of naming a day that chrono leaves to the reader. */
const parser = chrono.GB.clone();
// "on the 21st": a day of this month.
parser.parsers.push({
  pattern: () => /\b(?:on|by|before|until|from) the (\d{1,2})(?:st|nd|rd|th)\b/i,
  extract: (_context, match) => ({ day: Number(match[1]) }),
});
// "within five working days", "in 3 business days", "in three to five working days": chrono reads "within 5 days" but
// not the kind of day, nor a range.
parser.parsers.push({
  pattern: () =>
    /\b(?:within|in) (?:the next )?(?:(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty|thirty) (?:to|or|-|–) )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty|thirty) (?:working |business )?(day|week|month)s?\b/i,
  extract: (context, match) => {
    const count = Number(match[1]) || NUMBER_WORDS[match[1]!.toLowerCase()]!;
    const date = new Date(context.refDate);
    if (match[2] === 'month') date.setMonth(date.getMonth() + count);
    else date.setDate(date.getDate() + count * (match[2] === 'week' ? 7 : 1));
    return { day: date.getDate(), month: date.getMonth() + 1, year: date.getFullYear() };
  },
});

/** Words chrono reads as a day that, alone, say none: "one day", "I will march on", "may I say", "from now on". */
const VAGUE = /^(?:[Oo]ne day|[Ss]ome day|march|may|now|[Rr]ight now|[Jj]ust now)$|\bcoming (?:days|weeks|months)$/;
/** A span that looks back ("for 5 years", "last week", "3 days ago") is no date to keep. */
const BACK = /^(?:for|over|last|past|previous|earlier|since)\b|\b(?:ago|yesterday|last)\b|\b(?:before|after|earlier|later)$/i;
/** A bare span ("three weeks", "30 days") names no day unless it says when from ("within", "in", "by"). */
const SPAN =
  /^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|twenty|thirty|half a|\d+)\s+(?:working\s+|business\s+)?(?:second|minute|hour|day|week|fortnight|month|year)s?$/i;

/** A day named in a text: the words as written, and where they start. */
export interface FoundDate {
  text: string;
  index: number;
}

/**
 * Every place in `text` that names a day to come (or a span ending on one, "within 48 hours"), as written. A time of
 * day alone ("at 9am"), a lower-case month alone ("march on"), "now", a span looking back ("for 5 years", "last
 * week") and a bare span ("it took three weeks") are not a date to keep.
 */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const result of parser.parse(text, new Date(), { forwardDate: true })) {
    const words = result.text.replace(/[,;:.]+$/, '');
    if (VAGUE.test(words) || BACK.test(words) || SPAN.test(words)) continue;
    const { start } = result;
    if (
      start.isCertain('day') ||
      start.isCertain('weekday') ||
      start.isCertain('month') ||
      /\b(?:tomorrow|today|tonight|week|month|days?|hours?)\b/i.test(words)
    )
      found.push({ text: words, index: result.index });
  }
  return found;
}

/** The first words in `text` that name a day to come, as written; undefined when there is none (see `findDates`). */
export const findDate = (text: string): string | undefined => findDates(text)[0]?.text;
