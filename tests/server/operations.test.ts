/**
 * Running the server: `/metrics` (Prometheus, behind its token), `/readyz` (fails while storage is down), request ids
 * in the logs and the `X-Request-Id` header, and `WHYBOARD_LOG_LEVEL`.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy } from '../../shared/board';
import { readConfig } from '../../server/config';
import { startServer } from '../../server/createServer';
import { levelLogger, type Logger } from '../../server/log';
import { connectSavingClient, createBoard, startTestServer, tempDir } from '../fixtures/server';
import { freePort, mustRun, services, startPostgres, type PostgresService } from '../../scripts/localServices';

const TOKEN = 'metrics-token-0123456789abcdef';
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** The value of a metric line (`name{labels} value`) in a Prometheus text page; undefined when absent. */
const sample = (page: string, series: string): number | undefined => {
  const line = page.split('\n').find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('metrics', () => {
  it('answers Prometheus with the token only, and counts boards, connections, updates, acknowledgements and storage', async () => {
    const server = await startTestServer({ metricsToken: TOKEN });
    cleanup.push(() => server.close());
    const scrape = (token?: string) => fetch(`${server.url}/metrics`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`${TOKEN}x`)).status).toBe(401);
    expect((await scrape()).headers.get('www-authenticate')).toContain('Bearer');

    const before = await (await scrape(TOKEN)).text();
    const board = await createBoard(server.url);
    const editor = connectSavingClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => editor.destroy());
    await editor.synced;
    for (let i = 0; i < 5; i++) askWhy(editor.doc, COMPLAINT_ID, { text: `Cause ${i}` }, 'local');
    await vi.waitFor(() => expect(editor.acks.at(-1)).toBe(Y.getState(editor.doc.store, editor.doc.clientID)));

    const res = await scrape(TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const page = await res.text();
    expect(sample(page, 'whyboard_boards_open')).toBeGreaterThanOrEqual(1);
    expect(sample(page, 'whyboard_connections{role="editor"}')).toBeGreaterThanOrEqual(1);
    expect(sample(page, 'whyboard_connections{role="viewer"}')).toBeDefined();
    const grew = (series: string) => (sample(page, series) ?? 0) - (sample(before, series) ?? 0);
    expect(grew('whyboard_updates_received_total')).toBeGreaterThanOrEqual(5);
    expect(grew('whyboard_frames_sent_total')).toBeGreaterThan(0);
    expect(grew('whyboard_ack_seconds_count')).toBeGreaterThanOrEqual(5);
    expect(grew('whyboard_update_seconds_count')).toBeGreaterThanOrEqual(5);
    expect(grew('whyboard_storage_seconds_count{op="append"}')).toBeGreaterThanOrEqual(1);
    // prom-client's own: the event loop's delay and the process's memory.
    expect(sample(page, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(page, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('is off (404) until a token is set, and a short token stops the server with a clear error', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('WHYBOARD_METRICS_TOKEN');
    expect(() => readConfig({ WHYBOARD_METRICS_TOKEN: 'short' })).toThrow(/24 characters or more/);
    expect(readConfig({ WHYBOARD_METRICS_TOKEN: ` ${TOKEN} ` }).metricsToken).toBe(TOKEN);
  });
});

describe('readiness', () => {
  it('fails while SQLite refuses writes (locked by another process), and is ready again once it takes them', async () => {
    const dataDir = tempDir();
    const server = await startTestServer({ dataDir });
    cleanup.push(() => server.close());
    const ready = async () => {
      const res = await fetch(`${server.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { ready: boolean; problems: string[] } };
    };
    expect(await ready()).toEqual({ status: 200, body: { ready: true, problems: [] } });

    const board = await createBoard(server.url);
    const editor = connectSavingClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => editor.destroy());
    await editor.synced;
    const locker = new Database(path.join(dataDir, 'whyboard.db'));
    cleanup.push(() => locker.open && locker.close());
    locker.exec('BEGIN IMMEDIATE');
    askWhy(editor.doc, COMPLAINT_ID, { text: 'Written while the disk is stuck' }, 'local');
    await vi.waitFor(async () => expect((await ready()).status).toBe(503), { timeout: 15_000, interval: 200 });
    expect((await ready()).body.problems.join(' ')).toContain('Storage refuses writes: 1 open board is waiting to be saved.');

    locker.exec('ROLLBACK');
    locker.close();
    await vi.waitFor(async () => expect((await ready()).status).toBe(200), { timeout: 15_000, interval: 200 });
    await vi.waitFor(() => expect(editor.acks.at(-1)).toBe(Y.getState(editor.doc.store, editor.doc.clientID)), { timeout: 10_000 });
  }, 40_000);

  it.skipIf(!services.postgres && !mustRun)(
    'fails while PostgreSQL hangs, and is ready again once it answers',
    async () => {
      const postgres: PostgresService = await startPostgres();
      cleanup.push(() => postgres.stop());
      const server = await startTestServer({ databaseUrl: postgres.url });
      cleanup.push(() => server.close());
      const status = async () => (await fetch(`${server.url}/readyz`)).status;
      expect(await status()).toBe(200);
      postgres.pause();
      cleanup.push(() => postgres.resume());
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { problems: string[] }).problems).toEqual(['Storage does not answer.']);
      postgres.resume();
      await vi.waitFor(async () => expect(await status()).toBe(200), { timeout: 15_000, interval: 200 });
    },
    60_000,
  );
});

describe('several instances', () => {
  it('refuse to share rooms through Redis over SQLite: one file belongs to one process', async () => {
    // Refused before anything connects: no Redis needs to be there.
    await expect(startServer({ redisUrl: 'redis://127.0.0.1:9', dataDir: tempDir(), logger: levelLogger('silent') })).rejects.toThrow(
      /REDIS_URL.*DATABASE_URL/,
    );
  });
});

describe('PostgreSQL not reachable at start', () => {
  it('the server starts anyway, says it is not ready, answers 500 rather than crash, and keeps running', async () => {
    const port = await freePort(); // nothing listens there
    const server = await startTestServer({ databaseUrl: `postgres://whyboard@127.0.0.1:${port}/postgres` });
    cleanup.push(() => server.close());
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { problems: string[] }).problems).toEqual(['Storage does not answer.']);
    const made = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"title":"T","complaint":{"text":"C"}}',
    });
    expect(made.status).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 500)); // an unhandled rejection would have ended this process by now
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('logs', () => {
  it('give each request an id, in its log lines and its X-Request-Id, keeping the one a proxy gave', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const capture = (level: string) => (event: string, fields?: Record<string, unknown>) => lines.push({ level, event, ...fields });
    const logger: Logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
    const server = await startTestServer({ logger });
    cleanup.push(() => server.close());

    const mine = await fetch(`${server.url}/api/boards/nope/links`, { headers: { 'X-Request-Id': 'proxy-given-id-42' } });
    expect(mine.headers.get('x-request-id')).toBe('proxy-given-id-42');
    const made = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(() => expect(lines.filter((line) => line.event === 'http.request')).toHaveLength(2));
    expect(lines.find((line) => line.request === 'proxy-given-id-42')).toMatchObject({ event: 'http.request', status: 404, path: '/api/boards/nope/links' });
  });

  it('write the level asked for and above, each as one JSON line naming its request', async () => {
    const printed: string[] = [];
    const spies = (['info', 'warn', 'error'] as const).map((method) => vi.spyOn(console, method).mockImplementation((text: string) => void printed.push(text)));
    cleanup.push(() => spies.forEach((spy) => spy.mockRestore()));
    const { inRequest } = await import('../../server/log');
    const logger = levelLogger('warn');
    inRequest('req-1234', () => {
      logger.debug?.('too.small');
      logger.info('still.small');
      logger.warn('worth.a.look', { board: 'b1' });
    });
    logger.error('broken', { error: new Error('disk full') });
    expect(printed.map((text) => JSON.parse(text) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', event: 'worth.a.look', request: 'req-1234', board: 'b1' }),
      expect.objectContaining({ level: 'error', event: 'broken', error: 'disk full' }),
    ]);
    expect(printed[1]).not.toContain('request');
    expect(() => readConfig({ WHYBOARD_LOG_LEVEL: 'loud' })).toThrow(/debug, info, warn, error, silent/);
    expect(readConfig({ WHYBOARD_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });
});
