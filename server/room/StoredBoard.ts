import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { Connection } from './Connection';
import { syncStep2Frame } from './frames';
import { plausibleStateVector, tryReadFrame } from './readFrame';
import { mergeUpdates } from '../../shared/mergeUpdates';

/** Stored rows up to which sync requests are answered from the stored bytes (merging many rows costs more than it saves). */
const MAX_ROWS = 16;
/**
 * Stored bytes up to which a request from a client that already holds part of the board is answered from them
 * (`Y.diffUpdate`). Past it, building the document and encoding the difference from it is faster (measured on a
 * 1,000-cause board of 337 KB in a fresh process: 132 ms to diff the bytes, 85 ms to build and encode).
 */
const MAX_DIFF_BYTES = 64 * 1024;
/**
 * How long a room that has read its board waits, before building the document, for the sync requests of the
 * connections that opened it: each arrives a round trip after the socket opened, and answering it from the bytes just
 * read spares its sender the build (tens of milliseconds on a big board).
 */
export const WAIT_FOR_REQUESTS_MS = 20;

/**
 * A board as read from storage, while its room builds the document from it: sync requests that arrive meanwhile are
 * answered from the stored bytes, so a client joining a board nobody has open gets it without waiting for the server's
 * own copy. A client with nothing of the board (a new device, a stock client) gets the stored bytes as they are; one
 * with part of it, the difference, on a small board. The rest wait for the document.
 */
export class StoredBoard {
  /** The connections answered from storage. */
  readonly answered = new Set<Connection>();
  private readonly merged: Uint8Array;
  private clients: number | undefined;
  private wake: (() => void) | undefined;

  private constructor(rows: Uint8Array[]) {
    this.merged = mergeUpdates(rows);
  }

  /** The stored board, if its log is short enough to answer from. */
  static of(rows: Uint8Array[]): StoredBoard | undefined {
    return rows.length > 0 && rows.length <= MAX_ROWS ? new StoredBoard(rows) : undefined;
  }

  /** Answers `bytes` if it is a sync request this board can answer; false for anything else (the room buffers it). */
  answer(connection: Connection, bytes: Uint8Array): boolean {
    const message = tryReadFrame(bytes);
    if (message?.type !== 'syncRequest' || this.answered.has(connection)) return false;
    const diff = this.diff(message.stateVector);
    if (!diff || !connection.syncRequestRate.take()) return false;
    connection.send(syncStep2Frame(diff));
    this.answered.add(connection);
    this.wake?.();
    return true;
  }

  /** Answers the sync requests `connection` sent before the board was read, taking them out of its buffer. */
  answerBuffered(connection: Connection): void {
    const at = connection.buffer.findIndex((bytes) => tryReadFrame(bytes)?.type === 'syncRequest');
    if (at >= 0 && this.answer(connection, connection.buffer[at]!)) connection.buffer.splice(at, 1);
  }

  /** Resolves once every one of `connections` has been answered, or after `ms`. */
  async waitForRequests(connections: Set<Connection>, ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while ([...connections].some((connection) => !this.answered.has(connection)) && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - performance.now());
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = undefined;
    }
  }

  /** What a client with `stateVector` lacks of the stored board, or undefined when the document should answer. */
  private diff(stateVector: Uint8Array): Uint8Array | undefined {
    try {
      // A client with nothing (an empty state vector): the board as stored.
      if (decoding.readVarUint(decoding.createDecoder(stateVector)) === 0) return this.merged;
      if (this.merged.byteLength > MAX_DIFF_BYTES) return undefined;
      this.clients ??= Y.parseUpdateMeta(this.merged).to.size;
      // An implausible request is left to the document, which refuses it.
      return plausibleStateVector(stateVector, this.clients) ? Y.diffUpdate(this.merged, stateVector) : undefined;
    } catch {
      return undefined; // a request the document will answer (or refuse) once built
    }
  }
}
