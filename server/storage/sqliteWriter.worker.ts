/**
 * The SQLite writer thread: its own connection to the board file, committing each batch of appends in one transaction
 * and merging logs (compaction). A commit with `synchronous = FULL` waits for the disk; here, that wait does not stop
 * the server's event loop (measured: a third of the main thread's time at 500 edits/s, and compaction's commit was
 * the tail of fan-out latency under load). Bundled and started by `SqliteStorage` (see `server/work/workerScript.ts`).
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { WRITER_BUSY_TIMEOUT_MS, boardLog, openDatabase } from './sqliteLog';
import { decodeAppends, type WriterData, type WriterReady, type WriterReply, type WriterRequest } from './sqliteWriter';

const { file, role } = workerData as WriterData;
if (role === 'compaction') yieldToTheEventLoop();
const db = openDatabase(file, WRITER_BUSY_TIMEOUT_MS);
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

/**
 * Gives the compaction thread the lowest CPU priority: it runs in the time the event loop leaves. Compaction is
 * background work, 50 to 100 ms at a time in a busy room; at the server's priority, on a core it shares with the event
 * loop, it took half of that core while it ran, and fan-out p99 in a room of 200 people was 34 to 60 ms (19 to 23 at
 * the lowest priority; 21 to 30 with no compaction at all). The appends' writer keeps the server's priority: at the
 * lowest, a saturated event loop starved it and "Saved" took seconds (acknowledgement p99 1.6 to 4.4 s at 4,000 edits
 * a second). Linux only: there a nice value belongs to the calling thread, while elsewhere it would lower the whole
 * server.
 */
function yieldToTheEventLoop(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(os.constants.priority.PRIORITY_LOW);
  } catch {
    // A system that refuses it: compaction runs at the server's priority, as it did.
  }
}
