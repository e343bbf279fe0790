/**
 * How `SqliteStorage` talks to its writer thread (`sqliteWriter.worker.ts`): one request at a time per id, answered
 * with the boards that do not exist (an append batch), what a compaction did, or the error.
 */
import { Worker } from 'node:worker_threads';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WORKER_FLAGS, workerScript } from '../work/workerScript';
import type { AppendRow } from './sqliteLog';
import type { Compaction, HistoryCompaction, HistoryPolicy } from './Storage';

export type WriterRequest =
  /** `rows`: the batch as `encodeAppends` writes it (moved to the writer, not copied). */
  | { id: number; kind: 'append'; rows: Uint8Array }
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
