import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import { CloseCode, type CreateBoardResponse } from '../../shared/protocol';
import type { Logger } from '../../server/log';
import type { ServerOptions } from '../../server/createServer';
import { MemoryStorage } from '../../server/storage/MemoryStorage';
import { step2Frame, syncFrame, updateFrame } from '../fixtures/frames';
import { connectClient, createBoard, startTestServer, tryUpgrade } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Every log line of every server in this file, to prove no token ever reaches a log. */
const logLines: string[] = [];
const tokensSeen = new Set<string>();
const recordingLogger: Logger = {
  info: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
  warn: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
  error: (event, fields) => logLines.push(JSON.stringify({ event, ...fields, error: String(fields?.error) })),
};
afterAll(() => {
  const joined = logLines.join('\n');
  expect(logLines.length).toBeGreaterThan(10);
  for (const token of tokensSeen) expect(joined).not.toContain(token);
});

async function setup(options: ServerOptions = {}) {
  const server = await startTestServer({ logger: recordingLogger, ...options });
  cleanup.push(() => server.close());
  const board = await createBoard(server.url);
  for (const token of Object.values(board.tokens)) tokensSeen.add(token);
  const wsUrl = (token: string, id = board.id) => `${server.url.replace('http', 'ws')}/sync/${id}?token=${token}`;
  return { server, board, wsUrl };
}

/** A raw socket, as an attacker (or a careless script) would open one. Resolves once open. */
async function rawSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  cleanup.push(() => ws.terminate());
  const received: Buffer[] = [];
  ws.on('message', (data: Buffer) => received.push(data));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, received, closed };
}

/** A real update that adds a cause, made on a copy of the board as a client would. */
async function causeUpdate(server: { url: string }, board: CreateBoardResponse, text: string) {
  const client = connectClient(server.url, board.id, board.tokens.viewer);
  await client.synced;
  const before = Y.encodeStateVector(client.doc);
  askWhy(client.doc, COMPLAINT_ID, { text }, 'attacker');
  const update = Y.encodeStateAsUpdate(client.doc, before);
  client.destroy();
  return update;
}

describe('links', () => {
  it('a rotated link closes its sockets at once, and no longer opens the board', async () => {
    const { server, board, wsUrl } = await setup();
    const editor = connectClient(server.url, board.id, board.tokens.editor);
    const viewer = connectClient(server.url, board.id, board.tokens.viewer);
    cleanup.push(
      () => editor.destroy(),
      () => viewer.destroy(),
    );
    await Promise.all([editor.synced, viewer.synced]);
    const closes: number[] = [];
    editor.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code));

    const rotate = (role: string, token: string) =>
      fetch(`${server.url}/api/boards/${board.id}/links/${role}/rotate`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect((await rotate('editor', board.tokens.editor)).status).toBe(403);
    expect((await rotate('editor', board.tokens.viewer)).status).toBe(403);
    expect((await rotate('owner', board.tokens.facilitator)).status).toBe(404);
    const response = await rotate('editor', board.tokens.facilitator);
    expect(response.status).toBe(200);
    const { token, link } = (await response.json()) as { token: string; link: string };
    tokensSeen.add(token);
    expect(link).toBe(`${server.url}/b/${board.id}#token=${token}`);

    await vi.waitFor(() => expect(closes).toContain(CloseCode.unauthorized), { timeout: 3000 });
    expect(viewer.provider.wsconnected).toBe(true); // other roles stay
    expect(await tryUpgrade(wsUrl(board.tokens.editor))).toEqual({ status: 401, messages: 0 });
    expect((await fetch(`${server.url}/api/boards/${board.id}`, { headers: { Authorization: `Bearer ${board.tokens.editor}` } })).status).toBe(401);
    expect((await tryUpgrade(wsUrl(token))).status).toBe(101);
  });

  it('refuses, before any document byte, no token, a wrong one, another board’s, and a foreign page', async () => {
    const { server, board, wsUrl } = await setup({ allowedOrigins: ['https://intranet.example'] });
    const other = await createBoard(server.url);
    tokensSeen.add(other.tokens.editor);
    expect(await tryUpgrade(`${server.url.replace('http', 'ws')}/sync/${board.id}`)).toEqual({ status: 401, messages: 0 });
    expect(await tryUpgrade(wsUrl('x'.repeat(32)))).toEqual({ status: 401, messages: 0 });
    expect(await tryUpgrade(wsUrl(other.tokens.editor))).toEqual({ status: 401, messages: 0 });
    expect(await tryUpgrade(wsUrl(board.tokens.editor), { Origin: 'https://evil.example' })).toEqual({ status: 403, messages: 0 });
    expect((await tryUpgrade(wsUrl(board.tokens.editor), { Origin: server.url })).status).toBe(101);
    // Behind a TLS proxy without WHYBOARD_PUBLIC_URL, the page is https while the server hears http: its own still.
    expect((await tryUpgrade(wsUrl(board.tokens.editor), { Origin: server.url.replace('http:', 'https:') })).status).toBe(101);
    expect(await tryUpgrade(wsUrl(board.tokens.editor), { Origin: 'https://127.0.0.1.evil.example' })).toEqual({ status: 403, messages: 0 });
    expect((await tryUpgrade(wsUrl(board.tokens.editor), { Origin: 'https://intranet.example' })).status).toBe(101);
    expect(logLines.some((line) => line.includes('upgrade.foreign_origin'))).toBe(true);
  });
});

