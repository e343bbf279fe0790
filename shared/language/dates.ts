/**
 * Dates as people write them in a letter ("on Thursday 3 July", "Friday, March 14", "by 14/03", "within five working
 * days", "by the end of next week", "on the 21st"), found with chrono-node, British day-month order first.
 */
import * as chrono from 'chrono-node/en';

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fourteen: 14, twenty: 20, thirty: 30 };

/** British day-month order, plus the two ways of naming a day that chrono leaves to the reader. */
const parser = chrono.GB.clone();
// "on the 21st": a day of this month.
parser.parsers.push({
  pattern: () => /\b(?:on|by|before|until|from) the (\d{1,2})(?:st|nd|rd|th)\b/i,
  extract: (_context, match) => ({ day: Number(match[1]) }),
});
// "within five working days", "in 3 business days": chrono reads "within 5 days" but not the kind of day.
parser.parsers.push({
  pattern: () => /\b(?:within|in) (?:the next )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty|thirty) (?:working |business )?(day|week|month)s?\b/i,
  extract: (context, match) => {
    const count = Number(match[1]) || NUMBER_WORDS[match[1]!.toLowerCase()]!;
    const date = new Date(context.refDate);
    if (match[2] === 'month') date.setMonth(date.getMonth() + count);
    else date.setDate(date.getDate() + count * (match[2] === 'week' ? 7 : 1));
    return { day: date.getDate(), month: date.getMonth() + 1, year: date.getFullYear() };
  },
});

/** Words chrono reads as a day that, alone, say none: "one day", "I will march on", "may I say". */
const VAGUE = /^(?:[Oo]ne day|[Ss]ome day|march|may)$/;

/**
 * The first words in `text` that name a day (or a span ending on one, "within 48 hours"), as written; undefined when
 * there is none. A time of day alone ("at 9am"), a lower-case month alone ("march on") and a span looking back ("for 5
 * years") are not a date to keep.
 */
export function findDate(text: string): string | undefined {
  for (const result of parser.parse(text, new Date(), { forwardDate: true })) {
    if (/^for\b/i.test(result.text) || VAGUE.test(result.text)) continue;
    const { start } = result;
    if (start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month') || /\b(?:tomorrow|today|tonight|week|month|days?|hours?)\b/i.test(result.text)) return result.text.replace(/[,;:.]+$/, '');
  }
  return undefined;
}
