import type { ActionSnapshot, BoardSnapshot } from '../board';
import { quote } from '../board';
import { longDate } from './dates';

export const COVERAGE_CHECKS = ['rootWithoutAction', 'noOwner', 'noDueDate', 'overdue', 'weakAction'] as const;
export type CoverageCheck = (typeof COVERAGE_CHECKS)[number];

export interface CoverageIssue {
  check: CoverageCheck;
  causeId: string;
  actionId?: string;
  message: string;
}

/** Words of actions that rely on people remembering to do better, not on a changed process. */
const WEAK =
  /\b(re-?train(?:ing|ed)?|remind(?:er|ers|ing)?|be (?:more )?careful|pay (?:more )?attention|refresher|re-?brief(?:ing)?|reiterate|(?:tell|inform) (?:staff|the team|everyone|employees)|raise awareness|awareness (?:session|training)|double[- ]check)\b/i;

/** The first weak phrase in an action's wording, if any. */
export function weakPhrase(text: string): string | undefined {
  return WEAK.exec(text)?.[0];
}

const isFinished = (action: ActionSnapshot) => action.status === 'done' || action.status === 'verified';

/**
 * Whether every root cause is dealt with: each has an action (or an explicit accepted-risk decision), and every open
 * action has an owner and a due date, is not overdue, and changes a process rather than asking people to try harder.
 * `today` is `YYYY-MM-DD` in the team's time zone.
 */
export function coverage(board: BoardSnapshot, today: string): CoverageIssue[] {
  const issues: CoverageIssue[] = [];
  for (const causeId of board.rootCauseIds) {
    const cause = board.causes[causeId]!;
    if (cause.actionIds.length === 0 && !cause.acceptedRisk.trim()) {
      issues.push({
        check: 'rootWithoutAction',
        causeId,
        message: `The root cause “${quote(cause.text || 'without an answer', 60)}” has no action: add one, or record why the risk is accepted.`,
      });
    }
  }
  for (const actionId of board.actionIds) {
    const action = board.actions[actionId]!;
    const { causeId } = action;
    const name = `“${quote(action.text || 'Untitled action', 50)}”`;
    if (!action.owner.trim()) issues.push({ check: 'noOwner', causeId, actionId, message: `${name} has no owner: an action nobody owns does not happen.` });
    if (!action.due) issues.push({ check: 'noDueDate', causeId, actionId, message: `${name} has no due date.` });
    else if (action.due < today && !isFinished(action)) {
      issues.push({ check: 'overdue', causeId, actionId, message: `${name} was due on ${longDate(action.due, board.dateStyle)} and is not done.` });
    }
    const weak = weakPhrase(action.text);
    if (weak) {
      issues.push({
        check: 'weakAction',
        causeId,
        actionId,
        message: `${name} relies on people (“${weak}”). Change the process instead: a checklist step, a system check, or a task a role owns on a calendar.`,
      });
    }
  }
  return issues;
}
