/**
 * The turn batch and fan-out on their own (server/room/TurnBatch.ts): what a turn collects, when it is handed over,
 * and which frame each connection gets. In-memory sockets, no room, no port.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../server/room/Connection';
import { DurableState } from '../../server/room/DurableState';
import { EXACT_SENDERS, TurnBatch, relayPresence, relayUpdates, type Turn } from '../../server/room/TurnBatch';
import { REMOTE } from '../../server/room/origins';
import { mergeUpdates } from '../../shared/mergeUpdates';
import { MessageType } from '../../shared/protocol';
import { MemorySocket } from '../fixtures/memorySocket';

const LIMITS = { boardBytes: 1 << 20, updatesPerSecond: 100, updateBurst: 100 };

/** `count` connections on in-memory sockets. */
const connect = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const socket = new MemorySocket();
    return { socket, connection: new Connection(socket.ws, { role: 'editor', name: `P${i}` }, LIMITS) };
  });

/** One client's typing: its updates, one per character. */
function typing(text: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const character of text) doc.getText('t').insert(doc.getText('t').length, character);
  return updates;
}

/** What the update frames a socket received spell, applied in order to a fresh document. */
function textReceived(socket: MemorySocket): string {
  const doc = new Y.Doc();
  for (const frame of socket.sent) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.sync) continue;
    decoding.readVarUint(decoder);
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  return doc.getText('t').toString();
}

describe('a turn batch', () => {
  it('hands a turn over once, at its end, with what each origin sent, and counts only its own updates towards the size and the store', async () => {
    const turns: Turn[] = [];
    const batch = new TurnBatch((turn) => turns.push(turn));
    const durable = new DurableState();
    const [a, b] = connect(2).map(({ connection }) => connection);
    const [one, two] = typing('xy');
    const remote = typing('r')[0]!;
    batch.update(one!, a!.origin, durable.add(one!, false));
    batch.update(two!, b!.origin, durable.add(two!, false));
    batch.update(remote, REMOTE, durable.add(remote, true));
    batch.presence([7], false);
    batch.presence([9], true);
    expect(turns).toHaveLength(0); // nothing before the turn ends
    expect(batch.sent(a!.origin) && batch.sent(REMOTE)).toBe(true);
    expect(batch.bytes).toBe(one!.byteLength + two!.byteLength);

    await new Promise((resolve) => setImmediate(resolve));
    expect(turns).toHaveLength(1);
    const [turn] = turns;
    expect(turn!.updates.map((item) => item.origin)).toEqual([a!.origin, b!.origin, REMOTE]);
    expect(turn!.pieces).toHaveLength(2); // what another instance relayed is that instance's to store
    expect([...turn!.awareness, ...turn!.remoteAwareness]).toEqual([7, 9]);
    expect(batch.bytes).toBe(0);
    expect(batch.hasUpdates).toBe(false);
  });

  it('hands a turn over early when asked (a flush), and not a second time at the end of the turn', async () => {
    const turns: Turn[] = [];
    const batch = new TurnBatch((turn) => turns.push(turn));
    const [update] = typing('x');
    batch.update(update!, REMOTE, new DurableState().add(update!, true));
    batch.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(turns.map((turn) => turn.updates.length)).toEqual([1]);
  });
});

describe('fan-out', () => {
  it('sends each of a few senders only the others\u2019 changes, and everyone else all of them, one frame each', () => {
    const people = connect(EXACT_SENDERS + 1);
    const typed = people.slice(0, 2).map((_, i) => typing(i === 0 ? 'a' : 'b')[0]!);
    const updates = typed.map((update, i) => ({ update, origin: people[i]!.connection.origin }));
    relayUpdates(
      people.map((person) => person.connection),
      { updates, senders: new Set(updates.map((item) => item.origin)) },
      mergeUpdates(updates.map((item) => item.update)),
    );
    expect(people.map(({ socket }) => socket.sent.length)).toEqual(people.map(() => 1));
    expect(textReceived(people[0]!.socket)).toBe('b');
    expect(textReceived(people[1]!.socket)).toBe('a');
    // Two clients typing concurrently: the order of their characters is Yjs's, the same for everyone.
    expect(textReceived(people[2]!.socket)).toHaveLength(2);
    expect(textReceived(people[2]!.socket)).toBe(textReceived(people[4]!.socket));
  });

  it('sends everyone the same frame once more senders than it tailors for changed in one turn (a busy room)', () => {
    const people = connect(EXACT_SENDERS + 2);
    const updates = people.map(({ connection }, i) => ({ update: typing(String.fromCharCode(97 + i))[0]!, origin: connection.origin }));
    relayUpdates(
      people.map((person) => person.connection),
      { updates, senders: new Set(updates.map((item) => item.origin)) },
      mergeUpdates(updates.map((item) => item.update)),
    );
    const frames = people.map(({ socket }) => socket.sent);
    expect(frames.every((sent) => sent.length === 1 && sent[0] === frames[0]![0])).toBe(true);
    expect(textReceived(people[0]!.socket)).toHaveLength(EXACT_SENDERS + 2);
  });

  it('sends presence without a connection\u2019s own state while few changed, and skips a lagging connection', () => {
    const people = connect(3);
    const awareness = new Awareness(new Y.Doc());
    people[0]!.connection.presence.clientId = awareness.clientID;
    people[2]!.socket.bufferedAmount = 64 << 20; // far behind: it gets the next state instead
    awareness.setLocalState({ name: 'P0' });
    relayPresence(
      people.map((person) => person.connection),
      awareness,
      new Set([awareness.clientID]),
    );
    expect(people.map(({ socket }) => socket.sent.length)).toEqual([0, 1, 0]);
  });
});
