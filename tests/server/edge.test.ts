import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CreateBoardResponse } from '../../shared/protocol';
import { AddressQuota } from '../../server/AddressQuota';
import { readConfig } from '../../server/config';
import { MIN_BYTES, precompress } from '../../scripts/precompress';
import type { ServerOptions } from '../../server/createServer';
import type { Logger } from '../../server/log';
import { ATTACKER_ADDRESS, postJson, request, slowConnection, type SlowConnection } from '../fixtures/rawHttp';
import { connectClient, createBoard, startTestServer, tempDir } from '../fixtures/server';

// The network edge against an outsider (issue 12): quotas on creating boards, connections per address and slow
// requests, the Host header, and what the static files answer.

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  vi.restoreAllMocks();
});

/** The events each server logged, in order. */
const events: string[] = [];
const logger: Logger = { info: (event) => events.push(event), warn: (event) => events.push(event), error: (event) => events.push(event) };

async function start(options: ServerOptions = {}) {
  const server = await startTestServer({ logger, ...options });
  cleanup.push(() => server.close());
  return server;
}

const BOARD = { title: 'Overcharged', complaint: { text: 'You charged me twice!' } };

describe('quotas on new boards and imports, per address', () => {
  it('answers 429 with Retry-After once an address has used its minute, and counts creating and importing apart', async () => {
    const server = await start({ limits: { boardsPerMinute: 3, importsPerMinute: 2 } });
    const file = (await (await fetch(`${server.url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;
    const boardFile = await (
      await fetch(`${server.url}/api/boards/${file.id}/export/board.json`, { headers: { Authorization: `Bearer ${file.tokens.viewer}` } })
    ).json();
    expect((await postJson(`${server.url}/api/boards`, BOARD)).status).toBe(201);
    expect((await request(`${server.url}/api/boards/example`, { method: 'POST' })).status).toBe(201);

    const refused = await postJson(`${server.url}/api/boards`, BOARD);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('20');
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'too-many-requests', message: 'This address may make 3 new boards a minute. Try again in 20 seconds.' },
    });
    expect((await request(`${server.url}/api/boards/example`, { method: 'POST' })).status).toBe(429);

    // Importing has its own quota; reading is not limited.
    for (let i = 0; i < 2; i++) expect((await postJson(`${server.url}/api/boards/import`, boardFile)).status).toBe(201);
    const tooMany = await postJson(`${server.url}/api/boards/import`, boardFile);
    expect([tooMany.status, tooMany.headers['retry-after']]).toEqual([429, '30']);
    expect((await fetch(`${server.url}/api/boards/${file.id}`, { headers: { Authorization: `Bearer ${file.tokens.viewer}` } })).status).toBe(200);

    // Another address has its own.
    expect((await postJson(`${server.url}/api/boards`, BOARD, { localAddress: ATTACKER_ADDRESS })).status).toBe(201);
  });

  it('gives a spent quota back as time passes', async () => {
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const quota = AddressQuota.perMinute(60);
    for (let i = 0; i < 60; i++) expect(quota.take('10.0.0.1')).toBe(true);
    expect(quota.take('10.0.0.1')).toBe(false);
    expect(quota.retryAfterSeconds).toBe(1);
    now += 1_000;
    expect(quota.take('10.0.0.1')).toBe(true);
    expect(quota.take('10.0.0.1')).toBe(false);
  });

  it('is no leak of its own: idle addresses are forgotten, and it never holds more than its cap', async () => {
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const quota = AddressQuota.perMinute(10, 1_000);
    for (let i = 0; i < 500; i++) quota.take(`10.0.${i >> 8}.${i & 255}`);
    expect(quota.size).toBe(500);
    now += 61_000; // a minute later every bucket is full again: the same as a fresh one
    quota.take('10.9.9.9');
    expect(quota.size).toBe(1);
    for (let i = 0; i < 5_000; i++) quota.take(`10.1.${i >> 8}.${i & 255}`);
    expect(quota.size).toBe(1_000);
  });
});

describe('connections per address and slow requests', () => {
  const open = (url: string, count: number, start = '', localAddress?: string) => {
    const connections = Array.from({ length: count }, () => slowConnection(url, start, localAddress));
    cleanup.push(() => connections.forEach(({ socket }) => socket.destroy()));
    return connections;
  };
  const connected = (connections: SlowConnection[]) =>
    Promise.all(connections.map(({ socket }) => new Promise((resolve) => (socket.readyState === 'open' ? resolve(true) : socket.once('connect', resolve)))));

  it('closes at once a connection over the cap (requests count, not only sockets), and logs it once', async () => {
    events.length = 0;
    const server = await start({ limits: { httpConnectionsPerIp: 5 } });
    const held = open(server.url, 5, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await connected(held);
    const refused = open(server.url, 20);
    // Closed without a word; the ones inside the cap stay open.
    expect(await Promise.all(refused.map(({ closed }) => closed))).toEqual(Array(20).fill(''));
    expect(held.some(({ isClosed }) => isClosed())).toBe(false);
    expect(events.filter((event) => event === 'http.connections_refused')).toHaveLength(1);
    // Another address is not held back by this one.
    expect((await request(`${server.url}/healthz`, { localAddress: ATTACKER_ADDRESS })).status).toBe(200);
    // And once this one lets go, it may connect again.
    held.forEach(({ socket }) => socket.destroy());
    await vi.waitFor(async () => expect((await request(`${server.url}/healthz`)).status).toBe(200));
  });

  it('counts sync sockets too: each holds a connection, whatever it became', async () => {
    const server = await start({ limits: { httpConnectionsPerIp: 2 } });
    // Made from another address, so that only the two sockets count for this one.
    const board = JSON.parse((await postJson(`${server.url}/api/boards`, BOARD, { localAddress: ATTACKER_ADDRESS })).body) as CreateBoardResponse;
    const clients = [connectClient(server.url, board.id, board.tokens.editor), connectClient(server.url, board.id, board.tokens.viewer)];
    cleanup.push(() => clients.forEach((client) => client.destroy()));
    await Promise.all(clients.map((client) => client.synced));
    expect(await slowConnection(server.url).closed).toBe('');
  });

  it('cuts requests whose headers or body come too slowly (408), without an error line per client', async () => {
    events.length = 0;
    const server = await start({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 800 } });
    const started = performance.now();
    const [silent, slowHeaders] = open(server.url, 2, '');
    slowHeaders!.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const [slowBody] = open(
      server.url,
      1,
      `POST /api/boards HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"title":`,
    );
    for (const connection of [silent!, slowHeaders!, slowBody!]) expect(await connection.closed).toMatch(/^HTTP\/1.1 408 /);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(events).not.toContain('http.failed');
    await expect(startTestServer({ limits: { headersTimeoutMs: 2_000, requestTimeoutMs: 1_000 } })).rejects.toThrow(
      'WHYBOARD_LIMITS: headersTimeoutMs: must not be longer than requestTimeoutMs',
    );
  });
});

describe('the Host header', () => {
  it('refuses a malformed Host (400) and one the server does not answer to (421), for requests and sockets', async () => {
    const server = await start();
    const board = await createBoard(server.url);
    const { port } = new URL(server.url);
    const malformed = await request(`${server.url}/api/boards/${board.id}/links`, {
      headers: { Host: 'evil.example/#', Authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.code).toBe('unknown-host');

    // DNS rebinding: a page on rebind.example, whose name now points at 127.0.0.1, calls this loopback-only server.
    const rebound = `rebind.example:${port}`;
    const misdirected = await request(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { Host: rebound, 'Content-Type': 'application/json' },
      body: JSON.stringify(BOARD),
    });
    expect(misdirected.status).toBe(421);
    expect(JSON.parse(misdirected.body).error.message).toBe(
      'This server does not answer to "rebind.example". If that is its name, add it to WHYBOARD_ALLOWED_HOSTS or set WHYBOARD_PUBLIC_URL.',
    );
    const upgrade = slowConnection(
      server.url,
      `GET /sync/${board.id}?token=${board.tokens.editor} HTTP/1.1\r\nHost: ${rebound}\r\nOrigin: http://${rebound}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
    );
    expect(await upgrade.closed).toMatch(/^HTTP\/1.1 421 /);

    // Loopback names, with any port, are this server's; a load balancer's health probe may name it any way.
    const links = await request(`${server.url}/api/boards/${board.id}/links`, {
      headers: { Host: `localhost:${port}`, Authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(JSON.parse(links.body).links.viewer).toBe(`http://localhost:${port}/b/${board.id}#token=${board.tokens.viewer}`);
    expect((await request(`${server.url}/healthz`, { headers: { Host: '10.1.2.3:8080' } })).status).toBe(200);
  });

  it('puts only the public URL in share links, and answers the names it is told to', async () => {
    const server = await start({ publicUrl: 'https://whyboard.example.com', allowedHosts: ['intranet.example:8080'] });
    const board = await createBoard(server.url);
    expect(board.links.editor).toBe(`https://whyboard.example.com/b/${board.id}#token=${board.tokens.editor}`);
    const viaProxy = await request(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { Host: 'whyboard.example.com', 'Content-Type': 'application/json' },
      body: JSON.stringify(BOARD),
    });
    expect(viaProxy.status).toBe(201);
    const status = (host: string) =>
      request(`${server.url}/api/boards/${board.id}`, { headers: { Host: host, Authorization: `Bearer ${board.tokens.viewer}` } }).then((res) => res.status);
    expect(await status('intranet.example:8080')).toBe(200);
    expect(await status('intranet.example:9090')).toBe(421);
    expect(await status('evil.example')).toBe(421);
  });

  it('reads WHYBOARD_ALLOWED_HOSTS and WHYBOARD_PUBLIC_URL, and stops on a value that is not a host', () => {
    expect(readConfig({ WHYBOARD_ALLOWED_HOSTS: ' whyboard.internal, 10.0.0.5:8080 ,[fd00::1]' }).allowedHosts).toEqual([
      'whyboard.internal',
      '10.0.0.5:8080',
      '[fd00::1]',
    ]);
    expect(readConfig({}).allowedHosts).toEqual([]);
    expect(() => readConfig({ WHYBOARD_ALLOWED_HOSTS: 'https://whyboard.internal' })).toThrow(
      'WHYBOARD_ALLOWED_HOSTS: "https://whyboard.internal" is not a host name',
    );
    expect(() => readConfig({ WHYBOARD_PUBLIC_URL: 'whyboard.example.com' })).toThrow('WHYBOARD_PUBLIC_URL must be an http or https URL');
  });
});

describe('static files', () => {
  // Text as a bundle has it: long enough to compress, varied enough that each copy differs from the others.
  const code = Array.from({ length: 300 }, (_, i) => `export const step${i} = "why ${i}: ${'ł'.repeat(i % 7)}";`).join('\n');
  const FILES = {
    'index.html': `<!doctype html><title>Whyboard</title><main>${'<p>home</p>'.repeat(200)}</main>`,
    'board.html': `<!doctype html><title>Whyboard</title><link rel="modulepreload" href="/assets/board-1.js">${'<p>board</p>'.repeat(200)}`,
    'sw.js': `// the service worker\n${code}`,
    'assets/board-1.js': code,
    'assets/board-1.css': `.card { color: #123; }\n`.repeat(100),
    'assets/tiny-1.js': 'console.log(1);',
    'assets/board-1.js.map': JSON.stringify({ version: 3, sources: ['../client/main.tsx'], mappings: 'A'.repeat(5000) }),
    '.vite/manifest.json': JSON.stringify({ 'main.tsx': { file: 'assets/board-1.js' } }),
  };

  /** A build as Vite writes it (with the copies `precompress` writes), served by a server. */
  /** A build as Vite writes it, before `precompress`. */
  function written(): string {
    const dir = tempDir('whyboard-static-');
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  async function built(): Promise<{ dir: string; url: string }> {
    const dir = written();
    await precompress(dir);
    return { dir, url: (await start({ staticDir: dir })).url };
  }

  type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
  /** A request whose answer is read as bytes, as sent (not decoded). */
  const get = (url: string, headers: Record<string, string | string[]> = {}, method = 'GET', agent: http.Agent | false = false) =>
    new Promise<Answer>((resolve, reject) => {
      http
        .request(url, { method, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject)
        .end();
    });
  const decoded = ({ headers, body }: Answer) =>
    (headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(body) : headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body).toString();

  it('answer only GET and HEAD, and never serve source maps', async () => {
    const { url } = await built();
    expect((await request(`${url}/assets/board-1.js`)).status).toBe(200);
    expect((await request(`${url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await request(`${url}/assets/board-1.js.map`)).status).toBe(404);
    for (const method of ['PUT', 'DELETE', 'TRACE', 'POST', 'PATCH']) {
      for (const pathname of ['/', '/assets/board-1.js', '/b/some-board', '/healthz']) {
        const res = await request(`${url}${pathname}`, { method });
        expect({ method, pathname, status: res.status, allow: res.headers.allow }).toEqual({ method, pathname, status: 405, allow: 'GET, HEAD' });
      }
    }
  });

  it('are compressed at build time: a Brotli and a gzip copy of each text file worth it, beside it', async () => {
    const dir = written();
    const copies = await precompress(dir);
    // The pages, the service worker, the code and the style; not the tiny file, not the source map.
    expect(copies.files).toBe(5);
    expect(copies.brotliBytes).toBeLessThan(copies.bytes / 3);
    for (const name of ['index.html', 'board.html', 'sw.js', 'assets/board-1.js', 'assets/board-1.css']) {
      const original = fs.readFileSync(path.join(dir, name));
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, `${name}.br`))).equals(original)).toBe(true);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${name}.gz`))).equals(original)).toBe(true);
    }
    expect(Buffer.byteLength(FILES['assets/tiny-1.js'])).toBeLessThan(MIN_BYTES);
    for (const skipped of ['assets/tiny-1.js', 'assets/board-1.js.map']) {
      expect([fs.existsSync(path.join(dir, `${skipped}.br`)), fs.existsSync(path.join(dir, `${skipped}.gz`))]).toEqual([false, false]);
    }
  });

  it('go in the encoding the browser accepts and likes best (Brotli where it likes both as much), never one it refuses', async () => {
    const { url } = await built();
    const js = FILES['assets/board-1.js'];
    const chromium = 'gzip, deflate, br, zstd';
    // Accept-Encoding as browsers, proxies and odd clients send it (several found by an outside tester): a coding
    // with q=0 is refused, names are whole tokens in any case, q-values rank.
    const cases: Array<[pathname: string, acceptEncoding: string | string[] | undefined, encoding: string | undefined, text: string, type: string]> = [
      ['/assets/board-1.js', chromium, 'br', js, 'text/javascript'],
      ['/assets/board-1.js', 'gzip, deflate', 'gzip', js, 'text/javascript'],
      ['/assets/board-1.js', 'GZIP', 'gzip', js, 'text/javascript'],
      ['/assets/board-1.js', 'BR', 'br', js, 'text/javascript'],
      ['/assets/board-1.js', undefined, undefined, js, 'text/javascript'],
      ['/assets/board-1.js', '', undefined, js, 'text/javascript'],
      ['/assets/board-1.js', 'identity', undefined, js, 'text/javascript'],
      ['/assets/board-1.js', 'br;q=0', undefined, js, 'text/javascript'],
      ['/assets/board-1.js', 'br;q=0, gzip', 'gzip', js, 'text/javascript'],
      ['/assets/board-1.js', '*, br;q=0', 'gzip', js, 'text/javascript'],
      ['/assets/board-1.js', ['br;q=0', 'gzip;q=0'], undefined, js, 'text/javascript'],
      ['/assets/board-1.js', 'gzip;q=0', undefined, js, 'text/javascript'],
      ['/assets/board-1.js', 'gzip;q=1, br;q=0.5', 'gzip', js, 'text/javascript'],
      ['/assets/board-1.js', '*', 'br', js, 'text/javascript'],
      ['/assets/board-1.js', 'brotli, xbr, gzipx', undefined, js, 'text/javascript'],
      ['/assets/board-1.js', 'identity;q=0, *;q=0', undefined, js, 'text/javascript'],
      ['/assets/board-1.css', 'gzip', 'gzip', FILES['assets/board-1.css'], 'text/css'],
      ['/assets/tiny-1.js', chromium, undefined, FILES['assets/tiny-1.js'], 'text/javascript'],
      ['/sw.js', chromium, 'br', FILES['sw.js'], 'text/javascript'],
      ['/', chromium, 'br', FILES['index.html'], 'text/html'],
      // A board's address gets the board page; any other page's, the app's page.
      ['/b/some-board', chromium, 'br', FILES['board.html'], 'text/html'],
      ['/s/some-space', 'gzip', 'gzip', FILES['index.html'], 'text/html'],
    ];
    for (const [pathname, acceptEncoding, encoding, text, type] of cases) {
      const res = await get(`${url}${pathname}`, acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding });
      expect({ pathname, acceptEncoding, status: res.status, encoding: res.headers['content-encoding'], text: decoded(res) }).toEqual({
        pathname,
        acceptEncoding,
        status: 200,
        encoding,
        text,
      });
      expect(res.headers['content-type']).toContain(type);
      expect(Number(res.headers['content-length'])).toBe(res.body.byteLength);
      // Caches keep one answer per encoding asked for, where there is more than one.
      expect(res.headers.vary).toBe(pathname === '/assets/tiny-1.js' ? undefined : 'Accept-Encoding');
    }
    const br = await get(`${url}/assets/board-1.js`, { 'Accept-Encoding': 'br' });
    const plain = await get(`${url}/assets/board-1.js`);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(`${url}/`, { 'Accept-Encoding': 'br' })).headers['cache-control']).toBe('no-cache');
    // Each copy has its own ETag, and a copy's ETag never makes a 304 for another copy.
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    expect((await get(`${url}/assets/board-1.js`, { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.etag! })).status).toBe(304);
    const other = await get(`${url}/assets/board-1.js`, { 'If-None-Match': br.headers.etag! });
    expect([other.status, decoded(other)]).toEqual([200, js]);
    // HEAD says what GET would, without the body.
    const head = await get(`${url}/assets/board-1.js`, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect([head.status, head.headers['content-encoding'], head.headers['content-length'], head.body.byteLength]).toEqual([
      200,
      'br',
      br.headers['content-length'],
      0,
    ]);
  });

  it('answer an address that is no file with 404: the copies and maps by their names, the manifest, odd paths under /assets/', async () => {
    const { url } = await built();
    const missing = [
      '/assets/board-1.js.br',
      '/assets/board-1.js.gz',
      '/index.html.br',
      '/board.html.gz',
      '/sw.js.br',
      '/assets/board-1.js.map',
      '/assets/board-1.js.map.br',
      '/.vite/manifest.json',
      '/%2evite/manifest.json',
      '/assets/',
      '/assets/nothing.js',
      '/assets/board-1.js.',
      '/assets/board-1.js%20',
      '/assets/%zz.js',
      '/assets/%00',
      '/assets/..%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      `/assets/${'a/'.repeat(400)}`,
      '/package.json',
      '/nothing.png',
    ];
    for (const pathname of missing) {
      const res = await get(`${url}${pathname}`, { 'Accept-Encoding': 'gzip, deflate, br' });
      // Nothing under an asset's address is kept for good unless it is that asset.
      expect({ pathname, status: res.status, cached: res.headers['cache-control'], encoding: res.headers['content-encoding'] }).toEqual({
        pathname,
        status: 404,
        cached: 'no-store',
        encoding: undefined,
      });
    }
  });

  it('answer ranges as HTTP says (the last bytes, 416 for none it can give), and conditions on a copy', async () => {
    const { url } = await built();
    const js = Buffer.from(FILES['assets/board-1.js']);
    const range = (value: string, headers: Record<string, string> = {}) => get(`${url}/assets/board-1.js`, { Range: value, ...headers });

    const last = await range('bytes=-10');
    expect([last.status, last.headers['content-range'], last.body.toString()]).toEqual([
      206,
      `bytes ${js.length - 10}-${js.length - 1}/${js.length}`,
      js.subarray(-10).toString(),
    ]);
    const first = await range('bytes=0-9');
    expect([first.status, first.body.toString()]).toEqual([206, js.subarray(0, 10).toString()]);
    // Ranges it cannot give (past the end, empty, backwards): 416 with the length, never a dropped connection. Ranges
    // it cannot read: the whole file, as if none was asked for.
    const answers: Record<string, { status: number; whole: boolean }> = {};
    for (const value of [`bytes=${js.length}-`, 'bytes=-0', 'bytes=5-1', 'bytes=100-50', 'bytes=0-99999999999999999999', 'bytes=abc', 'items=0-1']) {
      const res = await range(value);
      answers[value] = { status: res.status, whole: res.body.equals(js) };
      if (res.status === 416) expect(res.headers['content-range']).toBe(`bytes */${js.length}`);
    }
    expect(answers).toEqual({
      [`bytes=${js.length}-`]: { status: 416, whole: false },
      'bytes=-0': { status: 416, whole: false },
      'bytes=5-1': { status: 416, whole: false },
      'bytes=100-50': { status: 416, whole: false },
      'bytes=0-99999999999999999999': { status: 206, whole: true },
      'bytes=abc': { status: 200, whole: true },
      'items=0-1': { status: 200, whole: true },
    });
    // A range of a copy is a range of its bytes; If-Range with another copy's ETag gets the whole answer.
    const br = await get(`${url}/assets/board-1.js`, { 'Accept-Encoding': 'br' });
    const slice = await range('bytes=0-9', { 'Accept-Encoding': 'br' });
    expect([slice.status, slice.headers['content-encoding'], slice.body.equals(br.body.subarray(0, 10))]).toEqual([206, 'br', true]);
    const plain = await get(`${url}/assets/board-1.js`);
    const mixed = await range('bytes=0-9', { 'Accept-Encoding': 'br', 'If-Range': plain.headers.etag! });
    expect([mixed.status, mixed.body.equals(br.body)]).toEqual([200, true]);
    expect((await get(`${url}/assets/board-1.js`, { 'If-Match': '"something-else"' })).status).toBe(412);
    const pastTheCopy = await range(`bytes=${br.body.length}-`, { 'Accept-Encoding': 'br' });
    expect([pastTheCopy.status, pastTheCopy.headers['content-range'], pastTheCopy.headers['content-encoding']]).toEqual([
      416,
      `bytes */${br.body.length}`,
      undefined,
    ]);
  });

  it('say plainly when a file went after the server started, framed right for the next answer on the connection', async () => {
    const { dir, url } = await built();
    for (const name of ['assets/board-1.js', 'assets/board-1.js.br', 'assets/board-1.js.gz']) fs.rmSync(path.join(dir, name));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const onOneConnection = (pathname: string, headers: Record<string, string>) => get(`${url}${pathname}`, headers, 'GET', agent);
    try {
      const asked: Array<Record<string, string>> = [{ 'Accept-Encoding': 'br' }, { Range: 'bytes=0-99' }, {}];
      for (const headers of asked) {
        const gone = await onOneConnection('/assets/board-1.js', headers);
        expect({
          status: gone.status,
          text: gone.body.toString(),
          length: Number(gone.headers['content-length']),
          cached: gone.headers['cache-control'],
          kept: ['content-encoding', 'content-range', 'etag', 'vary', 'accept-ranges'].filter((header) => header in gone.headers),
        }).toEqual({ status: 404, text: 'This file is not available: reload the page.', length: gone.body.length, cached: 'no-store', kept: [] });
        // The same connection answers the next request whole.
        const next = await onOneConnection('/assets/board-1.css', {});
        expect([next.status, next.body.toString()]).toEqual([200, FILES['assets/board-1.css']]);
      }
    } finally {
      agent.destroy();
    }
  });

  it('cut a download whose file fails to read half way (the headers went), and keep serving', async () => {
    const { dir } = await built();
    fs.writeFileSync(path.join(dir, 'assets/big-1.js'), Buffer.alloc(4 << 20, 'x'));
    const server = await start({ staticDir: dir });
    // A disk that fails mid-file (EIO): the file's stream breaks after its first chunk.
    const open = fs.createReadStream;
    vi.spyOn(fs, 'createReadStream').mockImplementation(((...args: Parameters<typeof fs.createReadStream>) => {
      const stream = open(...args);
      stream.once('data', () => setImmediate(() => stream.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }))));
      return stream;
    }) as typeof fs.createReadStream);
    const cut = await new Promise<{ status: number; received: number; expected: number; complete: boolean }>((resolve, reject) => {
      http
        .get(`${server.url}/assets/big-1.js`, { agent: false }, (res) => {
          let received = 0;
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('close', () => resolve({ status: res.statusCode ?? 0, received, expected: Number(res.headers['content-length']), complete: res.complete }));
        })
        .on('error', reject);
    });
    vi.restoreAllMocks();
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.received).toBeLessThan(cut.expected);
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
    expect((await get(`${server.url}/assets/big-1.js`)).body.length).toBe(4 << 20);
  });

  it('close every file a download opened, however it ends: cut short, or read to its end on a closed connection', async () => {
    const { dir, url } = await built();
    // Big enough that a download is cut while the file is still being read.
    fs.writeFileSync(path.join(dir, 'assets/big-1.js'), Buffer.alloc(8 << 20, 'x'));
    const server = await start({ staticDir: dir });
    /** Files of the build this process holds open (Linux: /proc/self/fd links to each). */
    const openInBuild = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false; // closed meanwhile
        }
      }).length;
    const cut = () =>
      new Promise<void>((resolve, reject) => {
        const req = http.get(`${server.url}/assets/big-1.js`, { agent: false }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? resolve() : reject(error)));
      });
    for (let i = 0; i < 40; i++) await cut();
    for (let i = 0; i < 40; i++) await get(`${url}/`, { Connection: 'close' });
    await expect.poll(openInBuild, { timeout: 5000 }).toBe(0);
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
  });
});
