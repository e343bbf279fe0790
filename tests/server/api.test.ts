import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhyboardServer } from '../../server/createServer';
import { createBoard, startTestServer } from '../fixtures/server';

let server: WhyboardServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  fetch(`${server.url}/api/boards`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('REST API', () => {
  it('GET /healthz answers ok', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('POST /api/boards creates a board with unguessable ids, three tokens and three links', async () => {
    const board = await createBoard(server.url, {
      title: 'Overcharged for a book',
      complaint: { text: 'You charged me twice the price!', customer: 'Ada Lovelace', channel: 'email', receivedAt: '2026-11-20' },
    });
    expect(board.id).toMatch(/^[A-Za-z0-9_-]{22}$/); // 22 × 6 bits = 132 bits
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      expect(board.tokens[role]).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(board.links[role]).toBe(`${server.url}/b/${board.id}#token=${board.tokens[role]}`);
    }
    expect(new Set(Object.values(board.tokens)).size).toBe(3);
  });

  it.each([
    [{}, 'title', /title must be text/],
    [{ title: '', complaint: { text: 'x' } }, 'title', /title is required/],
    [{ title: 'x'.repeat(201), complaint: { text: 'x' } }, 'title', /at most 200/],
    [{ title: 'T' }, 'complaint', /complaint must be an object/],
    [{ title: 'T', complaint: { text: '   ' } }, 'complaint.text', /words are required/],
    [{ title: 'T', complaint: { text: 'x', receivedAt: '20/11/2026' } }, 'complaint.receivedAt', /2026-11-23/],
    [{ title: 'T', complaint: { text: 'x', receivedAt: '2026-13-45' } }, 'complaint.receivedAt', /not a real date/],
    // Days Date.parse rolls over into the next month (an outside attack got a 500 for them).
    [{ title: 'T', complaint: { text: 'x', receivedAt: '2026-02-29' } }, 'complaint.receivedAt', /not a real date/],
    [{ title: 'T', complaint: { text: 'x', receivedAt: '2026-04-31' } }, 'complaint.receivedAt', /not a real date/],
    [{ title: 'T', complaint: { text: 'x', customer: 42 } }, 'complaint.customer', /must be text/],
    [{ title: 'T', complaint: { text: 'x' }, admin: true }, 'admin', /Unknown field: admin/],
    [{ title: 'T', complaint: { text: 'x', extra: 1 } }, 'complaint.extra', /Unknown field: extra/],
  ])('a bad body %j is a 400 naming the field', async (body, field, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; field?: string; message: string } };
    expect(error.code).toBe('invalid-body');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('malformed JSON, a wrong content type and an oversized body get clear errors', async () => {
    expect((await post('{"title":')).status).toBe(400);
    expect((await post({ title: 'T', complaint: { text: 'x' } }, { 'Content-Type': 'text/plain' })).status).toBe(400);
    const huge = await post({ title: 'T', complaint: { text: 'x'.repeat(100_000) } });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('body-too-large');
  });

  it('GET /api/boards/:id needs the board’s token and summarises it', async () => {
    const board = await createBoard(server.url);
    const get = (token?: string, id = board.id) => fetch(`${server.url}/api/boards/${id}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    expect((await get()).status).toBe(401);
    expect((await get('not-the-token')).status).toBe(401);
    expect((await get(board.tokens.viewer, 'unknownboardid1234567')).status).toBe(404);
    const other = await createBoard(server.url);
    expect((await get(other.tokens.editor)).status).toBe(401);

    const res = await get(board.tokens.viewer);
    expect(res.status).toBe(200);
    const summary = (await res.json()) as Record<string, unknown>;
    expect(summary).toMatchObject({
      id: board.id,
      title: 'Overcharged',
      role: 'viewer',
      complaint: { text: 'You charged me twice!', customer: 'Ada', channel: '', receivedAt: '' },
      causeCount: 0,
      rootCauses: [],
    });
    expect(Date.parse(summary.updatedAt as string)).toBeGreaterThan(0);
  });

  it('GET /api/boards/:id/links hands out no more access than the caller has', async () => {
    const board = await createBoard(server.url);
    const links = async (token: string) =>
      Object.keys(
        ((await (await fetch(`${server.url}/api/boards/${board.id}/links`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { links: object })
          .links,
      );
    expect(await links(board.tokens.facilitator)).toEqual(['facilitator', 'editor', 'viewer']);
    expect(await links(board.tokens.editor)).toEqual(['editor', 'viewer']);
    expect(await links(board.tokens.viewer)).toEqual(['viewer']);
  });

  it('POST /api/boards/example creates the worked example, ready to open', async () => {
    const res = await fetch(`${server.url}/api/boards/example`, { method: 'POST' });
    expect(res.status).toBe(201);
    const board = (await res.json()) as { id: string; tokens: { editor: string } };
    const summary = (await (await fetch(`${server.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.tokens.editor}` } })).json()) as {
      title: string;
      causeCount: number;
      rootCauses: Array<{ depth: number; text: string }>;
    };
    expect(summary.title).toBe('Overcharged for a book');
    expect(summary.causeCount).toBe(6);
    expect(summary.rootCauses).toEqual([expect.objectContaining({ depth: 5, text: expect.stringMatching(/one person/) })]);
  });

  it('unknown API routes and methods get JSON errors', async () => {
    expect((await fetch(`${server.url}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/boards`)).status).toBe(405);
  });

  it('sends security headers on every response', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
