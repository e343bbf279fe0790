/**
 * How `SqliteStorage` talks to its writer thread (`sqliteWriter.worker.ts`): one request at a time per id, answered
 * with the boards that do not exist (an append batch), what a compaction did, or the error.
 */
import { Worker } from 'node:worker_threads';
import { WORKER_FLAGS, workerScript } from '../work/workerScript';
import type { AppendBatch } from './GroupCommit';
import type { Compaction, HistoryCompaction, HistoryPolicy } from './Storage';

export type WriterRequest =
  | { id: number; kind: 'append'; items: AppendBatch }
  | { id: number; kind: 'compact'; boardId: string }
  | { id: number; kind: 'compactHistory'; boardId: string; policy: HistoryPolicy }
  | 'close';

export type WriterReply =
  { id: number; missing: string[] } | { id: number; compacted: Compaction } | { id: number; history: HistoryCompaction } | { id: number; error: string };

/** What the writer says once, first: its connection is open. */
export type WriterReady = 'ready';

/**
 * Starts the writer for `file` (whose schema the main connection has created); resolves once it has opened the file
 * and takes requests, and fails if it dies before.
 */
export async function startWriter(file: string): Promise<Worker> {
  const worker = new Worker(await workerScript('sqliteWriter'), { ...WORKER_FLAGS, workerData: { file } });
  worker.unref();
  await new Promise<void>((resolve, reject) => {
    const ready = (message: unknown) => message === ('ready' satisfies WriterReady) && (worker.off('error', reject), worker.off('exit', exited), resolve());
    const exited = (code: number) => reject(new Error(`The SQLite writer exited with code ${code} before it was ready.`));
    worker.once('message', ready);
    worker.once('error', reject);
    worker.once('exit', exited);
  });
  return worker;
}
