import type { Author } from '../../shared/history/changes';
import type { Connection } from './Connection';

/**
 * Where a change to a room's document or presence came from, as Yjs passes it to the room's listeners: a connection,
 * the stored board, the server itself, or another instance. One union, so every place that asks reads the same names.
 */
export type Origin =
  /** The stored board, read when the room opens: already stored, and sent to nobody (they sync). */
  | { kind: 'load' }
  /** Edits the server makes itself (revealed candidates): stored and relayed to everyone; `by`: on whose command. */
  | { kind: 'server'; by?: Author }
  /** What another instance received: relayed here, stored by that instance, not sent back. */
  | { kind: 'remote' }
  | { kind: 'connection'; connection: Connection };

export const LOAD: Origin = { kind: 'load' };
export const SERVER: Origin = { kind: 'server' };
export const REMOTE: Origin = { kind: 'remote' };

/** The connection a change came from, if it came from one. */
export const connectionOf = (origin: Origin): Connection | undefined => (origin.kind === 'connection' ? origin.connection : undefined);

/** Who a change from `origin` is by, in the board's history: the name and role the server stamped on the connection. */
export function authorOf(origin: Origin): Author | null {
  if (origin.kind === 'connection') return { name: origin.connection.presence.name, role: origin.connection.presence.role };
  return origin.kind === 'server' ? (origin.by ?? null) : null;
}
