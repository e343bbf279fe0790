/**
 * `npm start` as an IT person runs it: `node scripts/run.mjs main` starts the compiled server with plain Node, builds
 * only when the build is missing or older than a source, serves the built client, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/server';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts `npm start`'s command on `dataDir`; resolves once it listens, with what it printed and its address. */
function start(dataDir: string) {
  const child = spawn(process.execPath, ['scripts/run.mjs', 'main'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WHYBOARD_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /"event":"server.listening","url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  const stop = async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  };
  return { child, listening, output: () => output, stop };
}

describe('the production start', () => {
  it('runs the compiled server, builds only when a source changed, and stops cleanly', async () => {
    const dataDir = tempDir();
    // However the build stands now (a fresh clone has none), the first start leaves it current.
    const first = start(dataDir);
    const url = await first.listening;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const page = await (await fetch(url)).text();
    expect(page).toContain('<div id="root"></div>');
    expect(fs.readFileSync(path.join(dataDir, 'whyboard.db.pid'), 'utf8').trim()).toBe(String(first.child.pid));
    expect(await first.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'whyboard.db.pid'))).toBe(false);

    // Nothing changed: it starts at once, without building.
    const second = start(dataDir);
    await second.listening;
    expect(second.output()).not.toContain('building');
    expect(await second.stop()).toBe(0);

    // A source changed: built again, then started.
    const source = path.join(root, 'shared', 'protocol.ts');
    const now = new Date();
    fs.utimesSync(source, now, now);
    const third = start(dataDir);
    await third.listening;
    expect(third.output()).toContain('Sources changed since the last build: building again…');
    expect(await third.stop()).toBe(0);
  }, 180_000);

  it('says which programs there are when asked for one that does not exist', async () => {
    const child = spawn(process.execPath, ['scripts/run.mjs', 'nosuch'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(output).not.toContain('building'); // the build is current: a wrong name is no reason to build
    expect(output).toContain('There is no program called "nosuch" (build/server/nosuch.mjs). Try main, backup or restore.');
  }, 60_000);
});
