import os from 'node:os';
import Piscina from 'piscina';
import { ApiErrorCode } from '../../shared/protocol';
import { HttpError } from '../http';
import type { JobKind, JobMessage, JobReply, Jobs } from './worker';
import { WORKER_FLAGS, workerScript } from './workerScript';

/** What one job may cost, and how many may run or wait at once. */
export interface WorkLimits {
  /** Jobs running at once, each in its own thread. Default: the cores left over after the main thread's, 1 or 2. */
  workers: number;
  /** Jobs waiting for a thread; one more is refused with 503 (try again shortly) rather than queued behind the rest. */
  queue: number;
  /** Jobs one client address may have running or waiting at once; one more is refused with 429. */
  perOwner: number;
  /** Longest a job may run; past it its thread is stopped and the request answered 503. */
  timeoutMs: number;
  /**
   * A job's JavaScript heap, in MB; past it its thread is stopped (503). Buffers are outside it (Node counts them
   * apart): whatever allocates them, such as decoding a picture, must bound them itself (server/picture.ts does).
   */
  heapMb: number;
}

export const DEFAULT_WORK_LIMITS: WorkLimits = {
  workers: Math.max(1, Math.min(2, os.availableParallelism() - 1)),
  queue: 16,
  // Enough for a manager downloading a report and a letter at once; not enough for one address to take every thread.
  perOwner: 2,
  timeoutMs: 60_000,
  heapMb: 256,
};

/**
 * Long work (exports, PDF, board-file imports, reading a board that is not open) off the event loop, in a Piscina pool
 * of worker threads: each job with a time and a heap budget, so one board's export never stalls another board's
 * meeting, and a job that blows its budget costs its own request a clear 503 and nothing else.
 */
export class WorkPool {
  private pool: Promise<Piscina<JobMessage, JobReply>> | undefined;
  /** Jobs running or waiting now, in all and by owner. */
  private admitted = 0;
  private readonly byOwner = new Map<string, number>();

  constructor(readonly limits: WorkLimits = DEFAULT_WORK_LIMITS) {}

  /**
   * Runs a job in a worker thread for `owner` (the client's address; `transfer`: buffers handed over rather than
   * copied). Rejects with an HttpError when the queue is full or the owner has as many jobs as it may, or when the job
   * passes its budget or refuses its input. `signal` stops the job when whoever asked for it is gone (`whileConnected`):
   * a client that gives up does not keep a thread, and everyone else waiting, busy.
   */
  async run<K extends JobKind>(
    kind: K,
    job: Jobs[K]['job'],
    { owner = '', transfer = [], signal }: { owner?: string; transfer?: ArrayBuffer[]; signal?: AbortSignal } = {},
  ): Promise<Jobs[K]['result']> {
    // Admission is counted here: Piscina's own queue limit does not count jobs waiting for a thread that is starting.
    if (this.admitted >= this.limits.workers + this.limits.queue) throw busy();
    const owned = this.byOwner.get(owner) ?? 0;
    if (owned >= this.limits.perOwner) {
      throw new HttpError(
        429,
        ApiErrorCode.tooManyRequests,
        `This address already has ${owned} exports or imports under way: wait for them to finish.`,
        undefined,
        2,
      );
    }
    this.admitted++;
    this.byOwner.set(owner, owned + 1);
    let reply: JobReply;
    try {
      const pool = await this.start();
      const timeout = AbortSignal.timeout(this.limits.timeoutMs);
      reply = await pool.run({ kind, job } as JobMessage, { transferList: transfer, signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
    } catch (error) {
      throw this.explain(error);
    } finally {
      this.admitted--;
      const left = (this.byOwner.get(owner) ?? 1) - 1;
      if (left > 0) this.byOwner.set(owner, left);
      else this.byOwner.delete(owner);
    }
    if ('result' in reply) return reply.result as Jobs[K]['result'];
    if ('refused' in reply) throw new HttpError(reply.refused.status, reply.refused.code, reply.refused.message, reply.refused.field);
    throw new Error(`A ${kind} job failed in its worker thread: ${reply.failed}`);
  }

  /** Stops every thread (jobs in flight fail). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await (await pool?.catch(() => undefined))?.destroy();
  }

  /** The pool, started at first use: its threads run the bundled worker script, built then. */
  private start(): Promise<Piscina<JobMessage, JobReply>> {
    this.pool ??= workerScript().then(
      (filename) =>
        new Piscina<JobMessage, JobReply>({
          filename,
          minThreads: 0,
          maxThreads: this.limits.workers,
          maxQueue: this.limits.queue,
          // Threads stay a minute after their last job: a burst of exports does not start one per job.
          idleTimeout: 60_000,
          resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 16 },
          ...WORKER_FLAGS,
        }),
      (error: unknown) => {
        this.pool = undefined; // the worker script did not build: the next job tries again
        throw error;
      },
    );
    return this.pool;
  }

  /** What a job that failed in the pool tells its request. */
  private explain(error: unknown): Error {
    const { name, code, message } = error as { name?: string; code?: string; message?: string };
    if (name === 'AbortError') return this.overBudget(`took longer than ${Math.round(this.limits.timeoutMs / 1000)} seconds`);
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') return this.overBudget(`needed more than ${this.limits.heapMb} MB of memory`);
    if (message === 'Task queue is at limit' || message === 'No task queue available and all Workers are busy') return busy();
    return error instanceof Error ? error : new Error(String(error));
  }

  private overBudget(what: string): HttpError {
    return new HttpError(503, ApiErrorCode.busy, `This work ${what}, more than the server gives one request. Try a smaller board or another format.`);
  }
}

const busy = () => new HttpError(503, ApiErrorCode.busy, 'The server is busy with other exports and imports. Try again in a few seconds.', undefined, 5);
