import { quote } from '../../../shared/board';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';

/**
 * Says so when an action's check found it did not work and nothing new has been agreed since: the analysis is open
 * again. It stays until the team agrees a new action (or takes the result back).
 */
export function ReopenedBanner() {
  const action = useBoardStore((state) => (state.board?.reopenedBy ? state.board.actions[state.board.reopenedBy] : undefined));
  const { focusCard, showPanel } = useBoardOps();
  if (!action) return null;
  return (
    <div className="reopened-banner" role="status" data-testid="reopened-banner">
      <span>
        <strong>Analysis reopened.</strong> “{quote(action.text || 'An action', 60)}” did not work
        {action.checkNote.trim() ? ` (${quote(action.checkNote, 80)})` : ''}. Find what was missed, then agree a new action.
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          focusCard(action.causeId);
          showPanel('actions');
        }}
      >
        Show the actions
      </button>
    </div>
  );
}
