/**
 * The room on its own, with in-memory sockets (no port, no server): what it sends, in which order.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, initBoard, readBoard } from '../../shared/board';
import { CloseCode, MessageType } from '../../shared/protocol';
import { Room, type RoomOptions } from '../../server/room/Room';
import { BusKind, type RoomBus } from '../../server/RedisBus';
import { silentLogger } from '../../server/log';
import { MemoryStorage } from '../../server/storage/MemoryStorage';
import { readFrame, tryReadFrame } from '../../server/room/readFrame';
import { judgeWrite } from '../../server/room/writePolicy';
import { holdAppends } from '../fixtures/holdAppends';
import { MemorySocket } from '../fixtures/memorySocket';

const options = (storage: MemoryStorage): RoomOptions => ({
  storage,
  logger: silentLogger,
  compactAfter: 500,
  loadBuffer: { messages: 100, bytes: 1 << 20 },
  limits: { boardBytes: 8 << 20, updatesPerSecond: 100, updateBurst: 100, loadTimeoutMs: 5000 },
});

/** A board stored as one row (compacted) with 30 causes, and a copy of it from before its last 10. */
async function storedBoard(storage: MemoryStorage): Promise<{ stored: Y.Doc; older: Y.Doc }> {
  const stored = new Y.Doc();
  initBoard(stored, { title: 'Stored', complaint: { text: 'Stored complaint' } }, 'test');
  for (let i = 0; i < 20; i++) askWhy(stored, COMPLAINT_ID, { text: `cause ${i}` }, 'test');
  const older = new Y.Doc();
  Y.applyUpdate(older, Y.encodeStateAsUpdate(stored));
  for (let i = 20; i < 30; i++) askWhy(stored, COMPLAINT_ID, { text: `cause ${i}` }, 'test');
  await storage.createBoard({ id: 'b1', createdAt: 0, updatedAt: 0, tokens: { facilitator: 'f', editor: 'e', viewer: 'v' } }, Y.encodeStateAsUpdate(stored));
  return { stored, older };
}

const syncStep1 = (doc: Y.Doc) =>
  encoding.encode((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, doc);
  });

/** The sync messages among `frames`: their step (0 request, 1 answer, 2 update) and payload. */
const syncMessages = (frames: Uint8Array[]) =>
  frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return [];
    return [{ step: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) }];
  });

describe('a room', () => {
  it('answers a first sync that came while it loaded from the stored bytes, before its own request, with only what is missing', async () => {
    const storage = new MemoryStorage();
    const { stored, older } = await storedBoard(storage);
    const room = new Room('b1', options(storage));
    // A client with an offline copy from before the last 10 causes asks while the room loads.
    const socket = new MemorySocket();
    room.join(socket.ws, { role: 'viewer', name: 'Vi' });
    socket.deliver(syncStep1(older));
    await room.loaded;

    const [first, second] = syncMessages(socket.sent);
    expect(first!.step).toBe(syncProtocol.messageYjsSyncStep2); // the answer, before the room's own request
    expect(second!.step).toBe(syncProtocol.messageYjsSyncStep1);
    expect(first!.payload).toEqual(Y.encodeStateAsUpdate(stored, Y.encodeStateVector(older)));
    expect(first!.payload.byteLength).toBeLessThan(Y.encodeStateAsUpdate(stored).byteLength / 2);
    Y.applyUpdate(older, first!.payload);
    expect(readBoard(older).causeIds).toEqual(readBoard(stored).causeIds);
    expect(readBoard(older).causeIds).toHaveLength(30);
    expect(syncMessages(socket.sent).filter((message) => message.step === syncProtocol.messageYjsSyncStep2)).toHaveLength(1); // answered once
    await room.close();
  });

  it('refuses a sync request naming far more clients than the board has, loading or loaded, and answers one with a few of its own', async () => {
    const storage = new MemoryStorage();
    const { stored } = await storedBoard(storage);
    /** A sync request with the board's state vector and `extra` made-up clients (an attacker's, or an offline copy's own). */
    const request = (extra: number) => {
      const vector = Y.decodeStateVector(Y.encodeStateVector(stored));
      for (let i = 0; i < extra; i++) vector.set(2 ** 31 + i, 1 + i);
      return encoding.encode((encoder) => {
        encoding.writeVarUint(encoder, MessageType.sync);
        encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
        encoding.writeVarUint8Array(encoder, encodeVector(vector));
      });
    };
    const room = new Room('b1', options(storage));
    const early = new MemorySocket();
    room.join(early.ws, { role: 'viewer', name: 'Early' });
    early.deliver(request(100_000)); // while the board loads
    await room.loaded;
    const late = new MemorySocket();
    room.join(late.ws, { role: 'viewer', name: 'Late' });
    late.deliver(request(100_000));
    const honest = new MemorySocket();
    room.join(honest.ws, { role: 'editor', name: 'Offline' });
    honest.deliver(request(3));

    for (const socket of [early, late]) {
      expect(socket.closed?.code).toBe(CloseCode.malformedMessage);
      expect(syncMessages(socket.sent).some((message) => message.step === syncProtocol.messageYjsSyncStep2)).toBe(false);
    }
    expect(honest.closed).toBeUndefined();
    expect(syncMessages(honest.sent).filter((message) => message.step === syncProtocol.messageYjsSyncStep2)).toHaveLength(1);
    await room.close();
  });
});

