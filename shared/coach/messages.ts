/**
 * Every sentence the method coach says, in one place. Each explains itself in one sentence and says what to do next,
 * in the words of the method (../shared/method.md): blame a process, not a person; ask at least five times.
 */
export const CoachCheck = {
  emptyAnswer: 'empty-answer',
  shallowRoot: 'shallow-root',
  keepDigging: 'keep-digging',
  blamesPerson: 'blames-person',
  restatesParent: 'restates-parent',
  bundlesCauses: 'bundles-causes',
  noEvidence: 'no-evidence',
  unconfirmedRoot: 'unconfirmed-root',
  outsideControl: 'outside-control',
  duplicateCause: 'duplicate-cause',
} as const;
export type CoachCheck = (typeof CoachCheck)[keyof typeof CoachCheck];

export const CoachTitle: Record<CoachCheck, string> = {
  'empty-answer': 'No answer yet',
  'shallow-root': 'Stopped early',
  'keep-digging': 'Keep digging',
  'blames-person': 'Blames a person',
  'restates-parent': 'Restates the effect',
  'bundles-causes': 'Two causes in one',
  'no-evidence': 'No evidence',
  'unconfirmed-root': 'Root cause not confirmed',
  'outside-control': 'Outside our control',
  'duplicate-cause': 'Same cause twice',
};

export const CoachMessage = {
  emptyAnswer: () => 'Write the answer to this why, or delete the card.',
  shallowRoot: (depth: number) =>
    `This root cause is only ${depth} ${depth === 1 ? 'why' : 'whys'} deep: ask why again, because stopping early usually fixes a symptom.`,
  keepDigging: () => 'Keep digging: ask why this happened, or mark it as a root cause if fixing it would stop the complaint recurring.',
  blamesPerson: (found: string) =>
    `“${found}” points at a person: ask what in the process allowed it to happen, so the fix changes the process, not the person.`,
  restatesParent: (effect: string) => `This answer says again what the card above it says (“${effect}”): ask why that happened instead.`,
  bundlesCauses: (joiner: string) => `“${joiner}” joins two causes in one card: split them into two branches so each gets its own why.`,
  noEvidence: () =>
    'Marked confirmed, but how do we know? Note the evidence (a record, an observation, a link), or set it back to a hypothesis until it is checked.',
  unconfirmedRoot: () => 'This root cause is not confirmed yet: check it against the evidence before acting on it.',
  outsideControl: () => 'This root cause is outside our control: note who it is escalated to and how, so it is not dropped.',
  duplicateCause: (depth: number, twin: string) => `Another branch names the same cause (why ${depth}, “${twin}”): merge them, or say how they differ.`,
} as const;
