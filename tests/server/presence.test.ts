import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageType } from '../../shared/protocol';
import { awarenessFrame } from '../fixtures/frames';
import { connectClient, createBoard, startTestServer, type TestClient } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup() {
  const server = await startTestServer();
  cleanup.push(() => server.close());
  const board = await createBoard(server.url);
  const client = (token: string, name: string): TestClient => {
    const c = connectClient(server.url, board.id, token, { name });
    cleanup.push(() => c.destroy());
    return c;
  };
  return { server, board, client };
}

/** A raw socket speaking the protocol by hand, as an attacker would. */
async function rawSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  cleanup.push(() => ws.terminate());
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

const stateOf = (client: TestClient, clientId: number) => client.provider.awareness.getStates().get(clientId) as Record<string, unknown> | undefined;

describe('presence', () => {
  it('stamps each person’s name and role from their connection, whatever they claim', async () => {
    const { board, client } = await setup();
    const ada = client(board.tokens.editor, 'Ada');
    const bo = client(board.tokens.viewer, 'Bo');
    await Promise.all([ada.synced, bo.synced]);
    ada.provider.awareness.setLocalState({ user: { name: 'The CEO', role: 'facilitator', color: '#123456' }, cursor: { x: 10, y: 20 } });
    await vi.waitFor(() =>
      expect(stateOf(bo, ada.doc.clientID)).toEqual({ user: { name: 'Ada', role: 'editor', color: '#123456' }, cursor: { x: 10, y: 20 } }),
    );
  });

  it('refuses a client speaking for another client id: no impersonation, no erasing', async () => {
    const { server, board, client } = await setup();
    const ada = client(board.tokens.editor, 'Ada');
    const bo = client(board.tokens.editor, 'Bo');
    await Promise.all([ada.synced, bo.synced]);
    ada.provider.awareness.setLocalState({ cursor: { x: 1, y: 1 } });
    await vi.waitFor(() => expect(stateOf(bo, ada.doc.clientID)).toBeDefined());

    const attacker = await rawSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}&name=Mallory`);
    attacker.send(awarenessFrame([[999_999, 1, { cursor: { x: 0, y: 0 } }]])); // binds the attacker to 999999
    attacker.send(awarenessFrame([[ada.doc.clientID, 10_000, null]])); // erase Ada
    attacker.send(awarenessFrame([[ada.doc.clientID, 10_001, { user: { name: 'Ada' }, cursor: { x: 666, y: 666 } }]])); // be Ada
    await vi.waitFor(() => expect(stateOf(bo, 999_999)).toMatchObject({ user: { name: 'Mallory', role: 'editor' } }));
    expect(stateOf(bo, ada.doc.clientID)).toMatchObject({ user: { name: 'Ada' }, cursor: { x: 1, y: 1 } });
    const room = server.rooms.get(board.id);
    expect(room.awareness.getStates().get(ada.doc.clientID)).toMatchObject({ cursor: { x: 1, y: 1 } });
  });

  it('drops an oversized state, and a 5 MiB frame closes only that socket', async () => {
    const { server, board, client } = await setup();
    const bo = client(board.tokens.editor, 'Bo');
    await bo.synced;
    const url = `${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}`;
    const big = await rawSocket(url);
    big.send(awarenessFrame([[123, 1, { blob: 'x'.repeat(100_000) }]]));
    const huge = await rawSocket(url);
    const closed = new Promise<number>((resolve) => huge.once('close', resolve));
    huge.send(awarenessFrame([[124, 1, { blob: 'x'.repeat(5 * 1024 * 1024) }]]));
    expect(await closed).toBe(1009); // message too big
    big.send(awarenessFrame([[123, 2, { small: true }]]));
    await vi.waitFor(() => expect(stateOf(bo, 123)).toMatchObject({ small: true }));
    expect(JSON.stringify(stateOf(bo, 123))).not.toContain('xxxx');
    expect(stateOf(bo, 124)).toBeUndefined();
  });

  it('caps the awareness rate per connection', async () => {
    const { server, board, client } = await setup();
    const bo = client(board.tokens.editor, 'Bo');
    await bo.synced;
    let received = 0;
    bo.provider.awareness.on('update', ({ updated, added }: { updated: number[]; added: number[] }) => {
      if ([...updated, ...added].includes(777)) received++;
    });
    const flood = await rawSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}`);
    for (let clock = 1; clock <= 500; clock++) flood.send(awarenessFrame([[777, clock, { cursor: { x: clock, y: 0 } }]]));
    await vi.waitFor(() => expect(received).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toBeLessThanOrEqual(80); // burst of 60, plus what the rate refills meanwhile
  });

  it('keeps a stock client in a room of more than 64 people: it sends everyone’s states back, only its own is taken', async () => {
    const { server, board, client } = await setup();
    const bo = client(board.tokens.editor, 'Bo');
    await bo.synced;
    const stock = await rawSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}&name=Stock`);
    let closed = false;
    stock.once('close', () => (closed = true));
    stock.send(awarenessFrame([[4242, 1, { cursor: { x: 1, y: 2 } }]]));
    // What the stock y-websocket client does after joining a big room: every state it just received, sent back.
    const everyone: Array<[number, number, unknown]> = Array.from({ length: 200 }, (_, i) => [10_000 + i, 5, { cursor: { x: i, y: i } }]);
    stock.send(awarenessFrame([...everyone, [4242, 2, { cursor: { x: 3, y: 4 } }]]));
    await vi.waitFor(() => expect(stateOf(bo, 4242)).toMatchObject({ user: { name: 'Stock' }, cursor: { x: 3, y: 4 } }));
    expect(closed).toBe(false);
    expect(stateOf(bo, 10_000)).toBeUndefined();
  });

  it('in a small room, never sends anyone their own presence back', async () => {
    const { board, client } = await setup();
    const ada = client(board.tokens.editor, 'Ada');
    const bo = client(board.tokens.editor, 'Bo');
    await Promise.all([ada.synced, bo.synced]);
    // Entries per client id in the awareness messages that reach Ada.
    const seen = new Map<number, number>();
    const relay = ada.provider.messageHandlers[MessageType.awareness]!;
    ada.provider.messageHandlers[MessageType.awareness] = (encoder, decoder, ...rest) => {
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoding.clone(decoder)));
      for (let count = decoding.readVarUint(update); count > 0; count--) {
        const clientId = decoding.readVarUint(update);
        seen.set(clientId, (seen.get(clientId) ?? 0) + 1);
        decoding.readVarUint(update);
        decoding.readVarString(update);
      }
      relay(encoder, decoder, ...rest);
    };
    for (let x = 1; x <= 5; x++) {
      ada.provider.awareness.setLocalStateField('cursor', { x, y: 0 });
      bo.provider.awareness.setLocalStateField('cursor', { x, y: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await vi.waitFor(() => expect(stateOf(ada, bo.doc.clientID)).toMatchObject({ cursor: { x: 5, y: 1 } }));
    expect(seen.get(bo.doc.clientID)).toBeGreaterThan(0);
    expect(seen.get(ada.doc.clientID) ?? 0).toBe(0);
  });

  it('in a busy room, sends everyone one frame: each sees all the others, and their own state comes back unchanged', async () => {
    const { board, client } = await setup();
    const people = Array.from({ length: 8 }, (_, i) => client(board.tokens.editor, `P${i}`));
    await Promise.all(people.map((person) => person.synced));
    const ownChanges = people.map(() => 0);
    people.forEach((person, i) =>
      person.provider.awareness.on('change', ({ updated }: { updated: number[] }, origin: unknown) => {
        if (origin !== 'local' && updated.includes(person.doc.clientID)) ownChanges[i]!++;
      }),
    );
    // All move in the same turn, so the server batches eight changes: more than it tailors per connection.
    people.forEach((person, i) => person.provider.awareness.setLocalStateField('cursor', { x: i, y: 7 }));
    for (const person of people) {
      await vi.waitFor(() =>
        people.forEach((other, j) => other !== person && expect(stateOf(person, other.doc.clientID)).toMatchObject({ cursor: { x: j, y: 7 } })),
      );
    }
    people.forEach((person, i) => expect(person.provider.awareness.getLocalState()).toMatchObject({ cursor: { x: i, y: 7 } }));
    expect(ownChanges).toEqual(people.map(() => 0));
  });

  it('keeps a client id for the person who first announced it: after they drop, nobody else can take it, and they can', async () => {
    const { server, board, client } = await setup();
    const url = (token: string, params: string) => `${server.url.replace('http', 'ws')}/sync/${board.id}?token=${token}&${params}`;
    const bo = client(board.tokens.editor, 'Bo');
    await bo.synced;
    const FRAN = 31_337;
    const fran = await rawSocket(url(board.tokens.facilitator, 'name=Fran&person=fran-device-0001'));
    fran.send(awarenessFrame([[FRAN, 1, { cursor: { x: 1, y: 1 } }]]));
    await vi.waitFor(() => expect(stateOf(bo, FRAN)).toMatchObject({ user: { name: 'Fran', role: 'facilitator' } }));
    fran.terminate(); // her network drops
    await vi.waitFor(() => expect(stateOf(bo, FRAN)).toBeUndefined());

    // A viewer announces her id while she is away, to be followed as the facilitator when she comes back.
    const squatter = await rawSocket(url(board.tokens.viewer, 'name=Mallory&person=mallory-device-01'));
    squatter.send(awarenessFrame([[FRAN, 2, { cursor: { x: 666, y: 666 } }]]));
    squatter.send(awarenessFrame([[FRAN, 3, { cursor: { x: 667, y: 667 } }]]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stateOf(bo, FRAN)).toBeUndefined();
    expect(server.rooms.get(board.id).awareness.getStates().has(FRAN)).toBe(false);

    // She comes back on the same device: her id is hers again, stamped as the facilitator.
    const back = await rawSocket(url(board.tokens.facilitator, 'name=Fran&person=fran-device-0001'));
    back.send(awarenessFrame([[FRAN, 4, { cursor: { x: 2, y: 2 } }]]));
    await vi.waitFor(() => expect(stateOf(bo, FRAN)).toMatchObject({ user: { name: 'Fran', role: 'facilitator' }, cursor: { x: 2, y: 2 } }));
  });

  it('lets a stock client (no person id) take its own id back after a reconnect', async () => {
    const { board, client } = await setup();
    const bo = client(board.tokens.editor, 'Bo');
    const stock = client(board.tokens.editor, 'Stock');
    await Promise.all([bo.synced, stock.synced]);
    stock.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
    await vi.waitFor(() => expect(stateOf(bo, stock.doc.clientID)).toMatchObject({ cursor: { x: 1, y: 1 } }));
    stock.provider.disconnect();
    await vi.waitFor(() => expect(stateOf(bo, stock.doc.clientID)).toBeUndefined());
    stock.provider.connect();
    await stock.synced;
    stock.provider.awareness.setLocalStateField('cursor', { x: 2, y: 2 });
    await vi.waitFor(() => expect(stateOf(bo, stock.doc.clientID)).toMatchObject({ user: { name: 'Stock' }, cursor: { x: 2, y: 2 } }));
  });

  it('counts every awareness message towards the connection’s budget, also those with nobody’s state in them', async () => {
    const { server, board, client } = await setup();
    const bo = client(board.tokens.editor, 'Bo');
    await bo.synced;
    bo.provider.awareness.setLocalState({ cursor: { x: 0, y: 0 } });
    const flood = await rawSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.viewer}&name=Flood`);
    flood.send(awarenessFrame([[5150, 1, { cursor: { x: 1, y: 1 } }]]));
    await vi.waitFor(() => expect(stateOf(bo, 5150)).toBeDefined());
    // Messages of 64 KiB that carry only Bo's id (taken: dropped, whatever they cost to read), then one real move.
    const taken = awarenessFrame(Array.from({ length: 1500 }, (_, i): [number, number, unknown] => [bo.doc.clientID, i + 10, { pad: 'x'.repeat(20) }]));
    for (let i = 0; i < 40; i++) flood.send(taken);
    // A move padded with more of the same, so that it costs more than whatever the flood left in the budget.
    const padded = (clock: number) =>
      awarenessFrame([
        ...Array.from({ length: 7000 }, (_, i): [number, number, unknown] => [bo.doc.clientID, i + 100, { pad: 'x'.repeat(20) }]),
        [5150, clock, { cursor: { x: clock, y: clock } }],
      ]);
    flood.send(padded(2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Over a megabyte in a moment is past the byte budget: the move after it was dropped.
    expect(stateOf(bo, 5150)).toMatchObject({ cursor: { x: 1, y: 1 } });
    // The budget refills: the same message a moment later goes through.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    flood.send(padded(3));
    await vi.waitFor(() => expect(stateOf(bo, 5150)).toMatchObject({ cursor: { x: 3, y: 3 } }));
    expect(server.rooms.get(board.id).awareness.getStates().get(bo.doc.clientID)).toMatchObject({ user: { name: 'Bo' }, cursor: { x: 0, y: 0 } }); // nobody took Bo's id
  });

  it('removes a person’s presence when they leave', async () => {
    const { board, client } = await setup();
    const ada = client(board.tokens.editor, 'Ada');
    const bo = client(board.tokens.editor, 'Bo');
    await Promise.all([ada.synced, bo.synced]);
    ada.provider.awareness.setLocalState({ cursor: { x: 1, y: 1 } });
    await vi.waitFor(() => expect(stateOf(bo, ada.doc.clientID)).toBeDefined());
    ada.destroy();
    await vi.waitFor(() => expect(stateOf(bo, ada.doc.clientID)).toBeUndefined());
  });
});