describe('a room opened by a join', () => {
  /** A stored board, and its room opened by an editor's socket (as the upgrade of the first person to join opens it). */
  const openedByJoin = async () => {
    const storage = new MemoryStorage();
    const { stored } = await storedBoard(storage);
    const room = new Room('b1', options(storage));
    const socket = new MemorySocket();
    room.join(socket.ws, { role: 'editor', name: 'First' });
    return { storage, stored, room, socket };
  };

  it('answers the sync request of the connection that opened it from the stored bytes as they are, before building the document', async () => {
    const { storage, stored, room, socket } = await openedByJoin();
    await new Promise((resolve) => setImmediate(resolve)); // the board is read; the room waits for this request
    socket.deliver(syncStep1(new Y.Doc())); // a client with nothing of the board

    // Answered at once: the stored bytes themselves, and the room's own request only once the document is built.
    expect(syncMessages(socket.sent).map((message) => message.step)).toEqual([syncProtocol.messageYjsSyncStep2]);
    const [answer] = syncMessages(socket.sent);
    expect(answer!.payload).toEqual(Y.mergeUpdates(await storage.load('b1')));
    await room.loaded;
    expect(syncMessages(socket.sent).map((message) => message.step)).toEqual([syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsSyncStep1]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, answer!.payload);
    expect(readBoard(copy).causeIds).toEqual(readBoard(stored).causeIds);
    await room.close();
  });

  it('sends a connection answered from storage what other instances relayed before the document was built', async () => {
    const { stored, room, socket } = await openedByJoin();
    socket.deliver(syncStep1(new Y.Doc()));
    // Another instance's edit arrives while this one is still loading: it is in the document, not in the stored bytes.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(stored));
    const before = Y.encodeStateVector(elsewhere);
    askWhy(elsewhere, COMPLAINT_ID, { text: 'Typed on another instance' }, 'test');
    room.receiveRemote(BusKind.update, Y.encodeStateAsUpdate(elsewhere, before));
    await room.loaded;

    const copy = new Y.Doc();
    for (const message of syncMessages(socket.sent)) if (message.step !== syncProtocol.messageYjsSyncStep1) Y.applyUpdate(copy, message.payload);
    expect(Object.values(readBoard(copy).causes).map((cause) => cause.text)).toContain('Typed on another instance');
    expect(readBoard(copy).causeIds).toHaveLength(31);
    await room.close();
  });
});

/** Another instance's bus, as far as a room sees it: what the room publishes goes nowhere. */
const quietBus: RoomBus = { subscribe: async () => undefined, unsubscribe: async () => undefined, publish: () => undefined, close: async () => undefined };

/** A client's update, as a frame. */
const updateFrame = (update: Uint8Array) =>
  encoding.encode((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
  });

