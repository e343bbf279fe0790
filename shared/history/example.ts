import * as Y from 'yjs';
import { exampleSteps } from '../board/seedExample';
import { updateOf, type Change } from './changes';

/** How long before its creation the example's meeting began: its history ends as the board is made. */
const MEETING_MINUTES = 45;

/**
 * The example board with the history of the meeting that made it (`exampleSteps`), ending at `now`: its replay shows
 * the analysis grow, step by step, as a team's would. Returns the document (one update) and its changes.
 */
export function exampleWithHistory(now: number, origin: unknown): { update: Uint8Array; changes: Change[] } {
  const doc = new Y.Doc();
  const changes: Change[] = [];
  const today = new Date(now).toISOString().slice(0, 10);
  for (const step of exampleSteps(today)) {
    const at = now - (MEETING_MINUTES - step.minute) * 60_000;
    const update = updateOf(doc, () => doc.transact(() => step.write(doc, origin, at), origin));
    changes.push({ at, by: { name: step.by, role: step.role }, update });
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { update, changes };
}
