import { PRESENCE_COLORS, ROLES, type Role } from '../../../shared/protocol';
import type { Peer, ViewRect } from '../store/createBoardStore';

/**
 * Everyone present, from awareness states: this person first, then the others by name. States are untrusted input
 * from other clients (the server stamps `user`, but the shape is still checked here). This person's own state is never
 * stamped (nobody is sent their own presence back): their role is the one their link gives, `selfRole`.
 */
export function readPeers(states: Map<number, Record<string, unknown>>, selfId: number, selfRole: Role): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    const user = (state.user ?? {}) as { name?: unknown; color?: unknown; role?: unknown };
    const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
    const view = state.view as Partial<Record<'x' | 'y' | 'width' | 'height', unknown>> | null | undefined;
    peers.push({
      clientId,
      name: typeof user.name === 'string' && user.name ? user.name.slice(0, 40) : 'Guest',
      color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : PRESENCE_COLORS[clientId % PRESENCE_COLORS.length]!,
      role: clientId === selfId ? selfRole : ROLES.includes(user.role as Role) ? (user.role as Role) : 'viewer',
      isSelf: clientId === selfId,
      cursor: cursor && Number.isFinite(cursor.x) && Number.isFinite(cursor.y) ? { x: cursor.x as number, y: cursor.y as number } : undefined,
      editing: typeof state.editing === 'string' ? state.editing : undefined,
      view: view && isRect(view) ? { x: view.x, y: view.y, width: view.width, height: view.height } : undefined,
    });
  }
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

const isRect = (value: Partial<Record<'x' | 'y' | 'width' | 'height', unknown>>): value is ViewRect =>
  [value.x, value.y, value.width, value.height].every(Number.isFinite) && (value.width as number) > 0 && (value.height as number) > 0;

/** Other people typing in each card, keyed by cause id. */
export function editorsByCause(peers: Peer[]): Record<string, Peer[]> {
  const result: Record<string, Peer[]> = {};
  for (const peer of peers) if (peer.editing && !peer.isSelf) (result[peer.editing] ??= []).push(peer);
  return result;
}
