import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import { MessageType } from '../../shared/protocol';
import { MemoryStorage } from '../../server/storage/MemoryStorage';
import type { Stamp } from '../../server/storage/Storage';
import type { ServerOptions } from '../../server/createServer';
import { connectClient, createBoard, startTestServer, type TestClient } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Storage whose appends take a while, and which says what it holds at each moment. */
class SlowAppendStorage extends MemoryStorage {
  committed = 0;
  override async append(boardId: string, update: Uint8Array, stamp: Stamp) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await super.append(boardId, update, stamp);
    this.committed++;
  }
}

/**
 * Records each `stored` acknowledgement with what storage had committed when it arrived, and each storage status
 * (`canSave`, false while the server cannot write).
 */
function listenForAcks(client: TestClient, storage: SlowAppendStorage) {
  const acks: Array<{ storedClock: number; committedThen: number }> & { canSave: boolean[] } = Object.assign([], { canSave: [] });
  client.provider.messageHandlers[MessageType.stored] = (_encoder, decoder: decoding.Decoder) => {
    const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    acks.push({ storedClock: stateVector.get(client.doc.clientID) ?? 0, committedThen: storage.committed });
  };
  client.provider.messageHandlers[MessageType.storage] = (_encoder, decoder: decoding.Decoder) => {
    acks.canSave.push(decoding.readVarUint(decoder) === 1);
  };
  return acks;
}

/** Storage whose first appends fail, as a full disk or a locked file would make them. */
class FlakyStorage extends SlowAppendStorage {
  failuresLeft = 2;
  override async append(boardId: string, update: Uint8Array, stamp: Stamp) {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('SQLITE_FULL: database or disk is full');
    }
    await super.append(boardId, update, stamp);
  }
}

/** A server on `storage`, a board, a writer who asks for acknowledgements (recorded) and a viewer, both in sync. */
async function writerAndViewer(storage: SlowAppendStorage, options: ServerOptions = {}) {
  const server = await startTestServer({ storage, ...options });
  cleanup.push(() => server.close());
  const board = await createBoard(server.url);
  const client = connectClient(server.url, board.id, board.tokens.editor, { ack: '1' });
  const other = connectClient(server.url, board.id, board.tokens.viewer);
  cleanup.push(
    () => client.destroy(),
    () => other.destroy(),
  );
  const acks = listenForAcks(client, storage);
  await Promise.all([client.synced, other.synced]);
  return { board, client, other, acks };
}

