/**
 * `npm run backup` and `npm run restore`, as the build runs them (the server's bundled programs, plain Node): a backup
 * taken while edits flow holds every edit acknowledged before it began, and a new server restored from it shows them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import { connectClient, connectSavingClient, createBoard, tempDir, type TestClient } from '../fixtures/server';
import { bundleServer } from '../fixtures/serverBundle';
import { killServer, spawnServer, type ServerProcess } from '../fixtures/serverProcess';

const run = promisify(execFile);

/** Runs one of the build's programs (`backup`, `restore`) on `dataDir`; resolves with its exit code and output. */
async function program(name: 'backup' | 'restore', dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const script = path.join(path.dirname(await bundleServer()), `${name}.mjs`);
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { env: { ...process.env, WHYBOARD_DATA_DIR: dataDir, DATABASE_URL: '' } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

const servers: ServerProcess[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await killServer(server.child);
});
const open = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args);
  clients.push(client);
  return client;
};
const start = async (dataDir: string) => {
  const server = await spawnServer(dataDir);
  servers.push(server);
  return server;
};

describe('backup and restore', () => {
  it('backs up a live database while edits flow; a server restored from it shows every edit acknowledged before', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    const board = await createBoard(server.url);
    const writer = connectSavingClient(server.url, board.id, board.tokens.editor);
    clients.push(writer);
    await writer.synced;
    const edits: Array<{ id: string; clock: number }> = [];
    const timer = setInterval(() => {
      const id = askWhy(writer.doc, COMPLAINT_ID, { text: `edit ${edits.length}` }, 'local');
      edits.push({ id, clock: Y.getState(writer.doc.store, writer.doc.clientID) });
    }, 3);
    try {
      await vi.waitFor(() => expect(edits.filter((edit) => edit.clock <= (writer.acks.at(-1) ?? 0)).length).toBeGreaterThan(100), { timeout: 10_000 });
      const acknowledged = edits.filter((edit) => edit.clock <= (writer.acks.at(-1) ?? 0)).map((edit) => edit.id);
      const file = path.join(tempDir(), 'whyboard-backup.db');
      const backup = await program('backup', dataDir, file);
      expect(backup.out).toMatch(/^Backed up 1 board \(/);
      expect(backup.code).toBe(0);
      // Edits kept flowing (and being stored) all along: the copy did not stop the server.
      const during = edits.length;
      await vi.waitFor(() => expect(edits.length).toBeGreaterThan(during + 10));

      // Restored into a new data directory and served from it.
      const restoredDir = tempDir();
      const restore = await program('restore', restoredDir, file);
      expect(restore.code).toBe(0);
      expect(restore.out).toContain('Restored 1 board from');
      const restored = await start(restoredDir);
      const reader = open(restored.url, board.id, board.tokens.viewer);
      await reader.synced;
      const present = new Set(readBoard(reader.doc).causeIds);
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
      // The old links work there too: the board's record came with it.
      expect((await fetch(`${restored.url}/api/boards/${board.id}/links`, { headers: { Authorization: `Bearer ${board.tokens.editor}` } })).status).toBe(200);
    } finally {
      clearInterval(timer);
    }
  }, 60_000);

  it('refuses to overwrite a file, to restore over a running server, and to restore what is not a Whyboard database', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    await createBoard(server.url);
    const folder = tempDir();
    const file = path.join(folder, 'backup.db');
    expect((await program('backup', dataDir, file)).code).toBe(0);
    const again = await program('backup', dataDir, file);
    expect(again.code).toBe(1);
    expect(again.out).toContain('exists already');

    // The server on dataDir is running: its database stays as it is.
    const over = await program('restore', dataDir, file);
    expect(over.code).toBe(1);
    expect(over.out).toMatch(/A server \(process \d+\) is running on .*whyboard\.db\. Stop it first/);

    const text = path.join(folder, 'notes.txt');
    fs.writeFileSync(text, 'not a database at all, but long enough to look like a header of one: '.repeat(20));
    const other = path.join(folder, 'other.db');
    new Database(other).exec('CREATE TABLE things (id TEXT)');
    const target = tempDir();
    expect((await program('restore', target, text)).out).toContain('is not a sound SQLite database');
    expect((await program('restore', target, other)).out).toContain("not Whyboard's");
    expect((await program('restore', target, path.join(folder, 'missing.db'))).out).toContain('There is no file');
    expect(fs.existsSync(path.join(target, 'whyboard.db'))).toBe(false);
    expect((await program('backup', dataDir)).code).toBe(2);
  }, 30_000);

  it('keeps the database it replaces, and restores once the server has stopped', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    const first = await createBoard(server.url);
    const file = path.join(tempDir(), 'backup.db');
    expect((await program('backup', dataDir, file)).code).toBe(0);
    const later = await createBoard(server.url);
    // Stopped as an operator stops it (SIGTERM): it says it is no longer running.
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    servers.splice(servers.indexOf(server), 1);

    const restore = await program('restore', dataDir, file);
    expect(restore.code).toBe(0);
    const kept = /kept as (.+)\.$/.exec(restore.out.trim())?.[1];
    expect(kept && fs.existsSync(kept)).toBe(true);
    const restarted = await start(dataDir);
    const status = async (id: string, token: string) =>
      (await fetch(`${restarted.url}/api/boards/${id}/links`, { headers: { Authorization: `Bearer ${token}` } })).status;
    expect(await status(first.id, first.tokens.editor)).toBe(200);
    // The board made after the backup is in the database kept aside, not in the restored one.
    expect(await status(later.id, later.tokens.editor)).toBe(404);
    const aside = new Database(kept!, { readonly: true });
    expect(aside.prepare('SELECT count(*) AS n FROM boards').get()).toEqual({ n: 2 });
    aside.close();
  }, 30_000);

  it('restores a database whose last writes are still in its log (a server killed), whole', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    const boards = [await createBoard(server.url), await createBoard(server.url)];
    await killServer(server.child); // SIGKILL: the boards sit in whyboard.db-wal
    servers.splice(servers.indexOf(server), 1);
    expect(fs.statSync(path.join(dataDir, 'whyboard.db-wal')).size).toBeGreaterThan(0);

    const target = tempDir();
    const restore = await program('restore', target, path.join(dataDir, 'whyboard.db'));
    expect(restore.out).toContain('Restored 2 boards');
    const restored = await start(target);
    for (const board of boards) {
      expect((await fetch(`${restored.url}/api/boards/${board.id}/links`, { headers: { Authorization: `Bearer ${board.tokens.viewer}` } })).status).toBe(200);
    }
  }, 30_000);

  it('keeps the database and its copies to their owner, never writes through a file planted beside the target, and runs one server per database', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    await createBoard(server.url);
    const mode = (file: string) => fs.statSync(file).mode & 0o777;
    expect(mode(path.join(dataDir, 'whyboard.db'))).toBe(0o600);
    expect(mode(path.join(dataDir, 'whyboard.db-wal'))).toBe(0o600);

    const folder = tempDir();
    const victim = path.join(folder, 'victim.txt');
    fs.writeFileSync(victim, '');
    fs.symlinkSync(victim, path.join(folder, 'copy.db.partial')); // what an older backup wrote through
    expect((await program('backup', dataDir, path.join(folder, 'copy.db'))).code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('');
    expect(fs.lstatSync(path.join(folder, 'copy.db')).isSymbolicLink()).toBe(false);
    expect(mode(path.join(folder, 'copy.db'))).toBe(0o600);
    fs.symlinkSync(victim, path.join(folder, 'link.db'));
    expect((await program('backup', dataDir, path.join(folder, 'link.db'))).out).toContain('exists already');
    expect(fs.readFileSync(victim, 'utf8')).toBe('');

    // A second server on the same database refuses to start, and leaves the first one's claim in place.
    await expect(spawnServer(dataDir)).rejects.toThrow(/Another server \(process \d+\) is running on .*whyboard\.db/);
    expect((await program('restore', dataDir, path.join(folder, 'copy.db'))).code).toBe(1);
  }, 30_000);

  it('refuses a file with Whyboard’s table names but not its tables', async () => {
    const folder = tempDir();
    const fake = path.join(folder, 'fake.db');
    new Database(fake).exec('CREATE TABLE boards (x TEXT); CREATE TABLE updates (y TEXT)');
    const target = tempDir();
    expect((await program('restore', target, fake)).out).toContain("not Whyboard's");
    expect(fs.existsSync(path.join(target, 'whyboard.db'))).toBe(false);
  });
});
