import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectFollowing } from '../store/createBoardStore';

/** While this screen follows the facilitator's: says so, and how to stop (pan, Escape, or the button). */
export function FollowBanner() {
  const following = useBoardStore(selectFollowing);
  const name = useBoardStore((state) => state.meeting?.follow?.name);
  const { stopFollowing } = useBoardOps();
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
