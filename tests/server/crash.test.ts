import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, Limits, askWhy, readBoard } from '../../shared/board';
import { decodeChanges } from '../../shared/history/changes';
import { MessageType, type CreateBoardResponse } from '../../shared/protocol';
import { mulberry32 } from '../fixtures/random';
import { connectClient, createBoard, tempDir, type TestClient } from '../fixtures/server';
import { killServer, spawnServer, type ServerProcess } from '../fixtures/serverProcess';

/** Kill-and-restart cycles: 50 in `npm test`, more with WHYBOARD_CRASH_CYCLES (1,000 in `npm run test:long`). */
const CYCLES = Number(process.env.WHYBOARD_CRASH_CYCLES ?? 50);
/**
 * The causes a board takes before the test goes on with a fresh one, so any number of cycles fits: a cycle adds at most
 * ~60 (one every 3 ms for up to 180 ms), which stays under `Limits.causes`. A board lasts ~30 cycles: `npm test`'s 50
 * move on to a fresh one at least once, and the server compacts each board's log (every 500 appends) a time or two,
 * kills landing in the middle of that included.
 */
const CAUSES_PER_BOARD = 1000;
/** The cycle whose heap is the baseline: by then the test's modules, the server bundle and the first boards are loaded. */
const BASELINE_CYCLE = 10;
/**
 * How much the test worker's live heap may grow past the baseline over the whole run. It keeps the ids of the
 * acknowledged edits (~2 MB over 1,000 cycles), and a client closed a moment ago can still be reachable from its
 * reconnect timer, with its copy of the board (several MB at CAUSES_PER_BOARD). The leak that once ended the long
 * run in "heap out of memory" kept every client of every cycle: a board's worth more each cycle.
 */
const HEAP_GROWTH_BUDGET_MB = 40;

// The heap is measured after a full collection, or it measures the collector's timing: `gc` is not exposed in a
// vitest worker, so expose it here (V8 reads the flag when a new context is created).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const liveHeapMb = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

let server: ServerProcess | undefined;
const clients = new Set<TestClient>();
afterEach(async () => {
  for (const client of clients) client.destroy();
  clients.clear();
  if (server) await killServer(server.child);
  server = undefined;
});

/** A client the test closes once done with it (a thousand cycles must not keep a thousand boards); `afterEach` closes what a failing test left open. */
function open(...args: Parameters<typeof connectClient>): TestClient & { close(): void } {
  const client = connectClient(...args);
  clients.add(client);
  return {
    ...client,
    close: () => {
      clients.delete(client);
      client.destroy();
    },
  };
}

