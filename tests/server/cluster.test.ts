import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import type { WhyboardServer } from '../../server/createServer';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol';
import { REMOTE_STORE_AFTER_MS } from '../../server/room/Room';
import { holdAppends } from '../fixtures/holdAppends';
import { PostgresStorage } from '../../server/storage/PostgresStorage';
import { connectClient, connectMeetingClient, connectSavingClient, createBoard, startTestServer, type TestClient } from '../fixtures/server';
import { mustRun, services, startPostgres, startRedis, type Service } from '../../scripts/localServices';

/** Two instances sharing PostgreSQL and Redis, as behind a load balancer. */
const here = (services.postgres && services.redis) || mustRun;
let postgres: Service;
let redis: Service;
let a: WhyboardServer;
let b: WhyboardServer;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  if (!here) return;
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const shared = { databaseUrl: postgres.url, redisUrl: redis.url };
  [a, b] = await Promise.all([startTestServer(shared), startTestServer(shared)]);
}, 30_000);
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const ws of sockets) ws.terminate();
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

const track = <T extends TestClient>(client: T): T => {
  clients.push(client);
  return client;
};

describe.skipIf(!here)('two instances with PostgreSQL and Redis', () => {
  it('an edit on instance A reaches a client on instance B, and is stored once', async () => {
    const board = await createBoard(a.url);
    const onA = track(connectClient(a.url, board.id, board.tokens.editor));
    const onB = track(connectClient(b.url, board.id, board.tokens.editor));
    await Promise.all([onA.synced, onB.synced]);
    const id = askWhy(onA.doc, COMPLAINT_ID, { text: 'Written on A' }, 'a');
    await vi.waitFor(() => expect(readBoard(onB.doc).causes[id]?.text).toBe('Written on A'));
    const back = askWhy(onB.doc, id, { text: 'Answered on B' }, 'b');
    await vi.waitFor(() => expect(readBoard(onA.doc).causes[back]?.parentId).toBe(id));
    await a.rooms.get(board.id).flushed();
    await b.rooms.get(board.id).flushed();
    // Each update stored by the instance that received it, once: the board's first update and the two edits.
    expect(await a.storage.load(board.id)).toHaveLength(3);
  });

  it('a link replaced on instance A lets go at once of those who came with it on instance B; the other links stay', async () => {
    const board = await createBoard(a.url);
    const socket = (token: string) => {
      const ws = new WebSocket(`${b.url.replace('http', 'ws')}/sync/${board.id}?token=${token}`);
      sockets.push(ws);
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      return { ws, closed, open: new Promise((resolve) => ws.once('open', resolve)) };
    };
    const editor = socket(board.tokens.editor);
    const viewer = socket(board.tokens.viewer);
    await Promise.all([editor.open, viewer.open]);
    await vi.waitFor(() => expect(b.rooms.connectionCount(board.id)).toBe(2));
    expect(a.rooms.has(board.id)).toBe(false); // A does not even hold the board open

    const rotated = await fetch(`${a.url}/api/boards/${board.id}/links/editor/rotate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(rotated.status).toBe(200);
    expect(await editor.closed).toBe(CloseCode.unauthorized);
    expect(viewer.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('a change its instance never commits is stored by the instance that relayed it, and acknowledged only then', async () => {
    // Instance C's appends hang (a stuck connection to PostgreSQL), as if it died after relaying and before committing.
    const { storage: stuck, release } = holdAppends(new PostgresStorage(postgres.url));
    const c = await startTestServer({ storage: stuck, redisUrl: redis.url });
    try {
      const board = await createBoard(b.url);
      const onC = track(connectClient(c.url, board.id, board.tokens.editor));
      const onB = track(connectSavingClient(b.url, board.id, board.tokens.editor));
      await Promise.all([onC.synced, onB.synced]);
      const id = askWhy(onC.doc, COMPLAINT_ID, { text: 'Written on C' }, 'c');
      await vi.waitFor(() => expect(readBoard(onB.doc).causes[id]).toBeDefined()); // live, not stored anywhere yet
      const reply = askWhy(onB.doc, id, { text: 'Answered on B' }, 'b');
      const storedOnAck: string[][] = [];
      const acked = Y.getState(onB.doc.store, onB.doc.clientID);
      // Not "Saved" while C's change, which B's answer builds on, is durable nowhere.
      await new Promise((resolve) => setTimeout(resolve, REMOTE_STORE_AFTER_MS / 2));
      expect(Math.max(0, ...onB.acks)).toBeLessThan(acked);
      await vi.waitFor(
        async () => {
          expect(onB.acks.at(-1)).toBe(acked);
          const stored = new Y.Doc();
          for (const update of await b.storage.load(board.id)) Y.applyUpdate(stored, update);
          storedOnAck.push(readBoard(stored).causeIds);
        },
        { timeout: 10_000 },
      );
      // B stored C's change itself: "Saved" on B covered it, and it is there although C never committed it.
      expect(new Set(storedOnAck.at(-1))).toEqual(new Set([id, reply]));
    } finally {
      release();
      await c.close();
    }
  });

  it('presence and the meeting cross instances too', async () => {
    const board = await createBoard(b.url);
    const lead = track(connectMeetingClient(a.url, board.id, board.tokens.facilitator, 'Fran'));
    const editor = track(connectMeetingClient(b.url, board.id, board.tokens.editor, 'Ed'));
    await Promise.all([lead.synced, editor.synced]);
    lead.provider.awareness.setLocalStateField('cursor', { x: 5, y: 6 });
    await vi.waitFor(() =>
      expect(editor.provider.awareness.getStates().get(lead.doc.clientID)).toMatchObject({
        user: { name: 'Fran', role: 'facilitator' },
        cursor: { x: 5, y: 6 },
      }),
    );
    await vi.waitFor(() => expect(editor.state()).toBeDefined());
    lead.send({ type: 'phase.set', phase: 'vote' });
    await vi.waitFor(() => expect(editor.state()?.phase).toBe('vote'));
    lead.send({ type: 'lock.set', locked: true });
    await vi.waitFor(() => expect(editor.state()?.locked).toBe(true));
    // The lock holds on B too: B's room knows it from A.
    askWhy(editor.doc, COMPLAINT_ID, { text: 'written while locked' }, 'ed');
    await vi.waitFor(() => expect(editor.refusal()).toMatch(/locked the board/));
    expect(readBoard(lead.doc).causeIds).toEqual([]);
  });
});
