/**
 * How `SqliteStorage` talks to its writer thread (`sqliteWriter.worker.ts`): one request at a time per id, answered
 * with the boards that do not exist (an append batch), what a compaction did, or the error.
 */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../work/workerScript';
import type { AppendBatch } from './GroupCommit';
import type { Compaction } from './Storage';

export type WriterRequest = { id: number; kind: 'append'; items: AppendBatch } | { id: number; kind: 'compact'; boardId: string } | 'close';

export type WriterReply = { id: number; missing: string[] } | { id: number; compacted: Compaction } | { id: number; error: string };

/** Starts the writer for `file` (whose schema the main connection has created). */
export async function startWriter(file: string): Promise<Worker> {
  const worker = new Worker(await workerScript('sqliteWriter'), { workerData: { file } });
  worker.unref();
  return worker;
}
