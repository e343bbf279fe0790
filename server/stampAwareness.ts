import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AwarenessLimits, PRESENCE_COLORS, type PresenceUser, type Role } from '../shared/protocol';

/** Who a connection is, as the server knows it: the only identity its presence may carry. */
export interface Presence {
  /** The awareness client id this connection owns: the first it announced. */
  clientId: number | undefined;
  name: string;
  role: Role;
}

const COLOR = /^#[0-9a-f]{6}$/i;

/**
 * Rewrites an awareness update from a connection so it can only speak for itself: entries for any client id other
 * than the one the connection owns are dropped (no impersonating or erasing someone else's presence), states over the
 * size limit are dropped, and `user` is stamped with the name and role the server knows. Returns undefined when nothing
 * is left. Throws on a malformed update (the caller closes the connection).
 */
export function stampAwareness(update: Uint8Array, presence: Presence, isTaken: (clientId: number) => boolean): Uint8Array | undefined {
  const decoder = decoding.createDecoder(update);
  // No cap on the count: the stock y-websocket client sends back every state it receives (a big room's worth after
  // joining). Only the connection's own entry is kept; the message size limit bounds the work.
  const count = decoding.readVarUint(decoder);
  const kept: Array<[number, number, string]> = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (presence.clientId === undefined && !isTaken(clientId)) presence.clientId = clientId;
    if (clientId !== presence.clientId) continue;
    if (json.length > AwarenessLimits.stateBytes) continue;
    const state: unknown = JSON.parse(json);
    if (state === null) {
      kept.push([clientId, clock, 'null']);
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state)) continue;
    const claimed = (state as { user?: { color?: unknown } }).user?.color;
    const user: PresenceUser = {
      name: presence.name,
      role: presence.role,
      color: typeof claimed === 'string' && COLOR.test(claimed) ? claimed : PRESENCE_COLORS[clientId % PRESENCE_COLORS.length]!,
    };
    kept.push([clientId, clock, JSON.stringify({ ...state, user })]);
  }
  if (kept.length === 0) return undefined;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const [clientId, clock, json] of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

/** A display name as the server will show it: trimmed, control characters removed, capped; "Guest" when empty. */
export function cleanName(name: string | null | undefined): string {
  const cleaned = (name ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, AwarenessLimits.nameLength);
  return cleaned || 'Guest';
}
