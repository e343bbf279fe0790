import { useBoardStore } from './BoardStoreContext';

const LABEL = {
  connected: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline: changes are kept here',
} as const;

/** Tells whether edits are reaching the others. */
export function StatusBadge() {
  const status = useBoardStore((state) => state.status);
  const synced = useBoardStore((state) => state.synced);
  const shown = status === 'connected' && !synced ? 'connecting' : status;
  return (
    <span className={`status status-${shown}`} role="status" aria-live="polite" data-testid="connection-status">
      <span className="status-dot" aria-hidden="true" />
      {LABEL[shown]}
    </span>
  );
}
