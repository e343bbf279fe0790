import { formatMoment } from '../../lib/formatDate';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';

/** Above the canvas while a past moment is on it: which moment, that nothing can be changed there, and the way back. */
export function MomentBanner() {
  const at = useBoardStore((state) => state.moment?.at);
  const { viewMoment } = useBoardOps();
  if (at === undefined) return null;
  return (
    <div className="moment-banner" role="status" data-testid="moment-banner">
      <span>
        The board as it was on <strong>{formatMoment(at)}</strong> · read-only
      </span>
      <button type="button" className="button button-small" onClick={() => viewMoment(undefined)}>
        Back to now
      </button>
    </div>
  );
}
