import { COMPLAINT_ID, quote, readBack, therefore, type BoardSnapshot } from '../board';
import type { ReportCause } from './buildReport';

/** A chain from the complaint to a root cause, as the report tells it. */
export interface ReportChain {
  rootCauseId: string;
  /** The last step this chain shares with one told before it: that chain's number (from 1), the step, its answer. */
  joins: { chain: number; step: number; text: string } | null;
  /** The steps no earlier chain told, down to the root cause; the first is step `joins.step + 1`, or step 1. */
  steps: ReportCause[];
  /** `steps` read back from the root cause up, then to where the chain joins (or to the complaint); empty when no step is new. */
  readBack: string;
}

/**
 * Every chain to a root cause, each step told once: a chain that shares its start with one told before names that
 * chain and the step where they part, and tells only the rest. Telling every chain whole grows with the square of the
 * tree's depth (2,000 root causes in one line: gigabytes); this grows with the tree.
 * @example tellChains(board, cause)[1] // { joins: { chain: 1, step: 3, text: '…' }, steps: [step 4, step 5], readBack: '…' }
 */
export function tellChains(board: BoardSnapshot, cause: (id: string) => ReportCause): ReportChain[] {
  const toldIn = new Map<string, number>();
  return board.rootCauseIds.map((rootCauseId, i) => {
    const fresh: string[] = [];
    let at = rootCauseId;
    while (at !== COMPLAINT_ID && !toldIn.has(at) && board.causes[at]) {
      fresh.push(at);
      at = board.causes[at]!.parentId;
    }
    for (const id of fresh) toldIn.set(id, i + 1);
    const joined = board.causes[at];
    if (!joined) return { rootCauseId, joins: null, steps: fresh.reverse().map(cause), readBack: readBack(board, rootCauseId) };
    const joins = { chain: toldIn.get(at)!, step: joined.depth, text: joined.text };
    const said = [
      ...fresh.map((id) => quote(board.causes[id]!.text, 400) || '(no answer yet)'),
      `${quote(joined.text) || '(no answer yet)'} (step ${joins.step} of chain ${joins.chain}, read back there)`,
    ];
    return { rootCauseId, joins, steps: fresh.reverse().map(cause), readBack: fresh.length === 0 ? '' : therefore(said) };
  });
}
