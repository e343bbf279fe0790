/**
 * The SQLite writer thread: its own connection to the board file, committing each batch of appends in one transaction
 * and merging logs (compaction). A commit with `synchronous = FULL` waits for the disk; here, that wait does not stop
 * the server's event loop (measured: a third of the main thread's time at 500 edits/s, and compaction's commit was
 * the tail of fan-out latency under load). Bundled and started by `SqliteStorage` (see `server/work/workerScript.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WRITER_BUSY_TIMEOUT_MS, boardLog, openDatabase } from './sqliteLog';
import { decodeAppends, type WriterReady, type WriterReply, type WriterRequest } from './sqliteWriter';

const db = openDatabase((workerData as { file: string }).file, WRITER_BUSY_TIMEOUT_MS);
const log = boardLog(db);
parentPort!.postMessage('ready' satisfies WriterReady);

parentPort!.on('message', (request: WriterRequest) => {
  if (request === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let reply: WriterReply;
  try {
    switch (request.kind) {
      case 'append':
        reply = { id: request.id, missing: log.commit(decodeAppends(request.rows)) };
        break;
      case 'compact':
        reply = { id: request.id, compacted: log.compact(request.boardId) };
        break;
      case 'compactHistory':
        reply = { id: request.id, history: log.compactHistory(request.boardId, request.policy) };
        break;
    }
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
