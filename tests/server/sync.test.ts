import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, editCause, markRootCause, readBoard } from '../../shared/board';
import { CloseCode } from '../../shared/protocol';
import type { WhyboardServer } from '../../server/createServer';
import { MemoryStorage } from '../../server/storage/MemoryStorage';
import { HEARTBEAT_MS } from '../../server/room/Room';
import { connectClient, createBoard, startTestServer, tempDir, tryUpgrade, type TestClient } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serverWithBoard(dataDir = tempDir()) {
  const server = await startTestServer({ dataDir });
  cleanup.push(() => server.close());
  const board = await createBoard(server.url);
  return { server, board, dataDir };
}

function client(server: WhyboardServer, id: string, token: string): TestClient {
  const c = connectClient(server.url, id, token);
  cleanup.push(() => c.destroy());
  return c;
}

const ME = 'local';

describe('sync', () => {
  it('two clients converge on the same board, live', async () => {
    const { server, board } = await serverWithBoard();
    const a = client(server, board.id, board.tokens.facilitator);
    const b = client(server, board.id, board.tokens.editor);
    await Promise.all([a.synced, b.synced]);
    expect(readBoard(b.doc).complaint.text).toBe('You charged me twice!');

    const why1 = askWhy(a.doc, COMPLAINT_ID, { text: 'They were overcharged' }, ME);
    await vi.waitFor(() => expect(readBoard(b.doc).causeIds).toEqual([why1]));
    const why2 = askWhy(b.doc, why1, { text: 'The price form was wrong' }, ME);
    editCause(a.doc, why1, 'They were overcharged for a book', ME);
    await vi.waitFor(() => {
      expect(readBoard(a.doc)).toEqual(readBoard(b.doc));
      expect(readBoard(a.doc).causes[why2]?.parentId).toBe(why1);
      expect(readBoard(a.doc).causes[why1]?.text).toBe('They were overcharged for a book');
    });
  });

  it('a client joining late receives the whole board', async () => {
    const { server, board } = await serverWithBoard();
    const a = client(server, board.id, board.tokens.editor);
    await a.synced;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(askWhy(a.doc, ids.at(-1) ?? COMPLAINT_ID, { text: `why ${i}` }, ME));
    markRootCause(a.doc, ids.at(-1)!, true, ME);
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).causeIds).toHaveLength(20));
    const late = client(server, board.id, board.tokens.viewer);
    await late.synced;
    expect(readBoard(late.doc)).toEqual(readBoard(a.doc));
    expect(readBoard(late.doc).rootCauseIds).toEqual([ids.at(-1)]);
  });

  it('the board survives a server restart, read back from the SQLite file', async () => {
    const { server, board, dataDir } = await serverWithBoard();
    const a = client(server, board.id, board.tokens.editor);
    await a.synced;
    const id = askWhy(a.doc, COMPLAINT_ID, { text: 'Last year’s form' }, ME);
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).causeIds).toEqual([id]));
    a.destroy();
    await server.close();

    const again = await startTestServer({ dataDir });
    cleanup.push(() => again.close());
    const b = client(again, board.id, board.tokens.editor);
    await b.synced;
    expect(readBoard(b.doc).causes[id]?.text).toBe('Last year’s form');
  });

  it('refuses a bad token, another board’s token and an unknown board during the upgrade, before any byte', async () => {
    const { server, board } = await serverWithBoard();
    const other = await createBoard(server.url);
    const ws = server.url.replace('http', 'ws');
    expect(await tryUpgrade(`${ws}/sync/${board.id}`)).toEqual({ status: 401, messages: 0 });
    expect(await tryUpgrade(`${ws}/sync/${board.id}?token=wrong`)).toEqual({ status: 401, messages: 0 });
    expect(await tryUpgrade(`${ws}/sync/${board.id}?token=${other.tokens.facilitator}`)).toEqual({ status: 401, messages: 0 });
    expect(await tryUpgrade(`${ws}/sync/nosuchboard000000000000?token=${board.tokens.editor}`)).toEqual({ status: 404, messages: 0 });
    expect(await tryUpgrade(`${ws}/elsewhere`)).toEqual({ status: 404, messages: 0 });
    expect((await tryUpgrade(`${ws}/sync/${board.id}?token=${board.tokens.viewer}`)).status).toBe(101);
  });

  it('drops a viewer’s writes: nothing applied, relayed or stored', async () => {
    const { server, board } = await serverWithBoard();
    const editor = client(server, board.id, board.tokens.editor);
    const viewer = client(server, board.id, board.tokens.viewer);
    await Promise.all([editor.synced, viewer.synced]);
    askWhy(viewer.doc, COMPLAINT_ID, { text: 'written by a viewer' }, ME);
    const fromEditor = askWhy(editor.doc, COMPLAINT_ID, { text: 'written by an editor' }, ME);
    await vi.waitFor(() => expect(readBoard(viewer.doc).causes[fromEditor]).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readBoard(editor.doc).causeIds).toEqual([fromEditor]);
    expect((await server.rooms.snapshot(board.id)).causeIds).toEqual([fromEditor]);
  });

  it('a malformed frame closes that connection only', async () => {
    const { server, board } = await serverWithBoard();
    const good = client(server, board.id, board.tokens.editor);
    await good.synced;
    const bad = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}`);
    cleanup.push(() => bad.terminate());
    await new Promise((resolve) => bad.once('open', resolve));
    const closed = new Promise<number>((resolve) => bad.once('close', (code) => resolve(code)));
    bad.send(new Uint8Array([0, 2, 200, 200, 200, 200, 200])); // an update whose length runs past the frame
    expect(await closed).toBe(CloseCode.malformedMessage);

    const id = askWhy(good.doc, COMPLAINT_ID, { text: 'still working' }, ME);
    const peer = client(server, board.id, board.tokens.viewer);
    await peer.synced;
    await vi.waitFor(() => expect(readBoard(peer.doc).causes[id]).toBeDefined());
  });

  it('a text frame is refused with the malformed-message code', async () => {
    const { server, board } = await serverWithBoard();
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}`);
    cleanup.push(() => ws.terminate());
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('hello');
    expect(await closed).toBe(CloseCode.malformedMessage);
  });

  it('unloads an idle board after writing it, and loads it again on the next visit', async () => {
    const dataDir = tempDir();
    const server = await startTestServer({ dataDir, idleMs: 50 });
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const a = client(server, board.id, board.tokens.editor);
    await a.synced;
    const id = askWhy(a.doc, COMPLAINT_ID, { text: 'kept' }, ME);
    await vi.waitFor(() => expect(server.rooms.has(board.id)).toBe(true));
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).causeIds).toEqual([id]));
    a.destroy();
    await vi.waitFor(() => expect(server.rooms.has(board.id)).toBe(false));
    expect((await server.storage.load(board.id)).length).toBe(1); // compacted on unload
    const b = client(server, board.id, board.tokens.editor);
    await b.synced;
    expect(readBoard(b.doc).causes[id]?.text).toBe('kept');
  });

  it('edits that reach the server while it loads the board are kept (buffered, not lost)', async () => {
    let loads = 0;
    /** Storage that takes its time to load, so the first messages arrive mid-load. */
    class SlowStorage extends MemoryStorage {
      override async load(boardId: string) {
        loads++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return super.load(boardId);
      }
    }
    const server = await startTestServer({ storage: new SlowStorage() });
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const clients = Array.from({ length: 5 }, () => client(server, board.id, board.tokens.editor));
    // Every client writes before its first sync: the room is still loading when these arrive.
    const ids = clients.map((c, i) => askWhy(c.doc, COMPLAINT_ID, { id: `offline${i}`, text: `from ${i}` }, ME));
    await Promise.all(clients.map((c) => c.synced));
    await vi.waitFor(() => {
      for (const c of clients) expect(readBoard(c.doc).causeIds.sort()).toEqual([...ids].sort());
    });
    expect(Y.encodeStateVector(clients[0]!.doc)).toEqual(Y.encodeStateVector(clients[4]!.doc));
    expect(loads).toBe(1); // five connections, one load
  });

  it('keeps a person alone on a board connected: a quiet connection gets a heartbeat well before the client gives up', async () => {
    // y-websocket's client reconnects after 30 s without a message; the server's heartbeat comes a third of that.
    expect(HEARTBEAT_MS).toBeLessThanOrEqual(10_000);
    const server = await startTestServer({ heartbeatMs: 300 });
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const alone = connectClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => alone.destroy());
    await alone.synced;
    const gaps: number[] = [];
    let last = alone.provider.wsLastMessageReceived;
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (alone.provider.wsLastMessageReceived !== last) {
        gaps.push(alone.provider.wsLastMessageReceived - last);
        last = alone.provider.wsLastMessageReceived;
      }
    }
    // Nothing happened on the board for two seconds, and messages still came, each within about a heartbeat.
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...gaps)).toBeLessThan(1000);
    expect(alone.provider.wsconnected).toBe(true);
    expect(readBoard(alone.doc).title).toBe('Overcharged');
  });
});