/** What each `stored` acknowledgement sent on `socket` said is durable of `client`'s changes (its clock). */
const storedClocks = (socket: MemorySocket, client: number) =>
  socket.sent.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.stored) return [];
    return [Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(client) ?? 0];
  });

describe('a room on several instances', () => {
  it('does not count what another instance relayed while it loaded as stored: "Saved" waits until that instance says so', async () => {
    const storage = new MemoryStorage();
    const { stored } = await storedBoard(storage);
    const room = new Room('b1', { ...options(storage), bus: quietBus });
    const socket = new MemorySocket();
    room.join(socket.ws, { role: 'editor', name: 'Returning', ack: true });
    // A change typed on another instance reaches this one while it still loads; that instance has not stored it yet.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(stored));
    const before = Y.encodeStateVector(elsewhere);
    askWhy(elsewhere, COMPLAINT_ID, { text: 'Typed on another instance' }, 'test');
    const change = Y.encodeStateAsUpdate(elsewhere, before);
    room.receiveRemote(BusKind.update, change);
    await room.loaded;
    // Its author comes back here (their instance died) and sends it again: nothing new to this room.
    socket.deliver(updateFrame(change));
    const storedClock = () => storedClocks(socket, elsewhere.clientID);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const end = Y.getState(elsewhere.store, elsewhere.clientID);
    expect(storedClock().every((clock) => clock < end)).toBe(true);
    // Once that instance says it is stored, it is "Saved" here too.
    room.receiveRemote(BusKind.durable, Y.encodeStateVector(elsewhere));
    await vi.waitFor(() => expect(storedClock().at(-1)).toBe(end));
    await room.close();
  });

  it('does not tell a change "Saved" while a change from another instance it builds on is stored nowhere', async () => {
    const { storage, release } = holdAppends(new MemoryStorage());
    const { stored } = await storedBoard(storage);
    const room = new Room('b1', { ...options(storage), bus: quietBus });
    const socket = new MemorySocket();
    room.join(socket.ws, { role: 'editor', name: 'Yara', ack: true });
    await room.loaded;
    const mine = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(stored));
    const send = (update: Uint8Array) => socket.deliver(updateFrame(update));
    const change = (doc: Y.Doc, write: () => void) => {
      const before = Y.encodeStateVector(doc);
      write();
      return Y.encodeStateAsUpdate(doc, before);
    };
    // Mine first (its append held), then a cause typed on another instance that has not stored it yet, then my answer
    // under that cause: mine builds on it.
    send(change(mine, () => askWhy(mine, COMPLAINT_ID, { text: 'Mine, first' }, 'test')));
    await new Promise((resolve) => setImmediate(resolve));
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(mine));
    let theirs = '';
    const relayed = change(elsewhere, () => (theirs = askWhy(elsewhere, COMPLAINT_ID, { text: 'Typed on another instance' }, 'test')));
    room.receiveRemote(BusKind.update, relayed);
    Y.applyUpdate(mine, relayed);
    send(change(mine, () => askWhy(mine, theirs, { text: 'Mine, under theirs' }, 'test')));
    await new Promise((resolve) => setImmediate(resolve));
    // Both of mine are stored; theirs is not.
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const acked = () => storedClocks(socket, mine.clientID);
    const myEnd = Y.getState(mine.store, mine.clientID);
    expect(acked().every((clock) => clock < myEnd)).toBe(true);
    // Once that instance says it stored its cause, mine is "Saved" too.
    room.receiveRemote(BusKind.durable, Y.encodeStateVector(elsewhere));
    await vi.waitFor(() => expect(acked().at(-1)).toBe(myEnd));
    await room.close();
  });
});

/** A state vector as Yjs encodes one: its number of entries, then each client and clock. */
const encodeVector = (vector: Map<number, number>) =>
  encoding.encode((encoder) => {
    encoding.writeVarUint(encoder, vector.size);
    for (const [client, clock] of vector) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, clock);
    }
  });

