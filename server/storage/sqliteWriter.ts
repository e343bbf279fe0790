/**
 * The SQLite append writer: a worker thread with its own connection to the board file, committing each batch of
 * appends in one transaction. A commit with `synchronous = FULL` waits for the disk; in the worker, that wait no
 * longer stops the server's event loop (measured: a third of the main thread's time at 500 edits/s).
 *
 * The worker's code is a string run with `eval`, so the same file serves under tsx, in the esbuild bundle the tests
 * start, and in production; it loads better-sqlite3 from the path the main thread resolved.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface WriterBatch {
  id: number;
  items: Array<{ boardId: string; update: Uint8Array }>;
}

export type WriterReply = { id: number; missing: string[] } | { id: number; error: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
const touch = db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?');
const insert = db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)');
const commit = db.transaction((items) => {
  const now = Date.now();
  const known = new Set();
  const missing = new Set();
  for (const { boardId, update } of items) {
    if (missing.has(boardId)) continue;
    if (!known.has(boardId)) {
      if (touch.run(now, boardId).changes === 0) { missing.add(boardId); continue; }
      known.add(boardId);
    }
    insert.run(boardId, update);
  }
  return [...missing];
});
parentPort.on('message', (batch) => {
  if (batch === 'close') { db.close(); parentPort.close(); return; }
  try {
    parentPort.postMessage({ id: batch.id, missing: commit(batch.items) });
  } catch (error) {
    parentPort.postMessage({ id: batch.id, error: String(error && error.message || error) });
  }
});
`;

/** Starts the writer for `file` (whose schema the main connection has created). */
export function startWriter(file: string): Worker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
  worker.unref();
  return worker;
}
