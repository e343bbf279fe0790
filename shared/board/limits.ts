/** Text length limits, in UTF-16 code units (what `String.length` and Y.Text count). */
export const Limits = {
  title: 200,
  complaintText: 5000,
  customer: 200,
  channel: 60,
  causeText: 1000,
  evidence: 4000,
  escalation: 1000,
  acceptedRisk: 1000,
  /** A root cause's theme: a few words, the same across complaints ("Payment retries"). */
  theme: 80,
  actionText: 1000,
  owner: 100,
  letter: 20_000,
  contactName: 100,
  contactReach: 200,
  /** Actions on one board. */
  actions: 500,
  /** A board bigger than this is a mistake or an attack; the tree must stay readable. */
  causes: 2000,
} as const;
