import { ViewportPortal } from '@xyflow/react';
import { useBoardStore } from './BoardStoreContext';

/** Other people's pointers, drawn in flow coordinates: right whatever each screen's zoom and pan. */
export function RemoteCursors() {
  const peers = useBoardStore((state) => state.peers);
  return (
    <ViewportPortal>
      {peers.map(
        (peer) =>
          !peer.isSelf &&
          peer.cursor && (
            <div
              key={peer.clientId}
              className="remote-cursor"
              data-testid="remote-cursor"
              style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)`, color: peer.color }}
            >
              <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                <path d="M2 2l5.5 14 2-6 6-2z" fill="currentColor" stroke="white" strokeWidth="1.2" strokeLinejoin="round" />
              </svg>
              <span className="remote-cursor-name" style={{ background: peer.color }}>
                {peer.name}
              </span>
            </div>
          ),
      )}
    </ViewportPortal>
  );
}
