/**
 * The worker threads' entry (bundled by workerScript.ts, run by WorkPool.ts): takes one job at a time from the main
 * thread and answers with its result, or with the HTTP error the request should get.
 */
import { parentPort } from 'node:worker_threads';
import { HttpError } from '../http';
import type { BoardSnapshot } from '../../shared/board';
import { importBoard, type ImportJob } from './importBoard';
import { readStored, type ReadJob } from './readStored';
import { renderExport, type ExportJob } from './renderExport';

/** Each kind of job: what it is given and what it answers. */
export interface Jobs {
  export: { job: ExportJob; result: Uint8Array };
  import: { job: ImportJob; result: Uint8Array };
  read: { job: ReadJob; result: BoardSnapshot };
}
export type JobKind = keyof Jobs;
export type JobMessage = { [K in JobKind]: { kind: K; job: Jobs[K]['job'] } }[JobKind];
export type JobReply =
  | { result: Jobs[JobKind]['result'] }
  /** A refusal the request answers with (a 400 naming the problem). */
  | { refused: { status: number; code: HttpError['code']; message: string; field?: string } }
  /** A bug: the request gets a 500, the log gets this. */
  | { failed: string };

const port = parentPort!;
port.on('message', async (message: JobMessage) => {
  try {
    if (message.kind === 'read') {
      port.postMessage({ result: readStored(message.job) } satisfies JobReply);
      return;
    }
    const result = message.kind === 'export' ? await renderExport(message.job) : importBoard(message.job);
    // Bytes in a buffer of their own, handed over rather than copied: megabytes cost the main thread nothing to take.
    const bytes = typeof result === 'string' ? new TextEncoder().encode(result) : new Uint8Array(result);
    port.postMessage({ result: bytes } satisfies JobReply, [bytes.buffer]);
  } catch (error) {
    if (error instanceof HttpError) {
      const { status, code, message: text, field } = error;
      port.postMessage({ refused: { status, code, message: text, field } } satisfies JobReply);
    } else {
      port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies JobReply);
    }
  }
});