describe('a room and its listeners', () => {
  it('tells its hooks and its other connections of an update in the same turn, while the append is still in flight', async () => {
    const { storage, release } = holdAppends(new MemoryStorage());
    const { stored } = await storedBoard(storage);
    const room = new Room('b1', options(storage));
    const told: string[] = [];
    room.hooks = {
      update: () => told.push('update'),
      awareness: () => told.push('awareness'),
      meeting: () => told.push('meeting'),
      durable: () => told.push('durable'),
    };
    const [writer, reader] = [new MemorySocket(), new MemorySocket()];
    room.join(writer.ws, { role: 'editor', name: 'Ed' });
    room.join(reader.ws, { role: 'viewer', name: 'Vi' });
    await room.loaded;
    const before = reader.sent.length;

    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(stored));
    const updates: Uint8Array[] = [];
    edit.on('update', (update: Uint8Array) => updates.push(update));
    askWhy(edit, COMPLAINT_ID, { text: 'live before stored' }, 'test');
    writer.deliver(
      encoding.encode((encoder) => {
        encoding.writeVarUint(encoder, MessageType.sync);
        syncProtocol.writeUpdate(encoder, updates[0]!);
      }),
    );
    await new Promise((resolve) => setImmediate(resolve)); // the end of the turn
    expect(told).toEqual(['update']);
    expect(syncMessages(reader.sent.slice(before)).map((message) => message.step)).toEqual([syncProtocol.messageYjsUpdate]);
    expect(syncMessages(writer.sent).filter((message) => message.step === syncProtocol.messageYjsUpdate)).toEqual([]); // never its own back

    release();
    await room.flushed();
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toEqual(['update', 'durable']); // once committed, the others are told what is durable
    await room.close();
  });
});

describe('reading a client frame', () => {
  const encode = (write: (encoder: encoding.Encoder) => void) => encoding.encode(write);

  it('names each message y-websocket and Whyboard send, and throws on anything else', () => {
    const doc = new Y.Doc();
    expect(readFrame(syncStep1(doc))).toEqual({ type: 'syncRequest', stateVector: Y.encodeStateVector(doc) });
    const update = Y.encodeStateAsUpdate(doc);
    for (const step of [syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]) {
      const bytes = encode((encoder) => {
        encoding.writeVarUint(encoder, MessageType.sync);
        encoding.writeVarUint(encoder, step);
        encoding.writeVarUint8Array(encoder, update);
      });
      expect(readFrame(bytes)).toEqual({ type: 'update', update });
    }
    expect(readFrame(encode((encoder) => encoding.writeVarUint(encoder, MessageType.queryAwareness)))).toEqual({ type: 'queryAwareness' });
    expect(readFrame(encode((encoder) => (encoding.writeVarUint(encoder, MessageType.meeting), encoding.writeVarString(encoder, '{"type":"x"}'))))).toEqual({
      type: 'meeting',
      json: '{"type":"x"}',
    });
    expect(() => readFrame(new Uint8Array([MessageType.sync, 7]))).toThrow(/unknown sync message type 7/);
    expect(() => readFrame(new Uint8Array([MessageType.stored]))).toThrow(/unknown message type 100/);
    expect(() => readFrame(new Uint8Array([]))).toThrow();
    expect(() => readFrame(new Uint8Array([MessageType.sync, 0, 200]))).toThrow(); // a state vector longer than the frame
    expect(tryReadFrame(new Uint8Array([255, 255, 255]))).toBeUndefined();
  });

  it('lets viewers write nothing, editors nothing while locked, and nobody write an empty update', () => {
    const change = Y.encodeStateAsUpdate(
      (() => {
        const doc = new Y.Doc();
        doc.getMap('causes').set('a', 1);
        return doc;
      })(),
    );
    const empty = new Uint8Array([0, 0]);
    expect(judgeWrite('viewer', false, change)).toBe('ignore');
    expect(judgeWrite('editor', false, change)).toBe('apply');
    expect(judgeWrite('editor', true, change)).toBe('locked');
    expect(judgeWrite('editor', true, empty)).toBe('ignore'); // a client in sync answering our request, not a write
    expect(judgeWrite('facilitator', true, change)).toBe('apply');
    expect(judgeWrite('facilitator', false, empty)).toBe('ignore');
  });
});
