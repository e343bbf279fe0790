import { BOARD_STATE_LABELS, type BoardState } from '../../shared/protocol';

/** Where an analysis stands, as a small coloured label; a reopened one says so. */
export function StateBadge({ state, reopened }: { state: BoardState; reopened: boolean }) {
  return <span className={`state-badge state-${reopened ? 'reopened' : state}`}>{reopened ? 'Reopened' : BOARD_STATE_LABELS[state]}</span>;
}
