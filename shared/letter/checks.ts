/**
 * Checks of a letter to a customer, after the practice in method.md section 2. Each is a pure function of the text
 * (and of the names the letter must not carry), explained in one sentence. They point; people decide.
 */
export const LETTER_CHECKS = [
  'noApology',
  'noOwnership',
  'blameShifted',
  'noDate',
  'overPromise',
  'negative',
  'internalLeak',
  'downplayed',
  'placeholder',
  'unconfirmedCause',
  'otherLanguage',
] as const;
export type LetterCheck = (typeof LETTER_CHECKS)[number];

export interface LetterIssue {
  check: LetterCheck;
  message: string;
  /** The words that raised it, as written in the letter. */
  excerpt?: string;
}

/**
 * The language tools the checks read with (`shared/language`), passed in so that the browser can load them in their
 * own chunk, after the page.
 */
export interface LetterLanguage {
  findDate(text: string): string | undefined;
  /** "English", or the name of the language the text reads as. */
  languageOf(text: string): string;
}

export interface LetterContext {
  /** Everyone on the team whose name must stay out of the letter (the contact is allowed). */
  staffNames: string[];
  /** The one person the customer deals with: their name may appear. */
  contactName?: string;
  /** Words of the team's own (system names, codes) that mean nothing to a customer. */
  internalTerms?: string[];
  /** The customer's own words, quoted in the letter: not checked (their "never again" is theirs to say). */
  customerWords?: string;
  /** Root causes the team has not confirmed yet: a letter must not tell the customer a guess as the cause. */
  unconfirmedCauses?: string[];
}

