import type { Meeting } from '../meeting/meeting';
import type { Milestone } from './changes';

/**
 * The milestones a change of the meeting made, for the board's history: the phase moved on, the votes were revealed,
 * the letter was signed off (or its sign-off withdrawn), the letter went out.
 */
export function milestonesBetween(before: Meeting, after: Meeting): Milestone[] {
  const milestones: Milestone[] = [];
  if (after.phase !== before.phase) milestones.push({ type: 'phase', phase: after.phase });
  if (after.voting?.revealed && !before.voting?.revealed) milestones.push({ type: 'votesRevealed' });
  if (after.signOff && after.signOff.at !== before.signOff?.at) milestones.push({ type: 'letterSignedOff', letterHash: after.signOff.letterHash });
  if (!after.signOff && before.signOff) milestones.push({ type: 'letterSignOffWithdrawn' });
  for (const sent of after.sentLetters.slice(before.sentLetters.length)) milestones.push({ type: 'letterSent', to: sent.to });
  if (after.restored && after.restored.at !== before.restored?.at) milestones.push({ type: 'restored', to: after.restored.to });
  return milestones;
}
