import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import { connectClient, createBoard, tempDir, type TestClient } from '../fixtures/server';

const root = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
const clients: TestClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Runs the real server entry point (`server/main.ts`) as a child process, and resolves with its URL. */
async function spawnServer(dataDir: string, port = 0): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
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
  return { child, url };
}

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
});
