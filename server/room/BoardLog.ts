import type { Logger } from '../log';
import { metrics, type StorageOp } from '../metrics';
import { DEFAULT_HISTORY_POLICY, type HistoryPolicy, type Stamp, type Storage } from '../storage/Storage';
import { DurableState, type Piece } from './DurableState';

/**
 * How long a change received from another instance may wait for that instance to say it is stored before this one
 * stores it itself (its author's instance may have died between relaying and committing it).
 */
export const REMOTE_STORE_AFTER_MS = 2000;

/**
 * Appends after which a board's log is merged and its history's runs folded. Each compaction reads and writes the whole
 * board: about 14 ms of a writer thread for a small board, whatever the rows. Every 2,000 appends (a busy meeting's
 * quarter of an hour) that is 7 µs an append; every 500 it took a quarter of the core at 4,000 edits a second. Loading
 * 2,000 rows more stays linear (`mergeUpdates`).
 */
export const COMPACT_AFTER_APPENDS = 2000;

export interface BoardLogOptions {
  boardId: string;
  storage: Storage;
  logger: Logger;
  /** Stored updates after which the log is merged in the background (and the history kept within its policy). */
  compactAfter: number;
  history?: HistoryPolicy;
  /** Called once some pieces have become durable by a commit of this instance. */
  onCommitted: () => void;
  /** Called when writes start or stop failing. */
  onCanSave: (canSave: boolean) => void;
}

/** Keeps `promise` in `set` until it settles. */
const track = (set: Set<Promise<void>>, promise: Promise<void>) => {
  set.add(promise);
  void promise.finally(() => set.delete(promise));
};

/**
 * A room's board in storage: appends (retried until they commit, never waiting for one another: Yjs updates commute),
 * what of the board is durable (`DurableState`), the stored size (the board's budget), compaction in the background,
 * and whether storage takes writes at all.
 */
export class BoardLog {
  /** What of the board is known to be in storage. */
  readonly durable = new DurableState();
  /** Bytes of the stored log: an upper bound of the document's size (compaction brings it down). */
  storedBytes = 0;
  private readonly pending = new Set<Promise<void>>();
  private appendedSinceCompaction = 0;
  private compacting = false;
  private canSave = true;

  constructor(private readonly options: BoardLogOptions) {}

  /** What the room loaded: the rows it read count towards the size and the next compaction. */
  loaded(rows: Uint8Array[]): void {
    this.appendedSinceCompaction = rows.length;
    this.storedBytes = rows.reduce((sum, row) => sum + row.byteLength, 0);
  }

  /** Whether the last write succeeded (false while storage fails). */
  get saving(): boolean {
    return this.canSave;
  }

  /**
   * Appends a turn's changes, each with who made it (one append each: the history keeps them apart); once all are
   * committed, their pieces are durable.
   */
  store(changes: ReadonlyArray<{ update: Uint8Array; stamp: Stamp }>, pieces: Piece[]): void {
    const { storage, boardId } = this.options;
    const appends = changes.map(({ update, stamp }) => {
      this.storedBytes += update.byteLength;
      this.appendedSinceCompaction++;
      return this.retrying('append', () => storage.append(boardId, update, stamp));
    });
    this.track(
      Promise.all(appends).then(() => {
        const now = performance.now();
        for (const piece of pieces) {
          this.durable.settle(piece);
          metrics.ackSeconds.observe((now - piece.at) / 1000);
        }
        this.options.onCommitted();
      }),
    );
    if (this.appendedSinceCompaction >= this.options.compactAfter) void this.compact();
  }

  /**
   * Stores the changes received from other instances that have waited longer than `olderThanMs` to be announced as
   * stored: their author's instance may have died after relaying them.
   */
  storeOrphans(olderThanMs: number): void {
    const before = performance.now() - olderThanMs;
    for (const piece of this.durable.unsettledRemote()) {
      if (piece.at > before) continue;
      this.durable.adopt(piece);
      this.options.logger.info('storage.orphan_stored', { board: this.options.boardId, bytes: piece.update.byteLength });
      // Who made it was known to the instance that died: the history keeps the change, by nobody known.
      this.store([{ update: piece.update, stamp: { at: Date.now(), by: null } }], [piece]);
    }
  }

  /**
   * Runs a write until it succeeds, with a growing pause, saying so each time it fails (`storage.<op>_failed`): the
   * board stays live meanwhile.
   */
  async retrying(op: StorageOp, write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const took = metrics.storageSeconds.startTimer({ op });
      try {
        await write();
        took();
        this.setCanSave(true);
        return;
      } catch (error) {
        metrics.storageErrors.inc({ op });
        this.options.logger.error(`storage.${op}_failed`, { board: this.options.boardId, attempt, error });
        this.setCanSave(false);
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5000)));
      }
    }
  }

  /** Counts a write among those `flushed` waits for. */
  track(write: Promise<void>): void {
    track(this.pending, write);
  }

  /** Resolves once every write started so far, and every one started meanwhile, has committed. */
  async flushed(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /**
   * Merges the stored log in the background: what is committed when it reads. It does not wait for the pending
   * appends: in a room where someone is always typing, some append is always pending, and the log would grow unmerged
   * (storage merges beside appends and keeps those it did not read). Who wants them in, waits for them first.
   */
  async compact(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      const { storage, boardId } = this.options;
      const took = metrics.storageSeconds.startTimer({ op: 'compaction' });
      const { rows, bytesBefore, bytesAfter } = await storage.compact(boardId);
      took();
      // The rows merged are replaced by one; rows appended meanwhile stay and still count.
      this.storedBytes += bytesAfter - bytesBefore;
      this.appendedSinceCompaction = Math.max(0, this.appendedSinceCompaction - rows);
      const history = await storage.compactHistory(boardId, this.options.history ?? DEFAULT_HISTORY_POLICY);
      if (rows > 0) this.options.logger.info('storage.compacted', { board: boardId, rows, history: history.after, historyBefore: history.before });
    } catch (error) {
      metrics.storageErrors.inc({ op: 'compaction' });
      this.options.logger.error('storage.compact_failed', { board: this.options.boardId, error });
    } finally {
      this.compacting = false;
    }
  }

  /** Whether there is more than one row to merge (when the room closes). */
  get uncompacted(): boolean {
    return this.appendedSinceCompaction > 1;
  }

  private setCanSave(canSave: boolean): void {
    if (this.canSave === canSave) return;
    this.canSave = canSave;
    if (!canSave) this.options.logger.warn('storage.cannot_save', { board: this.options.boardId });
    this.options.onCanSave(canSave);
  }
}
