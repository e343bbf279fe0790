import { useEffect } from 'react';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';

const SHOWN_MS = 6000;

/** The server let this screen go for good (a replaced link, a deleted board): said plainly, and it stays. */
export function RefusedBanner() {
  const refused = useBoardStore((state) => state.refused);
  if (!refused) return null;
  return (
    <div className="toast toast-refused" role="alert">
      {refused}
      <a className="button button-small" href="/">
        Your boards
      </a>
    </div>
  );
}

/** A short message for this person (a command the server refused, and why), gone after a few seconds. */
export function NoticeToast() {
  const notice = useBoardStore((state) => state.notice);
  const { dismissNotice } = useBoardOps();
  useEffect(() => {
    if (!notice) return;
    const timeout = setTimeout(dismissNotice, SHOWN_MS);
    return () => clearTimeout(timeout);
  }, [notice, dismissNotice]);
  if (!notice) return null;
  return (
    <div className="toast" role="alert">
      {notice.message}
      <button type="button" className="button button-small button-icon button-quiet" aria-label="Dismiss" onClick={dismissNotice}>
        ×
      </button>
    </div>
  );
}
