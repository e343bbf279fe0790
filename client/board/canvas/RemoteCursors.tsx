import { ViewportPortal } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useBoardStore } from '../store/BoardStoreContext';
import type { Peer } from '../store/createBoardStore';

/** A pointer that has not moved for this long fades, so a person who left their mouse on a card is not read as pointing. */
export const CURSOR_IDLE_MS = 4_000;
/** …and after this long it is gone, until it moves again. */
export const CURSOR_GONE_MS = 30_000;

/** Other people's pointers, drawn in flow coordinates: right whatever each screen's zoom and pan. */
export function RemoteCursors() {
  const peers = useBoardStore((state) => state.peers);
  return (
    <ViewportPortal>{peers.map((peer) => !peer.isSelf && peer.cursor && <RemoteCursor key={peer.clientId} peer={peer} cursor={peer.cursor} />)}</ViewportPortal>
  );
}

type Idle = 'moving' | 'idle' | 'gone';

function RemoteCursor({ peer, cursor }: { peer: Peer; cursor: { x: number; y: number } }) {
  const [idle, setIdle] = useState<Idle>('moving');
  useEffect(() => {
    setIdle('moving');
    const timers = [setTimeout(() => setIdle('idle'), CURSOR_IDLE_MS), setTimeout(() => setIdle('gone'), CURSOR_GONE_MS)];
    return () => timers.forEach(clearTimeout);
  }, [cursor.x, cursor.y]);
  return (
    <div
      className={`remote-cursor is-${idle}`}
      data-testid="remote-cursor"
      data-idle={idle}
      aria-hidden={idle === 'gone' || undefined}
      style={{ transform: `translate(${cursor.x}px, ${cursor.y}px)`, color: peer.color }}
    >
      <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
        <path d="M2 2l5.5 14 2-6 6-2z" fill="currentColor" stroke="white" strokeWidth="1.2" strokeLinejoin="round" />
      </svg>
      <span className="remote-cursor-name" style={{ background: peer.color }}>
        {peer.name}
      </span>
    </div>
  );
}
