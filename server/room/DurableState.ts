import * as Y from 'yjs';

/**
 * A change the room holds but does not yet know to be in storage: written here and not yet committed, or received
 * from another instance that has not yet said it committed it.
 */
export interface Piece {
  /** Its place among the room's pieces: each has a higher one than every piece recorded before it. */
  readonly seq: number;
  /** What the room took in (only what was new to it), to store it here if its author's instance never says so. */
  readonly update: Uint8Array;
  /** The first and the next clock of each client whose items it carries. */
  readonly from: Map<number, number>;
  readonly to: Map<number, number>;
  /** Whether another instance received it (and is the one to store it). */
  remote: boolean;
  /** When the room took it in (`performance.now()`). */
  readonly at: number;
}

/**
 * What of a board is known to be durable, as a state vector: everything the room holds, except from the first item of
 * each piece not yet committed. Updates are relayed the moment they arrive and stored meanwhile; the `stored`
 * acknowledgement tells a client this vector, so "Saved" always means committed, here or by another instance.
 *
 * A room's document only ever holds, per client, an unbroken run of clocks from 0 (an update that builds on missing
 * items is not applied), so the durable vector is that run, cut at the earliest item still in flight.
 */
export class DurableState {
  /** The pieces in flight, in the order they were recorded (a Set keeps it): the first is the oldest. */
  private readonly pieces = new Set<Piece>();
  /** Those of them that another instance received (and is to store), in the same order. */
  private readonly remotePieces = new Set<Piece>();
  /** The seq of the last piece recorded (0: none yet). */
  lastSeq = 0;

  /**
   * Records a change the moment the room applies it (`update` is what the document emitted: only what was new), before
   * anything can read the vector: a change applied and not yet recorded would count as durable.
   */
  add(update: Uint8Array, remote: boolean): Piece {
    // Only deletions carry no clocks: such a piece cuts nothing from the vector, but an acknowledgement still waits for it.
    const { from, to } = Y.parseUpdateMeta(update);
    const piece: Piece = { seq: ++this.lastSeq, update, from, to, remote, at: performance.now() };
    this.pieces.add(piece);
    if (remote) this.remotePieces.add(piece);
    return piece;
  }

  /** The piece is committed (here, or by the instance that announced it). */
  settle(piece: Piece): void {
    this.pieces.delete(piece);
    this.remotePieces.delete(piece);
  }

  /** A piece from another instance that this one stores itself (that instance never said it did). */
  adopt(piece: Piece): void {
    piece.remote = false;
    this.remotePieces.delete(piece);
  }

  /** The oldest piece in flight, and the oldest from another instance: all older ones are durable. */
  oldest(): Piece | undefined {
    return first(this.pieces);
  }

  oldestRemote(): Piece | undefined {
    return first(this.remotePieces);
  }

  /** Settles every piece from another instance that `vector` (what that instance knows to be durable) covers. */
  announce(vector: Map<number, number>): boolean {
    let settled = false;
    for (const piece of this.remotePieces) {
      if (![...piece.to].every(([client, clock]) => (vector.get(client) ?? 0) >= clock)) continue;
      this.settle(piece);
      settled = true;
    }
    return settled;
  }

  /** The pieces from other instances not yet known to be durable, oldest first. */
  unsettledRemote(): Piece[] {
    return [...this.remotePieces];
  }

  /** The durable state vector of `doc`: its own, cut at the first item of every piece in flight. */
  vector(doc: Y.Doc): Map<number, number> {
    // The document's state vector, read from its store (as Yjs does; encoding it to decode it again cost as much as
    // the rest of an acknowledgement).
    const vector = new Map<number, number>();
    for (const [client, structs] of doc.store.clients) {
      const last = structs[structs.length - 1]!;
      vector.set(client, last.id.clock + last.length);
    }
    for (const piece of this.pieces) {
      for (const [client, clock] of piece.from) if (clock < (vector.get(client) ?? 0)) vector.set(client, clock);
    }
    return vector;
  }
}

const first = <T>(set: Set<T>): T | undefined => set.values().next().value;
