/**
 * A SQLite writer thread, with its own connection to the board file. The appends' writer commits each batch of appends
 * in one transaction, and compaction's swaps and folds: a commit with `synchronous = FULL` waits for the disk, and
 * here that wait does not stop the server's event loop (measured: a third of the main thread's time at 500 edits/s).
 * The compaction thread reads and merges (compaction's plans) on a read-only connection at the lowest priority: it
 * never holds the write lock, so the appends never wait for a thread the scheduler keeps waiting. Bundled and started
 * by `SqliteStorage` (see `server/work/workerScript.ts`).
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { WRITER_BUSY_TIMEOUT_MS, logPlanner, logWriter, openDatabase, openReadOnly } from './sqliteLog';
import { decodeAppends, type WriterData, type WriterReady, type WriterReply, type WriterRequest } from './sqliteWriter';

const { file, role } = workerData as WriterData;
if (role === 'compaction') yieldToTheEventLoop();
const db = role === 'compaction' ? openReadOnly(file) : openDatabase(file, WRITER_BUSY_TIMEOUT_MS);
const writer = role === 'appends' ? logWriter(db) : undefined;
const planner = role === 'compaction' ? logPlanner(db) : undefined;
/** This thread's part, or an error for a request sent to the wrong thread. */
const own = <T>(part: T | undefined, kind: string): T => {
  if (!part) throw new Error(`The ${role} thread does not take "${kind}" requests.`);
  return part;
};
parentPort!.postMessage({ ready: true, thread: threadId() } satisfies WriterReady);

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
        reply = { id: request.id, missing: own(writer, request.kind).commit(decodeAppends(request.rows)) };
        break;
      case 'swap':
        own(writer, request.kind).swap(request.plan);
        reply = { id: request.id, done: true };
        break;
      case 'fold':
        own(writer, request.kind).fold(request.folds);
        reply = { id: request.id, done: true };
        break;
      case 'plan': {
        const plan = own(planner, request.kind)[request.plan] as (...args: unknown[]) => unknown;
        reply = { id: request.id, planned: plan(...request.args) };
        break;
      }
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
 * the lowest priority; 21 to 30 with no compaction at all). It holds no lock the others wait for (its connection is
 * read-only): at this priority, a transaction of its own could have kept the appends waiting for as long as a busy
 * event loop kept it off the core. The appends' writer keeps the server's priority: at the lowest, a saturated event
 * loop starved it and "Saved" took seconds (acknowledgement p99 1.6 to 4.4 s at 4,000 edits a second). Linux only:
 * there a nice value belongs to the calling thread, while elsewhere it would lower the whole server.
 */
function yieldToTheEventLoop(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(os.constants.priority.PRIORITY_LOW);
  } catch {
    // A system that refuses it: compaction runs at the server's priority, as it did.
  }
}

/** This thread's id in the kernel (Linux: `/proc/thread-self` links to `<pid>/task/<tid>`); undefined elsewhere. */
function threadId(): number | undefined {
  try {
    return Number(fs.readlinkSync('/proc/thread-self').split('/').at(-1));
  } catch {
    return undefined;
  }
}
