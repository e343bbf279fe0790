import type * as awarenessProtocol from 'y-protocols/awareness';
import type { Connection } from './Connection';
import type { Piece } from './DurableState';
import { awarenessFrame, updateFrame } from './frames';
import type { Stamp } from '../storage/Storage';
import { REMOTE, authorOf, type Origin } from './origins';
import { mergeUpdates } from '../../shared/mergeUpdates';

/** Up to how many senders in one turn each gets the others' changes without its own (see `relayUpdates`). */
export const EXACT_SENDERS = 4;

/** What changed in a room during one turn of the event loop. */
export interface Turn {
  /** Document updates, with where each came from (a connection, another instance, the server). */
  readonly updates: { update: Uint8Array; origin: Origin }[];
  /** The durable-state pieces of this turn's own updates (not other instances'), settled when their append commits. */
  readonly pieces: Piece[];
  /** The origins of `updates`. */
  readonly senders: Set<Origin>;
  /** Awareness client ids changed here, and changed by other instances (relayed, not published again). */
  readonly awareness: Set<number>;
  readonly remoteAwareness: Set<number>;
  /** Bytes of this turn's own updates (not yet appended: they count towards the board's size). */
  bytes: number;
}

const emptyTurn = (): Turn => ({ updates: [], pieces: [], senders: new Set(), awareness: new Set(), remoteAwareness: new Set(), bytes: 0 });

/**
 * Collects what changes in a room during one turn of the event loop, and hands it over once, at the end of the turn
 * (`setImmediate`): under load a turn holds many messages, so the work per update (one merge, one frame per
 * connection, one append) falls as the load grows.
 */
export class TurnBatch {
  private turn = emptyTurn();
  private scheduled = false;

  constructor(private readonly onTurnEnd: (turn: Turn) => void) {}

  /** A document update the room applied (`piece`: its durable-state record, for what this instance stores). */
  update(update: Uint8Array, origin: Origin, piece: Piece): void {
    if (origin !== REMOTE) {
      this.turn.pieces.push(piece);
      this.turn.bytes += update.byteLength;
    }
    this.turn.updates.push({ update, origin });
    this.turn.senders.add(origin);
    this.schedule();
  }

  /** Awareness client ids whose state changed (`remote`: by another instance). */
  presence(clientIds: number[], remote: boolean): void {
    const changed = remote ? this.turn.remoteAwareness : this.turn.awareness;
    for (const clientId of clientIds) changed.add(clientId);
    this.schedule();
  }

  /** Bytes of this turn's own updates so far. */
  get bytes(): number {
    return this.turn.bytes;
  }

  /** Whether `origin` changed the document this turn. */
  sent(origin: Origin): boolean {
    return this.turn.senders.has(origin);
  }

  /** Whether the turn holds document updates. */
  get hasUpdates(): boolean {
    return this.turn.updates.length > 0;
  }

  /** Hands the turn over now (before its end: the room is flushing or closing). */
  end(): void {
    const turn = this.turn;
    this.turn = emptyTurn();
    this.scheduled = false;
    this.onTurnEnd(turn);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.scheduled && this.end());
  }
}

/**
 * Sends a turn's updates to every connection, each without its own where that is cheap: a sender gets the others'
 * updates, merged, while few sent this turn. When many did (a busy room), one merge per sender would grow with the
 * square of the room's activity: they get everything instead (`merged`: all of them as one), and Yjs skips what they
 * already have.
 */
export function relayUpdates(connections: Iterable<Connection>, { updates, senders }: Pick<Turn, 'updates' | 'senders'>, merged: Uint8Array): void {
  const everything = updateFrame(merged);
  const exact = senders.size <= EXACT_SENDERS;
  for (const connection of connections) {
    if (!exact || !senders.has(connection.origin)) {
      connection.send(everything);
      continue;
    }
    const others = updates.filter((item) => item.origin !== connection.origin);
    if (others.length > 0) connection.send(updateFrame(mergeUpdates(others.map((item) => item.update))));
  }
}

/**
 * Sends the states of the awareness client ids that changed this turn. As with updates: while few changed, each
 * connection gets the others' presence without its own; in a busy room one frame per connection would grow with the
 * square of the room, so everyone gets the same frame (a client ignores its own state at a clock it already has). A
 * lagging connection is skipped: presence is the latest state, and it gets the next one.
 */
export function relayPresence(connections: Iterable<Connection>, awareness: awarenessProtocol.Awareness, changed: Set<number>): void {
  const everyone = awarenessFrame(awareness, [...changed]);
  const exact = changed.size <= EXACT_SENDERS;
  for (const connection of connections) {
    if (connection.lagging) continue;
    const own = connection.presence.clientId;
    if (!exact || own === undefined || !changed.has(own)) connection.send(everyone);
    else if (changed.size > 1)
      connection.send(
        awarenessFrame(
          awareness,
          [...changed].filter((clientId) => clientId !== own),
        ),
      );
  }
}

/**
 * A turn's own updates as the history keeps them: one change per author, merged, stamped `at` (a turn is one instant;
 * two people typing in it are two changes).
 */
export function changesByAuthor(updates: ReadonlyArray<{ update: Uint8Array; origin: Origin }>, at: number): Array<{ update: Uint8Array; stamp: Stamp }> {
  const byOrigin = new Map<Origin, Uint8Array[]>();
  for (const { update, origin } of updates) {
    const list = byOrigin.get(origin);
    if (list) list.push(update);
    else byOrigin.set(origin, [update]);
  }
  return [...byOrigin].map(([origin, list]) => ({ update: mergeUpdates(list), stamp: { at, by: authorOf(origin) } }));
}