describe('the stored acknowledgement', () => {
  it('waits through failed writes: the board stays in memory, the write is retried and logged, and the ack comes after', async () => {
    const storage = new FlakyStorage();
    const logged: string[] = [];
    const logger = { info() {}, warn() {}, error: (event: string, fields?: Record<string, unknown>) => logged.push(`${event} ${String(fields?.error)}`) };
    const { board, client, other, acks } = await writerAndViewer(storage, { logger });

    askWhy(client.doc, COMPLAINT_ID, { id: 'kept', text: 'written while the disk was full' }, 'local');
    const localClock = Y.getState(client.doc.store, client.doc.clientID);
    await vi.waitFor(() => expect(other.doc.getMap('causes').has('kept')).toBe(true)); // the meeting goes on
    await vi.waitFor(() => expect(acks.at(-1)?.storedClock).toBe(localClock), { timeout: 5000 });
    expect(acks.filter((ack) => ack.storedClock > 0).every((ack) => ack.committedThen === 1)).toBe(true);
    expect(logged).toEqual(Array(2).fill('storage.append_failed Error: SQLITE_FULL: database or disk is full'));
    expect(acks.canSave).toEqual([false, true]); // told once that it cannot save, once that it can again
    expect((await storage.load(board.id)).length).toBe(2); // the board's first update, and this one
  });

  it('does not hold the edit back: others see it while its append is still in flight', async () => {
    const storage = new SlowAppendStorage();
    const { client, other, acks } = await writerAndViewer(storage);
    const committedBefore = storage.committed;

    askWhy(client.doc, COMPLAINT_ID, { id: 'live', text: 'seen before it is stored' }, 'local');
    await vi.waitFor(() => expect(other.doc.getMap('causes').has('live')).toBe(true), { interval: 5 });
    expect(storage.committed).toBe(committedBefore); // the append takes 150 ms: still in flight
    expect(acks.filter((ack) => ack.storedClock > 0)).toEqual([]);
    await vi.waitFor(() => expect(acks.at(-1)?.storedClock).toBe(Y.getState(client.doc.store, client.doc.clientID)));
    expect(acks.at(-1)!.committedThen).toBe(committedBefore + 1);
  });

  it('never says "Saved" for what is not stored: two people typing fast, each acknowledgement checked as it arrives', async () => {
    /** Storage whose appends take 0–15 ms, and which says, at any moment, how far each client's edits are stored. */
    class JitteryStorage extends SlowAppendStorage {
      override async append(boardId: string, update: Uint8Array, stamp: Stamp) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
        await MemoryStorage.prototype.append.call(this, boardId, update, stamp);
        this.committed++;
      }
    }
    const storage = new JitteryStorage();
    const server = await startTestServer({ storage });
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const writers = [0, 1].map(() => connectClient(server.url, board.id, board.tokens.editor, { ack: '1' }));
    cleanup.push(() => writers.forEach((writer) => writer.destroy()));
    await Promise.all(writers.map((writer) => writer.synced));
    const checks: Array<Promise<void>> = [];
    const acknowledged = writers.map(() => 0);
    for (const [w, writer] of writers.entries()) {
      writer.provider.messageHandlers[MessageType.stored] = (_encoder, decoder: decoding.Decoder) => {
        const acked = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(writer.doc.clientID) ?? 0;
        // What storage holds the moment the acknowledgement arrives (it only grows after): everything acknowledged.
        const stored = storage.load(board.id).then((updates) => {
          const doc = new Y.Doc();
          for (const update of updates) Y.applyUpdate(doc, update);
          return Y.getState(doc.store, writer.doc.clientID);
        });
        checks.push(stored.then((clock) => expect(clock).toBeGreaterThanOrEqual(acked)));
        acknowledged[w] = Math.max(acknowledged[w]!, acked);
      };
    }
    const cards = writers.map((writer) => askWhy(writer.doc, COMPLAINT_ID, { text: '' }, 'local'));
    for (let i = 0; i < 150; i++) {
      writers.forEach((writer, w) => (writer.doc.getMap('causes').get(cards[w]!) as Y.Map<Y.Text>).get('text')!.insert(0, 'x'));
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 3));
    }
    // And each is told, in the end, that all it wrote is stored: its last change too.
    await vi.waitFor(() => expect(acknowledged).toEqual(writers.map((writer) => Y.getState(writer.doc.store, writer.doc.clientID))), {
      timeout: 5000,
    });
    await Promise.all(checks);
    expect(checks.length).toBeGreaterThan(20);
  });

  it('arrives only after the update is committed, and covers what the client sent', async () => {
    const storage = new SlowAppendStorage();
    const server = await startTestServer({ storage });
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const client = connectClient(server.url, board.id, board.tokens.editor, { ack: '1' });
    cleanup.push(() => client.destroy());
    const acks = listenForAcks(client, storage);
    await client.synced;

    askWhy(client.doc, COMPLAINT_ID, { text: 'one' }, 'local');
    askWhy(client.doc, COMPLAINT_ID, { text: 'two' }, 'local');
    const localClock = Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID)!;
    await vi.waitFor(() => expect(acks.at(-1)?.storedClock).toBe(localClock));
    // The first acknowledgement answers the initial sync (nothing of ours to store); any that covers our edits came
    // after every append had committed (two edits in one turn are merged into one append).
    const covering = acks.filter((ack) => ack.storedClock > 0);
    expect(covering.length).toBe(1); // one per burst, not one per message
    expect(storage.committed).toBeGreaterThan(0);
    expect(covering[0]!.committedThen).toBe(storage.committed);
    const stored = new Y.Doc();
    for (const update of await storage.load(board.id)) Y.applyUpdate(stored, update);
    expect(Object.values(readBoard(stored).causes).map((cause) => cause.text)).toEqual(['one', 'two']);
  });

  it('tells the last change too, when the changes before it are stored first', async () => {
    const storage = new SlowAppendStorage();
    const { client, acks } = await writerAndViewer(storage);
    const card = askWhy(client.doc, COMPLAINT_ID, { text: '' }, 'local');
    const text = () => (client.doc.getMap('causes').get(card) as Y.Map<Y.Text>).get('text')!;
    // Three changes in three turns: three appends in flight at once, stored one after the other.
    for (const word of ['why', ' so', ' late']) {
      text().insert(text().length, word);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const localClock = Y.getState(client.doc.store, client.doc.clientID);
    await vi.waitFor(() => expect(acks.at(-1)?.storedClock).toBe(localClock), { timeout: 3000 });
    // Told as it went, before the last was stored: "Saved" moves while someone types.
    expect(acks.filter((ack) => ack.storedClock > 0 && ack.storedClock < localClock).length).toBeGreaterThan(0);
  });

  it('is not sent to clients that did not ask for it (the stock client does not know it)', async () => {
    const storage = new SlowAppendStorage();
    const server = await startTestServer({ storage });
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const client = connectClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => client.destroy());
    const acks = listenForAcks(client, storage);
    await client.synced;
    askWhy(client.doc, COMPLAINT_ID, { text: 'one' }, 'local');
    await vi.waitFor(() => expect(storage.committed).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...acks]).toEqual([]);
  });
});
