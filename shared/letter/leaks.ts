/**
 * What belongs inside the company and must not reach the customer: a colleague's name (not the contact's), our jargon,
 * the team's own terms. Apart from the other letter checks because the draft uses it too, and the draft is on the board
 * page before the language tools load: without them, jargon is matched on plain words.
 */
import { findPhrase, phrase, phrases, plainTokens, quote } from '../language/phrases';
import type { Language } from '../language/types';
import type { LetterContext, LetterIssue } from './checks';

/** Our words, not the customer's. */
export const JARGON = phrases(`
  root cause|causes
  RCA
  5|five whys|why
  support|service|helpdesk|internal|jira|zendesk ticket|tickets
  raised|logged|opened|closed|escalated|updated a|the|your|this? ticket
  ticket number|id|ref|reference|status
  KYC|AML|MPAN|MPRN|PNR|NPS|CSAT|AHT|FCR
  case number|id|reference
  escalate|escalated|escalation|escalations
  SLA|SLAs|KPI|KPIs
  hypothesis|hypotheses
  CAPA
  post-mortem|postmortem
  post mortem
  retrospective|retro
  JIRA|Zendesk|Salesforce|ServiceNow|Freshdesk
  backlog
  stakeholder|stakeholders
  workaround
  containment
  corrective|preventive|preventative action|actions
  P1|P2|P3|Sev1|Sev2|sev-1|sev-2
  incident number|ref|report|ticket
  internal note|notes|only|memo
  note to self
  TODO
  =do =not =send
  another customer|passenger|guest|patient|resident|client 's
`);

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
    // A person's full name in any case ("priya patel" is Priya Patel); a part, or a role ("Store manager"), only as
    // written ("Will", not "will"; the store manager's role is the customer's business too).
    const personName = /^\p{Lu}\S*(?:\s+\p{Lu}\S*)+$/u.test(full);
    for (const [i, part] of parts.entries()) {
      const match = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`, i === 0 && personName ? 'iu' : 'u').exec(text);
      if (match) return match[0];
    }
  }
  return undefined;
}

/**
 * A reference only the team can follow: a ticket number ("INC-4411", "JIRA-1234"; not "COVID-19", not a standard such
 * as "ISO-9001") or an address on the company's own
 * network ("http://intranet/x", "https://wiki.corp/…", "http://10.0.0.5/…").
 */
const INTERNAL_REFERENCE =
  /\b(?!(?:ISO|EN|BS|DIN|IEC)-)[A-Z][A-Z0-9]{1,9}-\d{3,}\b|\bhttps?:\/\/(?:[\w-]+(?=[:/?#]|$)|[\w.-]+\.(?:local|internal|intranet|corp|lan|home)\b|(?:10|127)\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+)\S*/;

/** What in `text` belongs inside the company: a colleague's name (not the contact's), our jargon, the team's own terms. */
export function internalLeaks(
  text: string,
  context: Pick<LetterContext, 'staffNames' | 'contactName' | 'internalTerms'>,
  language?: Language,
  skip?: Set<number>,
): LetterIssue[] {
  const issues: LetterIssue[] = [];
  const name = findName(text, context.staffNames, context.contactName ?? '');
  if (name) issues.push({ check: 'internalLeak', excerpt: name, message: `“${name}” is a colleague’s name: the letter names only the customer’s contact.` });
  const reference = INTERNAL_REFERENCE.exec(text)?.[0];
  if (reference) issues.push({ check: 'internalLeak', excerpt: reference, message: `“${reference}” points inside the company: the customer cannot open it.` });
  const terms = (context.internalTerms ?? []).filter((term) => term.trim().length >= 2).map((term) => phrase(term.toLowerCase()));
  const tokens = language ? language.read(text).tokens : plainTokens(text);
  const found = findPhrase(tokens, [...JARGON, ...terms], { skip });
  const jargon = found && quote(tokens, found.from, found.to);
  if (jargon) issues.push({ check: 'internalLeak', excerpt: jargon, message: `“${jargon}” is our word, not the customer’s: explain it in plain words.` });
  return issues;
}
