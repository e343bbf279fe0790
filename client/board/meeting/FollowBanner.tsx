import { useBoardActions, useBoardStore } from '../BoardStoreContext';
import { selectFollowing } from '../createBoardStore';

/** While this screen follows the facilitator's: says so, and how to stop (pan, Escape, or the button). */
export function FollowBanner() {
  const following = useBoardStore(selectFollowing);
  const name = useBoardStore((state) => state.meeting?.follow?.name);
  const { stopFollowing } = useBoardActions();
  if (!following) return null;
  return (
    <div className="follow-banner" role="status" data-testid="follow-banner">
      <span className="follow-dot" aria-hidden="true" />
      Following {name}
      <button type="button" className="button button-small" onClick={stopFollowing} title="Or pan the canvas, or press Escape">
        Stop (Esc)
      </button>
    </div>
  );
}
