import fs from 'node:fs';
import os from 'node:os';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPLAINT_ID, askWhy } from '../../shared/board';
import { connectSavingClient, createBoard, tempDir, type SavingClient } from '../fixtures/server';
import { killServer, spawnServer, type ServerProcess } from '../fixtures/serverProcess';

let server: ServerProcess | undefined;
let client: SavingClient | undefined;
afterEach(async () => {
  client?.destroy();
  if (server) await killServer(server.child);
});

/** Creates a board on `on`, adds a cause to it, and waits until the server acknowledges it as stored (the appends' writer). */
async function savedCause(on: ServerProcess, text: string) {
  const board = await createBoard(on.url);
  client = connectSavingClient(on.url, board.id, board.tokens.editor);
  await client.synced;
  askWhy(client.doc, COMPLAINT_ID, { text }, 'test');
  const clock = Y.getState(client.doc.store, client.doc.clientID);
  await expect.poll(() => client!.acks.at(-1) ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(clock);
  return board;
}

it('starts its worker threads whatever Node flags the process was started with', async () => {
  // Flags for the process (a TypeScript loader and a module in TypeScript), from `NODE_OPTIONS`, which worker threads
  // inherit unless told otherwise: the SQLite writer and the export pool must run all the same.
  server = await spawnServer(tempDir(), 0, { NODE_OPTIONS: '--import tsx --import ./tests/fixtures/processOnly.ts' });
  const board = await savedCause(server, 'The retry job charged the card a second time');

  // A job in the export pool (a PDF) runs in a worker thread too.
  const pdf = await fetch(`${server.url}/api/boards/${board.id}/export/report.pdf`, { headers: { Authorization: `Bearer ${board.tokens.viewer}` } });
  expect(pdf.status).toBe(200);
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  // A worker that failed to start would have been replaced by the main thread silently but for its log line.
  expect(server.output()).not.toContain('"level":"error"');
  expect(server.output()).toContain('"event":"storage.writer_started"');
});

/** The nice value of a thread of process `pid` (Linux: `/proc/<pid>/task/<tid>/stat`, field 19). */
function niceOf(pid: number, tid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  // After the command name (in parentheses, and it may hold spaces): field 3 (state) onwards.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

// Linux only: there a nice value belongs to a thread; elsewhere the server does not change its threads' priorities.
it.runIf(process.platform === 'linux')(
  'runs compaction at the lowest CPU priority, and the event loop and the appends at the priority it was started with',
  async () => {
    // The server inherits this process's priority (0, unless the tests were started with `nice`).
    const started = os.getPriority();
    server = await spawnServer(tempDir());
    const pid = server.child.pid!;
    await expect.poll(() => server!.output().match(/"event":"storage.writer_started"/g)?.length ?? 0, { timeout: 10_000 }).toBe(2);
    // Each writer says which thread it is; the compaction thread lowers its own priority before it says it is ready.
    const threads = new Map(
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('"event":"storage.writer_started"'))
        .map((line) => JSON.parse(line) as { role: string; thread: number })
        .map(({ role, thread }) => [role, thread]),
    );
    expect(niceOf(pid, threads.get('compaction')!)).toBe(os.constants.priority.PRIORITY_LOW);
    expect(niceOf(pid, threads.get('appends')!)).toBe(started);
    expect(niceOf(pid, pid)).toBe(started); // the event loop: not the whole process
    // And a change is stored and acknowledged: its writes run on the appends' writer.
    await savedCause(server, 'The label printer ran out of ribbon');
  },
);