const integrityCheck = (dataDir: string): unknown => {
  const db = new Database(path.join(dataDir, 'whyboard.db'), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
};

/** A board the crash run writes to, with the edits the server acknowledged as stored. */
interface CrashBoard {
  board: CreateBoardResponse;
  acknowledged: string[];
  /** Causes on the board when it was last read back. */
  causes: number;
}

/** The causes whose addition the board's history lists. */
/**
 * The causes the board's stored history adds, each with the role of whoever added it: its changes replayed in order, as
 * the History panel replays them. (Its steps may fold many causes stored in one change into one step.)
 */
async function addedInHistory(url: string, board: CreateBoardResponse): Promise<Map<string, string | undefined>> {
  const res = await fetch(`${url}/api/boards/${board.id}/history/changes`, { headers: { Authorization: `Bearer ${board.tokens.viewer}` } });
  const doc = new Y.Doc();
  const added = new Map<string, string | undefined>();
  for (const change of decodeChanges(new Uint8Array(await res.arrayBuffer()))) {
    Y.applyUpdate(doc, change.update);
    for (const id of readBoard(doc).causeIds) if (!added.has(id)) added.set(id, change.by?.role);
  }
  return added;
}

describe('kill -9', () => {
  it('loses nothing acknowledged, and nothing a reconnecting client holds, while edits are flowing', async () => {
    const dataDir = tempDir();
    server = await spawnServer(dataDir);
    const board = await createBoard(server.url);
    const writer = open(server.url, board.id, board.tokens.editor, { ack: '1' });
    const watcher = open(server.url, board.id, board.tokens.viewer);
    let storedClock = 0;
    writer.provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => {
      storedClock = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(writer.doc.clientID) ?? 0;
    };
    await Promise.all([writer.synced, watcher.synced]);

    // Write steadily; kill the server while edits are in flight (relayed at once, some not yet committed).
    const edits: Array<{ id: string; clock: number }> = [];
    const timer = setInterval(() => {
      const id = askWhy(writer.doc, COMPLAINT_ID, { text: `edit ${edits.length}` }, 'local');
      edits.push({ id, clock: Y.getState(writer.doc.store, writer.doc.clientID) });
    }, 2);
    await vi.waitFor(() => expect(readBoard(watcher.doc).causeIds.length).toBeGreaterThan(150), { timeout: 10_000 });
    await killServer(server.child);
    clearInterval(timer);
    const acknowledged = edits.filter((edit) => edit.clock <= storedClock).map((edit) => edit.id);
    watcher.close();

    server = await spawnServer(dataDir, server.port);
    // Before the writer is back: everything it was told is saved is there.
    const reader = open(server.url, board.id, board.tokens.viewer);
    await reader.synced;
    const stored = new Set(readBoard(reader.doc).causeIds);
    expect(acknowledged.length).toBeGreaterThan(100);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    // So is its history: each acknowledged cause's addition, by the writer.
    const inHistory = await addedInHistory(server.url, board);
    expect(acknowledged.filter((id) => inHistory.get(id) !== 'editor')).toEqual([]);
    // The writer reconnects (its provider retries the same port) and gives back what the crash took: everything.
    await vi.waitFor(() => expect(readBoard(reader.doc).causeIds.length).toBe(edits.length), { timeout: 15_000 });
    expect(new Set(readBoard(reader.doc).causeIds)).toEqual(new Set(edits.map((edit) => edit.id)));
    // (The first history read may wait for the server process to start its worker thread.)
    await vi.waitFor(async () => expect((await addedInHistory(server!.url, board)).size).toBe(edits.length), { timeout: 20_000 });
  }, 60_000);

  it(`after ${CYCLES} kills at random moments, every acknowledged edit is there and the database is intact`, async () => {
    const dataDir = tempDir();
    const random = mulberry32(9);
    server = await spawnServer(dataDir);
    const boards: CrashBoard[] = [];
    const heapAfter: number[] = [];
    let presenceChecks = 0;
    let integrityChecks = 0;

    /** Reads a board back from the running server: each of its acknowledged edits must be there. */
    const verify = async (crashBoard: CrashBoard) => {
      const reader = open(server!.url, crashBoard.board.id, crashBoard.board.tokens.viewer);
      await reader.synced;
      const present = readBoard(reader.doc).causeIds;
      reader.close();
      const presentSet = new Set(present);
      expect(
        crashBoard.acknowledged.filter((id) => !presentSet.has(id)),
        `lost on board ${boards.indexOf(crashBoard)}`,
      ).toEqual([]);
      presenceChecks += crashBoard.acknowledged.length;
      crashBoard.causes = present.length;
    };

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      let current = boards.at(-1);
      if (!current || current.causes >= CAUSES_PER_BOARD) {
        current = { board: await createBoard(server.url), acknowledged: [], causes: 0 };
        boards.push(current);
      }
      const { board } = current;
      // A writer that asks for the `stored` acknowledgement and notes, for each edit, whether the server confirmed it.
      const writer = open(server.url, board.id, board.tokens.editor, { ack: '1' });
      let storedClock = 0;
      writer.provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => {
        storedClock = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(writer.doc.clientID) ?? 0;
      };
      await writer.synced;
      const edits: Array<{ id: string; clock: number }> = [];
      const timer = setInterval(() => {
        const id = `c${cycle}n${edits.length}`;
        askWhy(writer.doc, COMPLAINT_ID, { id, text: id }, 'local');
        edits.push({ id, clock: Y.getState(writer.doc.store, writer.doc.clientID) });
      }, 3);
      await new Promise((resolve) => setTimeout(resolve, 30 + random() * 150));
      await killServer(server.child);
      clearInterval(timer);
      current.acknowledged.push(...edits.filter((edit) => edit.clock <= storedClock).map((edit) => edit.id));
      writer.close();

      expect(integrityCheck(dataDir), `integrity_check after kill ${cycle + 1}`).toBe('ok');
      integrityChecks++;
      // Measured while no client and no server is up: what is left is what the test keeps from cycle to cycle.
      heapAfter.push(liveHeapMb());

      server = await spawnServer(dataDir, server.port);
      await verify(current);
    }
    // Every board once more, after all the restarts since it was written.
    for (const crashBoard of boards) await verify(crashBoard);

    const acknowledged = boards.reduce((sum, { acknowledged }) => sum + acknowledged.length, 0);
    const baselineIndex = Math.min(BASELINE_CYCLE, CYCLES) - 1;
    const baseline = heapAfter[baselineIndex]!;
    const peak = Math.max(...heapAfter.slice(baselineIndex));
    console.info(
      `[figures] crash: ${CYCLES} kill -9 cycles over ${boards.length} boards; ${acknowledged} acknowledged edits, 0 lost ` +
        `(${presenceChecks} presence checks); ${integrityChecks} integrity checks ok; test heap ${baseline.toFixed(1)} MB after cycle ` +
        `${baselineIndex + 1}, ${heapAfter.at(-1)!.toFixed(1)} MB after cycle ${CYCLES}, peak ${peak.toFixed(1)} MB since`,
    );
    expect(acknowledged).toBeGreaterThan(CYCLES * 3);
    expect(boards.every(({ causes }) => causes < Limits.causes)).toBe(true);
    expect(peak - baseline).toBeLessThan(HEAP_GROWTH_BUDGET_MB);
  }, 3_600_000);

  it('SIGTERM writes what is pending, merges the log and exits cleanly', async () => {
    const dataDir = tempDir();
    server = await spawnServer(dataDir);
    const board = await createBoard(server.url);
    const writer = open(server.url, board.id, board.tokens.editor);
    await writer.synced;
    for (let i = 0; i < 40; i++) askWhy(writer.doc, COMPLAINT_ID, { id: `t${i}`, text: `edit ${i}` }, 'local');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exited = new Promise<number | null>((resolve) => server!.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const db = new Database(path.join(dataDir, 'whyboard.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM updates WHERE board_id = ?').get(board.id) as { n: number }).n).toBe(1); // merged
    db.close();
    writer.close();
    server = await spawnServer(dataDir);
    const reader = open(server.url, board.id, board.tokens.viewer);
    await reader.synced;
    expect(readBoard(reader.doc).causeIds).toHaveLength(40);
  });
});
