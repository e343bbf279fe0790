/**
 * How `SqliteStorage` talks to its writer threads (`sqliteWriter.worker.ts`): one request at a time per id, answered
 * with the boards that do not exist (an append batch), that a compaction's write is done, what a compaction plans, or
 * the error.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WORKER_FLAGS, workerScript } from '../work/workerScript';
import type { Logger } from '../log';
import type { AppendRow, HistoryFolds, LogPlanner, LogSwap } from './sqliteLog';

export type WriterRequest =
  /** `rows`: the batch as `encodeAppends` writes it (moved to the writer, not copied). */
  | { id: number; kind: 'append'; rows: Uint8Array }
  /** A compaction's writes (the appends' writer). */
  | { id: number; kind: 'swap'; plan: LogSwap }
  | { id: number; kind: 'fold'; folds: HistoryFolds }
  /** A compaction's reads (the compaction thread): `LogPlanner[plan](...args)`. */
  | { id: number; kind: 'plan'; plan: keyof LogPlanner; args: unknown[] }
  | 'close';

export type WriterReply = { id: number; missing: string[] } | { id: number; done: true } | { id: number; planned: unknown } | { id: number; error: string };

/** What the writer says once, first: its connection is open. */
export interface WriterReady {
  ready: true;
  /** The thread's id in the kernel (Linux), for the logs: what `ps -L` and `top -H` show. */
  thread: number | undefined;
}

const isReady = (message: unknown): message is WriterReady => typeof message === 'object' && message !== null && 'ready' in message;

/**
 * Which writer a thread is: the one that commits every write (appends, and compactions' swaps and folds), or the one
 * that reads and merges for compaction in the background (read-only, at the lowest priority).
 */
export type WriterRole = 'appends' | 'compaction';

/** What a writer thread is started with. */
export interface WriterData {
  file: string;
  role: WriterRole;
}

/**
 * Starts a writer for `file` (whose schema the main connection has created); resolves once it has opened the file
 * and takes requests, and fails if it dies before.
 */
async function startWriter(data: WriterData): Promise<{ worker: Worker; thread: number | undefined }> {
  const worker = new Worker(await workerScript('sqliteWriter'), { ...WORKER_FLAGS, workerData: data });
  worker.unref();
  const thread = await new Promise<number | undefined>((resolve, reject) => {
    const ready = (message: unknown) => isReady(message) && (worker.off('error', reject), worker.off('exit', exited), resolve(message.thread));
    const exited = (code: number) => reject(new Error(`The SQLite writer exited with code ${code} before it was ready.`));
    worker.once('message', ready);
    worker.once('error', reject);
    worker.once('exit', exited);
  });
  return { worker, thread };
}

/** A request a writer has not answered yet. */
interface Pending {
  resolve: (reply: WriterReply) => void;
  reject: (error: Error) => void;
}

/**
 * One writer thread and its requests. Until it has started (its script may still be building) and after it dies, a
 * request runs on the calling thread instead: what it held fails (the rooms retry those writes), and they then run
 * there. `role` names it in the logs (`storage.writer_started`, `storage.writer_stopped`).
 */
export class WriterThread {
  private readonly worker: Promise<Worker>;
  private started: Worker | undefined;
  private alive = true;
  private readonly pending = new Map<number, Pending>();
  private nextRequest = 1;

  constructor(
    file: string,
    private readonly role: WriterRole,
    private readonly logger: Logger,
  ) {
    this.worker = startWriter({ file, role }).then(({ worker, thread }) => {
      this.started = worker;
      this.logger.info('storage.writer_started', { file: path.basename(file), role, thread });
      worker.on('message', (reply: WriterReply) => this.settle(reply));
      worker.on('error', (error) => this.stopped(error));
      worker.on('exit', () => this.stopped(new Error(`The SQLite writer (${role}) stopped.`)));
      return worker;
    });
    // A writer that cannot start (its script failed to build): its requests run on the calling thread.
    this.worker.catch((error: unknown) => this.stopped(error as Error));
  }

  /** Sends a request to the writer and reads its answer; without a writer, runs `here` instead. */
  async run<T>(request: (id: number) => Exclude<WriterRequest, 'close'>, read: (reply: WriterReply) => T, here: () => T): Promise<T> {
    const worker = this.alive ? this.started : undefined;
    if (!worker) return here();
    const id = this.nextRequest++;
    const reply = await new Promise<WriterReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // a request in progress keeps the process alive
      const message = request(id);
      // An append batch's buffer is moved, not copied (`encodeAppends` made it for this message alone).
      worker.postMessage(message, message.kind === 'append' ? [message.rows.buffer as ArrayBuffer] : []);
    });
    if ('error' in reply) throw new Error(reply.error);
    return read(reply);
  }

  private settle(reply: WriterReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.started?.unref();
    pending.resolve(reply);
  }

  /**
   * The writer stopped (or never started): what it held fails, and from now on its requests run on the calling thread.
   * Said once, loudly: the server still works, but those writes now wait on the event loop.
   */
  private stopped(error: Error): void {
    if (this.alive) this.logger.error('storage.writer_stopped', { role: this.role, error });
    this.alive = false;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  /** Lets the writer finish what it holds, close its connection and exit. */
  async close(): Promise<void> {
    const worker = this.alive ? await this.worker.catch(() => undefined) : undefined;
    if (!worker || !this.alive) return;
    this.alive = false; // its exit is expected now
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Held until it exits: an unreferenced thread's exit does not keep the process alive, and a caller that closes
    // the server last (a script, a benchmark) would have ended with its close still pending (Node's exit code 13).
    worker.ref();
    worker.postMessage('close' satisfies WriterRequest);
    await exited;
  }
}

/**
 * A batch of appends as one buffer, moved to the writer rather than copied: cloning the batch as objects (an object,
 * an array and a string or two an append) took 0.4 ms of the event loop a batch at 4,000 edits a second.
 */
export function encodeAppends(rows: readonly AppendRow[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, rows.length);
  for (const { boardId, update, at, author } of rows) {
    encoding.writeVarString(encoder, boardId);
    encoding.writeVarUint8Array(encoder, update);
    encoding.writeFloat64(encoder, at);
    encoding.writeVarUint(encoder, author === null ? 0 : 1);
    if (author !== null) encoding.writeVarString(encoder, author);
  }
  return encoding.toUint8Array(encoder);
}

export function decodeAppends(bytes: Uint8Array): AppendRow[] {
  const decoder = decoding.createDecoder(bytes);
  return Array.from({ length: decoding.readVarUint(decoder) }, () => {
    const boardId = decoding.readVarString(decoder);
    const update = decoding.readVarUint8Array(decoder);
    const at = decoding.readFloat64(decoder);
    return { boardId, update, at, author: decoding.readVarUint(decoder) === 0 ? null : decoding.readVarString(decoder) };
  });
}