describe('limits', () => {
  it('caps sockets per address and per board', async () => {
    const { board, wsUrl } = await setup({ limits: { connectionsPerIp: 3, connectionsPerBoard: 100 } });
    for (let i = 0; i < 3; i++) await rawSocket(wsUrl(board.tokens.editor));
    expect((await tryUpgrade(wsUrl(board.tokens.editor))).status).toBe(429);

    const small = await setup({ limits: { connectionsPerBoard: 2 } });
    await rawSocket(small.wsUrl(small.board.tokens.editor));
    await rawSocket(small.wsUrl(small.board.tokens.viewer));
    await vi.waitFor(() => expect(small.server.rooms.connectionCount(small.board.id)).toBe(2));
    expect((await tryUpgrade(small.wsUrl(small.board.tokens.editor))).status).toBe(503);
  });

  it('closes a socket that sends more updates a second than allowed; its edits come back on reconnect', async () => {
    const { server, board, wsUrl } = await setup({ limits: { updatesPerSecond: 5, updateBurst: 5 } });
    const updates = await Promise.all(Array.from({ length: 12 }, (_, i) => causeUpdate(server, board, `flood ${i}`)));
    const { ws, closed } = await rawSocket(wsUrl(board.tokens.editor));
    for (const update of updates) ws.send(updateFrame(update));
    expect((await closed).code).toBe(CloseCode.tooManyUpdates);
    await server.rooms.get(board.id).flushed();
    expect((await server.rooms.snapshot(board.id)).causeIds).toHaveLength(5);
  });

  it('refuses an update that would make the board bigger than its limit, and stores nothing of it', async () => {
    const { server, board, wsUrl } = await setup({ limits: { boardBytes: 4096 } });
    const small = await causeUpdate(server, board, 'fits');
    const big = await Promise.all(Array.from({ length: 6 }, (_, i) => causeUpdate(server, board, `${i}`.repeat(900))));
    const { ws, closed } = await rawSocket(wsUrl(board.tokens.editor));
    ws.send(updateFrame(small));
    for (const update of big) ws.send(updateFrame(update));
    expect(await closed).toEqual({ code: CloseCode.boardFull, reason: 'This board has reached its size limit: start a new board for new work.' });
    await server.rooms.get(board.id).flushed();
    const stored = await server.storage.load(board.id);
    expect(stored.reduce((sum, update) => sum + update.byteLength, 0)).toBeLessThanOrEqual(4096);
    expect(logLines.some((line) => line.includes('board.full'))).toBe(true);
  });

  it('lets sockets go, to come back later, when a board takes too long to load', async () => {
    const storage = new (class extends MemoryStorage {
      override load(): Promise<Uint8Array[]> {
        return new Promise(() => undefined); // a store that never answers
      }
    })();
    const { board, wsUrl } = await setup({ storage, limits: { loadTimeoutMs: 200 } });
    const { closed } = await rawSocket(wsUrl(board.tokens.editor));
    expect((await closed).code).toBe(CloseCode.bufferFull);
  });

  it('reads limits from WHYBOARD_LIMITS and says clearly what is wrong with a bad one', async () => {
    await expect(startTestServer({ limitsJson: '{"connectionsPerIp": -1}' })).rejects.toThrow('WHYBOARD_LIMITS: connectionsPerIp: Too small');
    await expect(startTestServer({ limitsJson: '{"sockets": 3}' })).rejects.toThrow('WHYBOARD_LIMITS: value: unknown limit sockets');
    await expect(startTestServer({ limitsJson: 'lots' })).rejects.toThrow('WHYBOARD_LIMITS must be JSON');
  });
});

