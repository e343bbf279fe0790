import * as Y from 'yjs';
import type { BoardSnapshot } from '../shared/board';
import { CloseCode, type Role } from '../shared/protocol';
import { parseMeeting, type Meeting } from '../shared/meeting';
import type { Logger } from './log';
import { BusKind } from './RedisBus';
import { Room, type Revocation, type RoomOptions } from './room/Room';
import { readStored } from './work/readStored';

export interface RoomManagerOptions extends RoomOptions {
  /** How long an empty room stays in memory, so a reload or a flaky network does not reload the board. */
  idleMs: number;
}

/** Holds one Room per open board: loaded once, unloaded when idle. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  /** Rooms being unloaded, by board id: a new room for the same board waits for them to finish writing. */
  private readonly closing = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: RoomManagerOptions & { logger: Logger }) {}

  /** The room of a board, created (and its loading started) on first use. Synchronous, so no two loads race. */
  get(boardId: string): Room {
    this.cancelIdle(boardId);
    let room = this.rooms.get(boardId);
    if (room) return room;
    room = new Room(boardId, this.options, this.closing.get(boardId));
    const created = room;
    created.onEmpty = () => this.scheduleIdle(created);
    created.loaded.catch((error) => {
      this.options.logger.error('room.load_failed', { board: boardId, error });
      this.unload(created, CloseCode.loadFailed, 'The board could not be loaded.');
    });
    this.rooms.set(boardId, room);
    this.options.logger.info('room.opened', { board: boardId });
    return room;
  }

  /**
   * A board's document as updates, to read elsewhere (the server's worker threads): an open board's whole state as one
   * update (cheap to encode), or what storage holds, without loading it into memory here.
   */
  async updates(boardId: string): Promise<Uint8Array[]> {
    const room = this.rooms.get(boardId);
    if (room) {
      await room.loaded;
      return [Y.encodeStateAsUpdate(room.doc)];
    }
    await this.closing.get(boardId);
    return this.options.storage.load(boardId);
  }

  /** A board's snapshot, read on this thread (for tests and tools; the server reads boards in its worker threads). */
  async snapshot(boardId: string): Promise<BoardSnapshot> {
    return readStored({ updates: await this.updates(boardId) });
  }

  /** A board's meeting (participants, sign-off…): from its room when open, otherwise from storage. */
  async meeting(boardId: string): Promise<Meeting> {
    const room = this.rooms.get(boardId);
    if (room) {
      await room.loaded;
      return room.meetingState;
    }
    await this.closing.get(boardId);
    return parseMeeting(await this.options.storage.loadMeeting(boardId));
  }

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Lets go, on every instance, of whoever holds a board open with links that no longer open it (a link replaced, the
   * board taken out of a space): here if the board is open here, and on the others through the bus (each instance
   * that has it open is subscribed). Returns how many sockets closed here.
   */
  revoke(boardId: string, revocation: Revocation): number {
    this.options.bus?.publish(boardId, BusKind.revoke, new TextEncoder().encode(JSON.stringify(revocation)));
    return this.rooms.get(boardId)?.revoke(revocation) ?? 0;
  }

  /** Sockets open now on every board, by the role their link grants. */
  connectionsByRole(): Record<Role, number> {
    const counts: Record<Role, number> = { facilitator: 0, editor: 0, viewer: 0 };
    for (const room of this.rooms.values()) for (const connection of room.connections) counts[connection.role]++;
    return counts;
  }

  /** Open boards whose writes are failing now (storage down, full or locked): they are retried until they commit. */
  notSaving(): number {
    let count = 0;
    for (const room of this.rooms.values()) if (!room.saving) count++;
    return count;
  }

  /** Sockets open on a board now (0 when it is not loaded). */
  connectionCount(boardId: string): number {
    return this.rooms.get(boardId)?.connections.size ?? 0;
  }

  has(boardId: string): boolean {
    return this.rooms.has(boardId);
  }

  private scheduleIdle(room: Room): void {
    this.cancelIdle(room.id);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.id);
      if (room.connections.size === 0 && this.rooms.get(room.id) === room) void this.unload(room);
    }, this.options.idleMs);
    timer.unref();
    this.idleTimers.set(room.id, timer);
  }

  private cancelIdle(boardId: string): void {
    const timer = this.idleTimers.get(boardId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(boardId);
  }

  private unload(room: Room, code?: number, reason?: string): Promise<void> {
    this.rooms.delete(room.id);
    this.cancelIdle(room.id);
    const done = room.close(code, reason).finally(() => {
      if (this.closing.get(room.id) === done) this.closing.delete(room.id);
      this.options.logger.info('room.closed', { board: room.id });
    });
    this.closing.set(room.id, done);
    return done;
  }

  /** Closes every room after its pending writes: for SIGTERM and tests. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => this.unload(room)));
    await Promise.all([...this.closing.values()]);
  }
}
