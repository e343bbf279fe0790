import { useStore, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { throttle } from '../../lib/throttle';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectFollowing, type BoardState } from '../store/createBoardStore';

/** View updates a second while leading: enough for a smooth follow, light on the wire. */
const VIEW_HZ = 10;

/**
 * While this person leads "follow me", shares the part of the canvas their screen shows, in flow coordinates: each
 * follower fits that rectangle on their own screen, whatever its size.
 */
export function ShareView() {
  const leading = useBoardStore((state) => state.meeting?.follow != null && state.meeting.follow.clientId === state.selfId);
  const { shareView } = useBoardOps();
  const [x, y, zoom] = useStore((state) => state.transform);
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const sender = useMemo(() => throttle(shareView, VIEW_HZ), [shareView]);

  useEffect(() => {
    if (!leading || width === 0 || height === 0) return;
    sender.push({ x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom });
  }, [leading, sender, x, y, zoom, width, height]);
  useEffect(() => {
    if (!leading) return;
    return () => {
      sender.cancel();
      shareView(undefined);
    };
  }, [leading, sender, shareView]);
  return null;
}

/** The view shared by whoever leads "follow me", if they are here. */
const selectLeaderView = (state: BoardState) => {
  const follow = state.meeting?.follow;
  if (!follow) return undefined;
  const leader = state.peers.find((peer) =>
    follow.clientId !== null ? peer.clientId === follow.clientId : peer.role === 'facilitator' && peer.name === follow.name,
  );
  return leader?.view;
};

/**
 * Moves this screen to the leader's view while following. A manual pan ends it (see `onMoveStart` in Canvas). When
 * following ends with no card on screen (the leader was looking at a part of the canvas this screen shows as empty,
 * or left), the whole tree comes back into view rather than leave the follower facing nothing.
 */
export function FollowLeader() {
  const following = useBoardStore(selectFollowing);
  const view = useBoardStore(useShallow(selectLeaderView));
  const { fitView } = useBoardOps();
  const { fitBounds, getNodes, getViewport } = useReactFlow();
  const wasFollowing = useRef(false);
  useEffect(() => {
    if (following && view) void fitBounds(view, { padding: 0, duration: 150 });
  }, [following, view, fitBounds]);
  useEffect(() => {
    const ended = wasFollowing.current && !following;
    wasFollowing.current = following;
    if (!ended) return;
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return;
    const { x, y, zoom } = getViewport();
    const [left, top, right, bottom] = [-x / zoom, -y / zoom, (pane.width - x) / zoom, (pane.height - y) / zoom];
    const onScreen = getNodes().some(({ position, measured }) => {
      const [width, height] = [measured?.width ?? 0, measured?.height ?? 0];
      return position.x < right && position.x + width > left && position.y < bottom && position.y + height > top;
    });
    if (!onScreen) fitView();
  }, [following, getNodes, getViewport, fitView]);
  return null;
}
