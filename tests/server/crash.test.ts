import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import { MessageType } from '../../shared/protocol';
import { mulberry32 } from '../fixtures/random';
import { connectClient, createBoard, tempDir, type TestClient } from '../fixtures/server';
import { bundleServer } from '../fixtures/serverBundle';

/** Kill-and-restart cycles: 50 in `npm test`, more with WHYBOARD_CRASH_CYCLES (1,000 for the long run). */
const CYCLES = Number(process.env.WHYBOARD_CRASH_CYCLES ?? 50);

const root = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
const clients: TestClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Runs the real server entry point (`server/main.ts`, bundled) as a child process, and resolves with its URL. */
async function spawnServer(dataDir: string, port = 0): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawn(process.execPath, [await bundleServer()], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', WHYBOARD_DATA_DIR: dataDir, WHYBOARD_STATIC_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"event":"server.listening","url":"(http:\/\/[^"]+)"/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, url, port: Number(new URL(url).port) };
}

const kill = async (child: ChildProcess) => {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
};

describe('kill -9', () => {
  it('loses nothing the server had received and relayed, while edits are flowing', async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    const board = await createBoard(first.url);
    const writer = connectClient(first.url, board.id, board.tokens.editor);
    const watcher = connectClient(first.url, board.id, board.tokens.viewer);
    clients.push(writer, watcher);
    await Promise.all([writer.synced, watcher.synced]);

    // Write steadily; kill the server while edits are in flight.
    let written = 0;
    const timer = setInterval(() => {
      askWhy(writer.doc, COMPLAINT_ID, { text: `edit ${written++}` }, 'local');
    }, 2);
    await vi.waitFor(() => expect(readBoard(watcher.doc).causeIds.length).toBeGreaterThan(150), { timeout: 10_000 });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    clearInterval(timer);
    // What the watcher saw went through the server: the server had received (and stored) each of these.
    const seen = readBoard(watcher.doc).causeIds;
    writer.destroy();
    watcher.destroy();

    const second = await spawnServer(dataDir);
    const reader = connectClient(second.url, board.id, board.tokens.viewer);
    clients.push(reader);
    await reader.synced;
    const after = new Set(readBoard(reader.doc).causeIds);
    expect(seen.length).toBeGreaterThan(150);
    expect(written).toBeGreaterThan(seen.length - 1);
    expect(seen.filter((id) => !after.has(id))).toEqual([]);
  });

  it(`after ${CYCLES} kills at random moments, every acknowledged edit is there and the database is intact`, async () => {
    const dataDir = tempDir();
    const random = mulberry32(9);
    let server = await spawnServer(dataDir);
    const board = await createBoard(server.url);
    const acknowledged: string[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // A writer that asks for the `stored` acknowledgement and notes, for each edit, whether the server confirmed it.
      const writer = connectClient(server.url, board.id, board.tokens.editor, { ack: '1' });
      clients.push(writer);
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
      await kill(server.child);
      clearInterval(timer);
      acknowledged.push(...edits.filter((edit) => edit.clock <= storedClock).map((edit) => edit.id));
      writer.destroy();

      const db = new Database(path.join(dataDir, 'whyboard.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      server = await spawnServer(dataDir, server.port);
      const reader = connectClient(server.url, board.id, board.tokens.viewer);
      clients.push(reader);
      await reader.synced;
      const present = new Set(readBoard(reader.doc).causeIds);
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
      reader.destroy();
    }
    expect(acknowledged.length).toBeGreaterThan(CYCLES * 3);
  }, 600_000);

  it('SIGTERM writes what is pending, merges the log and exits cleanly', async () => {
    const dataDir = tempDir();
    const server = await spawnServer(dataDir);
    const board = await createBoard(server.url);
    const writer = connectClient(server.url, board.id, board.tokens.editor);
    clients.push(writer);
    await writer.synced;
    for (let i = 0; i < 40; i++) askWhy(writer.doc, COMPLAINT_ID, { id: `t${i}`, text: `edit ${i}` }, 'local');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const db = new Database(path.join(dataDir, 'whyboard.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT count(*) AS n FROM updates WHERE board_id = ?').get(board.id) as { n: number }).n).toBe(1); // merged
    db.close();
    writer.destroy();
    const again = await spawnServer(dataDir);
    const reader = connectClient(again.url, board.id, board.tokens.viewer);
    clients.push(reader);
    await reader.synced;
    expect(readBoard(reader.doc).causeIds).toHaveLength(40);
  });
});
