import { useBoardStore } from '../store/BoardStoreContext';

/**
 * Whether edits are reaching the others and are safe: Saved (the server confirmed it stored everything this screen
 * sent), Saving…, Not saved (the server cannot write to its storage: edits are live, kept here until stored), Offline
 * with N unsynced changes (kept here, sent on reconnect), Connecting…, or refused for good.
 */
export function StatusBadge() {
  const status = useBoardStore((state) => state.status);
  const synced = useBoardStore((state) => state.synced);
  const unsynced = useBoardStore((state) => state.unsynced);
  const refused = useBoardStore((state) => state.refused);
  const cannotSave = useBoardStore((state) => state.serverCannotSave);
  const changes = `${unsynced} unsynced ${unsynced === 1 ? 'change' : 'changes'}`;
  const [tone, label, detail] = refused
    ? (['offline', 'Disconnected', refused] as const)
    : status === 'offline'
      ? (['offline', unsynced > 0 ? `Offline · ${changes}` : 'Offline', 'Your changes are kept on this device and sent when the connection is back.'] as const)
      : status === 'connecting' || !synced
        ? (['connecting', unsynced > 0 ? `Connecting… · ${changes}` : 'Connecting…', 'Reaching the server.'] as const)
        : cannotSave && unsynced > 0
          ? ([
              'offline',
              `Not saved · ${changes}`,
              'The server cannot write to its storage right now. Everyone still sees your changes live, and this device keeps them until the server has stored them.',
            ] as const)
          : unsynced > 0
            ? (['connecting', 'Saving…', 'Sending your latest changes.'] as const)
            : (['connected', 'Saved', 'Live: the server has stored every change you made.'] as const);
  return (
    <span className={`status status-${tone}`} role="status" aria-live="polite" title={detail} data-testid="connection-status">
      <span className="status-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