describe('viewers', () => {
  it('1,000 write attempts of every kind from a viewer: nothing applied, relayed or stored', async () => {
    const { server, board, wsUrl } = await setup({ limits: { updatesPerSecond: 10_000, updateBurst: 10_000 } });
    const editor = connectClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => editor.destroy());
    await editor.synced;
    const room = server.rooms.get(board.id);
    await room.flushed();
    const storedBefore = (await server.storage.load(board.id)).length;
    const stateBefore = Y.encodeStateVector(room.doc);
    const editorBefore = Y.encodeStateAsUpdate(editor.doc);

    // Offline edits, as a viewer's client would send them in sync step 2 on reconnect.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(room.doc));
    const forged = Array.from({ length: 20 }, (_, i) => {
      const before = Y.encodeStateVector(offline);
      askWhy(offline, COMPLAINT_ID, { text: `viewer edit ${i}` }, 'viewer');
      return Y.encodeStateAsUpdate(offline, before);
    });
    // The same edits as if made by the editor's client id (a forged id).
    const asEditor = new Y.Doc();
    asEditor.clientID = editor.doc.clientID;
    Y.applyUpdate(asEditor, Y.encodeStateAsUpdate(room.doc));
    askWhy(asEditor, COMPLAINT_ID, { text: 'forged as the editor' }, 'viewer');
    const forgedId = Y.encodeStateAsUpdate(asEditor, Y.encodeStateVector(room.doc));

    const { ws, closed } = await rawSocket(wsUrl(board.tokens.viewer));
    let sent = 0;
    for (let i = 0; i < 1000; i++) {
      const kind = i % 4;
      const frame =
        kind === 0
          ? updateFrame(forged[i % 20]!)
          : kind === 1
            ? step2Frame(Y.encodeStateAsUpdate(offline))
            : kind === 2
              ? updateFrame(forgedId)
              : step2Frame(forgedId);
      ws.send(frame);
      sent++;
    }
    ws.send(syncFrame((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()))); // a last message, to know the rest was read
    await vi.waitFor(() => expect(ws.bufferedAmount).toBe(0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent).toBe(1000);
    await room.flushed();
    expect(Y.encodeStateVector(room.doc)).toEqual(stateBefore); // 0 applied
    expect((await server.storage.load(board.id)).length).toBe(storedBefore); // 0 stored
    expect(Y.encodeStateAsUpdate(editor.doc)).toEqual(editorBefore); // 0 relayed
    expect(readBoard(editor.doc).causeIds).toEqual([]);
    expect(ws.readyState).toBe(WebSocket.OPEN); // a viewer may try; it is simply not taken
    ws.close();
    await closed;
  });
});