const PATTERNS = {
  apology: /\b(?:sorry|apologi[sz](?:e|es|ed|ing)|apolog(?:y|ies))\b/i,
  ownership:
    /\b(?:our (?:mistake|fault|error|failure|responsibility)|we (?:made (?:a|this|the) (?:mistake|error)|got (?:this|it) wrong|were wrong|take (?:full )?responsibility|are responsible|let you down|failed you|should have)|(?:this|it) was (?:our|on us)|we own (?:this|it|the mistake))\b/i,
  blame:
    /\b(?:your (?:fault|mistake|error)|you (?:should|could) have|you failed to|(?:our|the|a) (?:supplier|vendor|courier|manufacturer|system|computer|software)(?:'s|’s)? (?:fault|error|mistake|failure|glitch|caused|was to blame)|(?:system|computer|technical|IT) (?:error|glitch|failure|fault)|human error|beyond our control|circumstances beyond)\b/i,
  overPromise:
    /\b(?:never (?:again|happen)|will never|can never happen|guarantee[sd]?|100 ?%|immediately|instantly|right away|straight away|always|forever|every single time|completely (?:eliminate|prevent)|rest assured|without fail)\b|100 ?%/i,
  negative: /\b(?:unfortunately|regrettably|can't|can’t|cannot|can not|unable to|won't|won’t|not possible|impossible|polic(?:y|ies)|no way)\b/i,
  jargon:
    /\b(?:root[- ]causes?|RCA|5 whys|five whys|tickets?|case (?:number|id)|escalat(?:e|ed|ion)|SLAs?|KPIs?|hypothes[ie]s|CAPA|post[- ]mortem|retrospective|JIRA|backlog|stakeholders?|workaround|containment|corrective action|preventive action)\b/i,
  downplay:
    /\b(?:just a (?:minor|small|slight|little)|only (?:a|an|one|\d)\b|only [£$€]|minor (?:issue|problem|inconvenience|error|mistake|matter|delay)|small (?:issue|problem|inconvenience|error|mistake|matter)|slight (?:issue|problem|inconvenience|delay|error|mistake|overcharge)|trivial|no big deal|little (?:issue|problem|mix-up|hiccup|inconvenience)|hiccup|mix-up)/i,
  placeholder: /\[[^\]\n]{1,120}\]/g,
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A staff name found in the text, as written (capitalised): the full name, or a part of it of three letters or more.
 * Case matters: an owner called "Store manager" is a role, and "the store manager" in a letter is fine.
 */
function findName(text: string, names: string[], allowed: string): string | undefined {
  const allowedParts = new Set(allowed.toLowerCase().split(/\s+/).filter(Boolean));
  for (const name of names) {
    const full = name.trim();
    if (!full || full.toLowerCase() === allowed.trim().toLowerCase()) continue;
    const parts = [full, ...full.split(/\s+/).filter((part) => part.length >= 3 && /^\p{Lu}/u.test(part) && !allowedParts.has(part.toLowerCase()))];
    for (const part of parts) {
      const match = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`, 'u').exec(text);
      if (match) return match[0];
    }
  }
  return undefined;
}

/** What in `text` belongs inside the company: a colleague's name (not the contact's), our jargon, the team's own terms. */
export function internalLeaks(text: string, context: Pick<LetterContext, 'staffNames' | 'contactName' | 'internalTerms'>): LetterIssue[] {
  const issues: LetterIssue[] = [];
  const name = findName(text, context.staffNames, context.contactName ?? '');
  if (name) issues.push({ check: 'internalLeak', excerpt: name, message: `“${name}” is a colleague’s name: the letter names only the customer’s contact.` });
  const terms = (context.internalTerms ?? []).filter((term) => term.trim().length >= 2);
  const jargon = new RegExp(`${PATTERNS.jargon.source}${terms.length ? `|\\b(?:${terms.map(escapeRegExp).join('|')})\\b` : ''}`, 'i').exec(text)?.[0];
  if (jargon) issues.push({ check: 'internalLeak', excerpt: jargon, message: `“${jargon}” is our word, not the customer’s: explain it in plain words.` });
  return issues;
}

/** Every issue in the letter, in the order a reader meets the advice: tone, substance, then what must not be there. */
export function checkLetter(letter: string, context: LetterContext, language: LetterLanguage): LetterIssue[] {
  const quoted = context.customerWords?.trim();
  const text = quoted ? letter.split(quoted).join(' ') : letter;
  const issues: LetterIssue[] = [];
  const found = (check: LetterCheck, pattern: RegExp, message: (excerpt: string) => string) => {
    const match = pattern.exec(text);
    if (match) issues.push({ check, excerpt: match[0], message: message(match[0]) });
  };
  if (!text.trim()) return [{ check: 'noApology', message: 'The letter is empty: draft it from the board, then make it yours.' }];
  const written = language.languageOf(text);
  if (written !== 'English') {
    return [{ check: 'otherLanguage', message: `The letter reads as ${written}: the checks read English only, so they say nothing of it. Have someone fluent read it.` }];
  }

  if (!PATTERNS.apology.test(text)) issues.push({ check: 'noApology', message: 'There is no apology: say sorry, plainly, for what happened to them.' });
  if (!PATTERNS.ownership.test(text)) {
    issues.push({ check: 'noOwnership', message: 'Nothing says the mistake was ours: take responsibility in so many words (“this was our mistake”).' });
  }
  found('blameShifted', PATTERNS.blame, (excerpt) => `“${excerpt}” puts the blame elsewhere: the customer dealt with us, so we own it.`);
  if (!language.findDate(text)) {
    issues.push({ check: 'noDate', message: 'There is no date: say when the fix lands and when they will hear from us next.' });
  }
  found('overPromise', PATTERNS.overPromise, (excerpt) => `“${excerpt}” promises more than we can be sure to keep: say what we are doing and by when.`);
  found('negative', PATTERNS.negative, (excerpt) => `“${excerpt}” sounds like a closed door: say what we will do rather than what we cannot.`);
  issues.push(...internalLeaks(text, context));
  found('downplayed', PATTERNS.downplay, (excerpt) => `“${excerpt}” makes the complaint sound small: acknowledge it as they experienced it.`);
  const placeholders = [...new Set(text.match(PATTERNS.placeholder) ?? [])];
  if (placeholders.length > 0) {
    const list = placeholders.length === 1 ? placeholders[0]! : `${placeholders.slice(0, -1).join(', ')} and ${placeholders.at(-1)}`;
    issues.push({ check: 'placeholder', excerpt: placeholders[0], message: `${list} ${placeholders.length === 1 ? 'is' : 'are'} still to be filled in.` });
  }
  const guess = (context.unconfirmedCauses ?? []).map((cause) => cause.trim().replace(/[.!?]+$/, '')).find((cause) => cause.length >= 8 && text.toLowerCase().includes(cause.toLowerCase()));
  if (guess) {
    issues.push({
      check: 'unconfirmedCause',
      excerpt: guess,
      message: `“${guess}” is told as the cause, but the team has not confirmed it: confirm it on the board first, or write that we are still checking.`,
    });
  }
  return issues;
}
