import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy } from '../../shared/board';
import { MessageType } from '../../shared/protocol';
import { MemoryStorage } from '../../server/storage/MemoryStorage';
import { connectClient, createBoard, startTestServer, type TestClient } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Storage whose appends take a while, and which says what it holds at each moment. */
class SlowAppendStorage extends MemoryStorage {
  committed = 0;
  override async append(boardId: string, update: Uint8Array) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    await super.append(boardId, update);
    this.committed++;
  }
}

/** Records each `stored` acknowledgement with what storage had committed when it arrived. */
function listenForAcks(client: TestClient, storage: SlowAppendStorage) {
  const acks: Array<{ storedClock: number; committedThen: number }> = [];
  client.provider.messageHandlers[MessageType.stored] = (_encoder, decoder: decoding.Decoder) => {
    const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    acks.push({ storedClock: stateVector.get(client.doc.clientID) ?? 0, committedThen: storage.committed });
  };
  return acks;
}

describe('the stored acknowledgement', () => {
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
    // after both appends had committed.
    const covering = acks.filter((ack) => ack.storedClock > 0);
    expect(covering.length).toBeGreaterThan(0);
    for (const ack of covering) expect(ack.committedThen).toBe(2);
    expect(covering.length).toBe(1); // one per burst, not one per message
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
    expect(acks).toEqual([]);
  });
});
