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

it('starts its worker threads whatever Node flags the process was started with', async () => {
  // Flags for the process (a TypeScript loader and a module in TypeScript), from `NODE_OPTIONS`, which worker threads
  // inherit unless told otherwise: the SQLite writer and the export pool must run all the same.
  server = await spawnServer(tempDir(), 0, { NODE_OPTIONS: '--import tsx --import ./tests/fixtures/processOnly.ts' });
  const board = await createBoard(server.url);
  client = connectSavingClient(server.url, board.id, board.tokens.editor);
  await client.synced;
  askWhy(client.doc, COMPLAINT_ID, { text: 'The retry job charged the card a second time' }, 'test');
  const clock = Y.getState(client.doc.store, client.doc.clientID);
  await expect.poll(() => client!.acks.at(-1) ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(clock);

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
