import os from 'node:os';
import { Worker, type Transferable } from 'node:worker_threads';
import { ApiErrorCode } from '../../shared/protocol';
import { HttpError } from '../http';
import type { JobKind, JobMessage, JobReply, Jobs } from './worker';
import { workerScript } from './workerScript';

/** What one job may cost, and how many may run or wait at once. */
export interface WorkLimits {
  /** Jobs running at once, each in its own thread. Default: the cores left over after the main thread's, 1 or 2. */
  workers: number;
  /** Jobs waiting for a thread; one more is refused with 503 (try again shortly) rather than queued behind the rest. */
  queue: number;
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
  timeoutMs: 60_000,
  heapMb: 256,
};

interface Task {
  message: JobMessage;
  transfer: Transferable[];
  resolve: (result: Jobs[JobKind]['result']) => void;
  reject: (error: Error) => void;
}

/** A thread that does one job at a time; kept for the next job, replaced when it was stopped or died. */
interface Thread {
  /** Undefined while the thread starts. */
  worker: Worker | undefined;
  task: Task | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Long work (exports, PDF, board-file imports) off the event loop: each job runs in a worker thread with a time and a
 * heap budget, so one board's export never stalls another board's meeting, and a job that blows its budget costs its
 * own request a clear 503 and nothing else. Threads start at first use and are kept; they never keep the process alive.
 */
export class WorkPool {
  private readonly threads = new Set<Thread>();
  private readonly waiting: Task[] = [];

  constructor(readonly limits: WorkLimits = DEFAULT_WORK_LIMITS) {}

  /**
   * Runs a job in a worker thread (`transfer`: buffers handed over rather than copied). Rejects with an HttpError when
   * the queue is full, the job passes its budget or refuses its input.
   */
  run<K extends JobKind>(kind: K, job: Jobs[K]['job'], transfer: Transferable[] = []): Promise<Jobs[K]['result']> {
    if (this.waiting.length >= this.limits.queue) {
      return Promise.reject(new HttpError(503, ApiErrorCode.busy, 'The server is busy with other exports and imports. Try again in a few seconds.'));
    }
    return new Promise((resolve, reject) => {
      const message = { kind, job } as JobMessage;
      this.waiting.push({ message, transfer, resolve: resolve as Task['resolve'], reject });
      this.dispatch();
    });
  }

  /** Stops every thread (jobs in flight fail). */
  async close(): Promise<void> {
    const threads = [...this.threads];
    this.threads.clear();
    for (const task of this.waiting.splice(0)) task.reject(new HttpError(503, ApiErrorCode.busy, 'The server is shutting down.'));
    await Promise.all(threads.map((thread) => thread.worker?.terminate()));
  }

  /** Gives the next waiting job to an idle thread, starting one if the pool has room. */
  private dispatch(): void {
    if (this.waiting.length === 0) return;
    const idle = [...this.threads].find((thread) => thread.worker && !thread.task);
    if (idle) return this.assign(idle, this.waiting.shift()!);
    if (this.threads.size >= this.limits.workers) return; // all busy: the next to finish dispatches
    const thread: Thread = { worker: undefined, task: undefined, timer: undefined };
    this.threads.add(thread); // counted while it starts, so two jobs do not start two threads for one slot
    workerScript().then(
      (script) => {
        if (!this.threads.has(thread)) return; // closed meanwhile
        thread.worker = this.startWorker(thread, script);
        this.dispatch();
      },
      (error: unknown) => {
        // No thread can start (the worker script did not build): say so to the job that asked, not to nobody.
        this.threads.delete(thread);
        this.waiting.shift()?.reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  private assign(thread: Thread, task: Task): void {
    thread.task = task;
    thread.timer = setTimeout(() => this.fail(thread, this.overBudget(`took longer than ${Math.round(this.limits.timeoutMs / 1000)} seconds`)), this.limits.timeoutMs);
    thread.worker!.postMessage(task.message, task.transfer);
  }

  private startWorker(thread: Thread, script: string): Worker {
    const worker = new Worker(script, {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 16 },
      // The parent's flags (tsx's loader, vitest's) are for TypeScript sources; the worker runs one plain bundle.
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (reply: JobReply) => {
      const { task } = thread;
      if (!task) return;
      this.settle(thread);
      if ('result' in reply) task.resolve(reply.result);
      else if ('refused' in reply) task.reject(new HttpError(reply.refused.status, reply.refused.code, reply.refused.message, reply.refused.field));
      else task.reject(new Error(`A ${task.message.kind} job failed in its worker thread: ${reply.failed}`));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(thread, outOfMemory ? this.overBudget(`needed more than ${this.limits.heapMb} MB of memory`) : error);
    });
    worker.on('exit', () => this.fail(thread, new Error('The worker thread stopped.')));
    return worker;
  }

  private overBudget(what: string): HttpError {
    return new HttpError(503, ApiErrorCode.busy, `This work ${what}, more than the server gives one request. Try a smaller board or another format.`);
  }

  /** The thread's job is done: the thread takes the next one. */
  private settle(thread: Thread): void {
    clearTimeout(thread.timer);
    thread.task = undefined;
    thread.timer = undefined;
    this.dispatch();
  }

  /** The thread's job failed with `error`; the thread is stopped and forgotten, and another starts for what waits. */
  private fail(thread: Thread, error: Error): void {
    if (!this.threads.delete(thread)) return;
    const { task } = thread;
    clearTimeout(thread.timer);
    thread.task = undefined;
    void thread.worker?.terminate();
    task?.reject(error);
    this.dispatch();
  }
}
