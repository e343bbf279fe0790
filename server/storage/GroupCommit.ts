import type { Stamp } from './Storage';

/** An append: an update of a board, stored with when and who (its history). */
export interface Append {
  boardId: string;
  update: Uint8Array;
  stamp: Stamp;
}

/** An append waiting for its group commit. */
interface QueuedAppend extends Append {
  resolve: () => void;
  reject: (error: Error) => void;
}

export type AppendBatch = ReadonlyArray<Append>;

/**
 * Group commit for appends, shared by SQLite and PostgreSQL: the appends queued during one turn of the event loop are
 * committed together, one batch at a time; what is appended while a batch commits waits for the next, so under load
 * the batches grow and the commits (syncs to disk, round trips) do not. `commit` stores a batch and returns the boards
 * that do not exist, whose appends fail alone; if it throws, the whole batch fails (the rooms retry).
 */
export class GroupCommit {
  private queue: QueuedAppend[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly commit: (batch: AppendBatch) => Promise<Set<string>>) {}

  /** Resolves once `update` is committed. */
  append({ boardId, update, stamp }: Append): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ boardId, update, stamp, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or committing. */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) await (this.inFlight ?? this.flush());
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return Promise.resolve();
    this.inFlight = this.settle(batch).finally(() => {
      this.inFlight = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    return this.inFlight;
  }

  private async settle(batch: QueuedAppend[]): Promise<void> {
    try {
      const missing = await this.commit(batch);
      for (const item of batch) {
        if (missing.has(item.boardId)) item.reject(new Error(`Board ${item.boardId} does not exist.`));
        else item.resolve();
      }
    } catch (error) {
      for (const item of batch) item.reject(error as Error);
    }
  }
}
