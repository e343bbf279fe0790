import { pathTo } from '../board/chainsToRoots';
import type { BoardSnapshot, CauseSnapshot } from '../board/readBoard';
import { CoachCheck, CoachMessage } from './messages';
import { blamesPerson, bundlesCauses, restates, sameCauseKey } from './textChecks';

/** One piece of advice from the coach, pointing at the card it is about. */
export interface Hint {
  check: CoachCheck;
  causeId: string;
  message: string;
}

/** The method asks why at least five times before a root cause. */
export const MIN_ROOT_DEPTH = 5;

/**
 * The method coach: live, non-blocking checks of the board against the Five Whys method, in reading order. Pure; cheap
 * enough to run on every change (linear in the number of causes). Ruled-out causes are left alone.
 */
export function coachBoard(board: BoardSnapshot): Hint[] {
  const hints: Hint[] = [];
  const names = new Set(board.causeIds.map((id) => board.causes[id]!.createdBy).filter(Boolean));
  const add = (check: CoachCheck, cause: CauseSnapshot, message: string) => hints.push({ check, causeId: cause.id, message });
  const byKey = new Map<string, string[]>();

  for (const id of board.causeIds) {
    const cause = board.causes[id]!;
    if (cause.status === 'ruledOut') continue;
    const text = cause.text.trim();
    if (!text) {
      add(CoachCheck.emptyAnswer, cause, CoachMessage.emptyAnswer());
      continue;
    }
    const effect = cause.parentId === 'complaint' ? board.complaint.text : (board.causes[cause.parentId]?.text ?? '');
    const liveChildren = cause.childIds.filter((child) => board.causes[child]!.status !== 'ruledOut');

    if (cause.isRoot && cause.depth < MIN_ROOT_DEPTH) add(CoachCheck.shallowRoot, cause, CoachMessage.shallowRoot(cause.depth));
    if (!cause.isRoot && liveChildren.length === 0) add(CoachCheck.keepDigging, cause, CoachMessage.keepDigging());
    const blame = blamesPerson(text, names);
    if (blame) add(CoachCheck.blamesPerson, cause, CoachMessage.blamesPerson(blame));
    if (restates(text, effect)) add(CoachCheck.restatesParent, cause, CoachMessage.restatesParent());
    const joiner = bundlesCauses(text);
    if (joiner) add(CoachCheck.bundlesCauses, cause, CoachMessage.bundlesCauses(joiner));
    // A hypothesis is a guess to check, and says so; a cause marked confirmed must say how we know.
    if (cause.status === 'confirmed' && !cause.evidence.trim()) add(CoachCheck.noEvidence, cause, CoachMessage.noEvidence());
    if (cause.isRoot && cause.status !== 'confirmed') add(CoachCheck.unconfirmedRoot, cause, CoachMessage.unconfirmedRoot());
    if (cause.isRoot && !cause.inControl && !cause.escalation.trim()) add(CoachCheck.outsideControl, cause, CoachMessage.outsideControl());

    const key = sameCauseKey(text);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), id]);
  }

  for (const ids of byKey.values()) {
    for (const id of ids) {
      const ancestors = new Set(pathTo(board, id));
      const twin = ids.find((other) => other !== id && !ancestors.has(other) && !pathTo(board, other).includes(id));
      if (twin) add(CoachCheck.duplicateCause, board.causes[id]!, CoachMessage.duplicateCause(board.causes[twin]!.depth));
    }
  }
  const order = new Map(board.causeIds.map((id, i) => [id, i]));
  return hints.sort((a, b) => order.get(a.causeId)! - order.get(b.causeId)!);
}
