/**
 * The raw-protocol load generator: measures the server, not the generator. Every client is a bare WebSocket; every
 * edit is encoded before the load starts (a person typing one character into their own cause card, as Yjs encodes it);
 * every probe only decodes the frame header and the update's clock ranges (`Y.parseUpdateMeta`), never applies it.
 * Speaks y-websocket's protocol, and Hocuspocus's (the same messages, each addressed with the document's name, after an
 * authentication message), so the same load runs against Whyboard, the reference server and Hocuspocus.
 *
 * Talks to the benchmark as `loadgen.ts` does: `ready` (every client synced, its card made) … `go` … `done`.
 * Latency is measured between clients of this process only (one clock): from sending an edit to its arrival at each
 * other client of the board. The `stored` acknowledgement (Whyboard) is timed from sending to the ack that covers it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { COMPLAINT_ID, CauseKey, askWhy, getCauses, initBoard } from '../../shared/board';
import { MessageType } from '../../shared/protocol';
import { startMeasuring, waitForWord } from './loadProcess';

export interface RawLoadConfig {
  protocol: 'y-websocket' | 'hocuspocus';
  /** One entry per board: its clients alternate over `urls` (two instances). Empty rooms are given a board first. */
  boards: { urls: string[]; room: string; token: string }[];
  clientsPerBoard: number;
  /** Edits per second, per client. */
  rate: number;
  /** Seconds of load before the measured `seconds` (see `BENCH_WARMUP`): what arrives from edits sent then is not counted. */
  warmup: number;
  seconds: number;
  /** Ask for `stored` acknowledgements and time them (Whyboard only). */
  ack: boolean;
  out: string;
}

const config = JSON.parse(process.argv[2]!) as RawLoadConfig;
const hocuspocus = config.protocol === 'hocuspocus';
const edits = Math.ceil(config.rate * (config.warmup + config.seconds)) + 1;

/** Opens a frame: the document's name first for Hocuspocus. */
const open = (room: string, type: number) => {
  const encoder = encoding.createEncoder();
  if (hocuspocus) encoding.writeVarString(encoder, room);
  encoding.writeVarUint(encoder, type);
  return encoder;
};
const syncFrame = (room: string, write: (encoder: encoding.Encoder) => void) => {
  const encoder = open(room, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
};
const updateFrame = (room: string, update: Uint8Array) => syncFrame(room, (encoder) => syncProtocol.writeUpdate(encoder, update));

interface Client {
  ws: WebSocket;
  room: string;
  board: number;
  clientId: number;
  /** This client's edits, encoded: its card first, then one character each; and its clock after each. */
  frames: Uint8Array[];
  ends: number[];
  /** For each edit sent: the clock after it, and when it was sent. */
  sent: { end: number; at: number }[];
  acked: number;
  synced: Promise<Uint8Array>;
}

let bytesIn = 0;
let counting = false;
/** When the load began, and when its measured part begins (`performance.now()`; set at `go`). */
let loadStart = Infinity;
let countFrom = Infinity;
let disconnects = 0;
const latencies: number[] = [];
/** Fan-out latencies of the edits sent in the load's first second, on a server that has just started: cold. */
const coldLatencies: number[] = [];
const acks: number[] = [];
let expected = 0;
/** The clients of this process by their document client id: whose edits a probe can time. */
const senders = new Map<number, Client>();

/** The clients whose sends at clocks in (from, to] a frame carries, timed for one receiver. */
function probe(receiver: Client, update: Uint8Array, at: number): void {
  const { from, to } = Y.parseUpdateMeta(update);
  for (const [clientId, end] of to) {
    const sender = senders.get(clientId);
    if (!sender || sender === receiver || sender.board !== receiver.board) continue;
    const start = from.get(clientId) ?? 0;
    // Sends are in clock order: find the first past `start`, take every one up to `end`.
    let low = 0;
    let high = sender.sent.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sender.sent[mid]!.end <= start) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sender.sent.length && sender.sent[i]!.end <= end; i++) {
      const sentAt = sender.sent[i]!.at;
      if (sentAt >= countFrom) latencies.push(at - sentAt);
      else if (sentAt < loadStart + 1000) coldLatencies.push(at - sentAt);
    }
  }
}

function receive(client: Client, data: Uint8Array, onState: (update: Uint8Array) => void): void {
  const at = performance.now();
  bytesIn += data.byteLength;
  const decoder = decoding.createDecoder(data);
  if (hocuspocus) decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.sync) {
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      // The server asks what this client has: nothing it has not sent.
      client.ws.send(syncFrame(client.room, (encoder) => syncProtocol.writeSyncStep2(encoder, new Y.Doc())));
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    if (step === syncProtocol.messageYjsSyncStep2) onState(update);
    if (counting) probe(client, update, at);
  } else if (type === MessageType.stored) {
    const stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(client.clientId) ?? 0;
    while (client.acked < client.sent.length && client.sent[client.acked]!.end <= stored) {
      if (client.sent[client.acked]!.at >= countFrom) acks.push(at - client.sent[client.acked]!.at);
      client.acked++;
    }
  }
}

function connect(url: string, room: string, token: string, board: number): Client {
  const params = new URLSearchParams({ ...(token && !hocuspocus ? { token } : {}), ...(config.ack ? { ack: '1' } : {}) });
  const ws = new WebSocket(hocuspocus ? url : `${url}/${room}?${params}`, { perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  let resolveState: (update: Uint8Array) => void = () => undefined;
  const client: Client = { ws, room, board, clientId: 0, frames: [], ends: [], sent: [], acked: 0, synced: new Promise((resolve) => (resolveState = resolve)) };
  ws.on('message', (data: Buffer) => receive(client, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), resolveState));
  ws.on('close', () => counting && disconnects++);
  ws.on('error', () => undefined);
  ws.on('open', () => {
    if (hocuspocus) {
      const auth = open(room, 2); // Auth, then its sub-type (token) and the token
      encoding.writeVarUint(auth, 0);
      encoding.writeVarString(auth, token || 'bench');
      ws.send(encoding.toUint8Array(auth));
    }
    ws.send(syncFrame(room, (encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc())));
  });
  return client;
}

/** Yjs client ids: random as Yjs makes them, unique in this process. */
function newClientId(): number {
  for (;;) {
    const id = Math.floor(Math.random() * 2 ** 31);
    if (!senders.has(id)) return id;
  }
}

/** Encodes a client's edits on top of the board's state: its own card, then one character typed at a time. */
function prepare(client: Client, base: Uint8Array): void {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  doc.clientID = client.clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => {
    updates.push(update);
    client.ends.push(Y.getState(doc.store, doc.clientID));
  });
  const id = askWhy(doc, COMPLAINT_ID, { text: '' }, 'bench');
  const text = getCauses(doc).get(id)!.get(CauseKey.text) as Y.Text;
  for (let i = 0; i < edits; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  client.frames = updates.map((update) => updateFrame(client.room, update));
  doc.destroy();
}

/** Sends the client's next edit; false when it has none left or its socket is closed. */
function send(client: Client): boolean {
  const next = client.sent.length;
  const frame = client.frames[next];
  if (!frame || client.ws.readyState !== WebSocket.OPEN) return false;
  client.ws.send(frame);
  client.sent.push({ end: client.ends[next]!, at: performance.now() });
  return true;
}

// Connect every client, and give an empty room (a baseline server) a board first, as Whyboard's API does.
const clients: Client[] = [];
for (const [b, board] of config.boards.entries()) {
  const first = connect(board.urls[0]!, board.room, board.token, b);
  let base = await first.synced;
  if (Y.parseUpdateMeta(base).to.size === 0) {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Bench', complaint: { text: 'Load' } }, 'bench');
    base = Y.encodeStateAsUpdate(doc);
    first.ws.send(updateFrame(board.room, base));
  }
  const rest = Array.from({ length: config.clientsPerBoard - 1 }, (_, i) => connect(board.urls[(i + 1) % board.urls.length]!, board.room, board.token, b));
  await Promise.all(rest.map((client) => client.synced));
  for (const client of [first, ...rest]) {
    client.clientId = newClientId();
    senders.set(client.clientId, client);
    prepare(client, base);
    clients.push(client);
  }
}
// Every client's card, before the load: the edits then type into it.
for (const client of clients) send(client);
await new Promise((resolve) => setTimeout(resolve, 1000));
process.stdout.write('ready\n');

await waitForWord('go');
const finish = startMeasuring();
bytesIn = 0;
counting = true;
let sent = 0;
const started = performance.now();
loadStart = started;
countFrom = started + config.warmup * 1000;
// The benchmark starts its measures of the server (CPU, frames) at this word.
setTimeout(() => process.stdout.write('measuring\n'), config.warmup * 1000);
const interval = 1000 / config.rate;
const boardSizes = config.boards.map((_, b) => clients.filter((client) => client.board === b).length);
const timers = clients.map((client, i) =>
  // Spread the clients' first edits over one interval: people do not type in step.
  setTimeout(function tick() {
    if (performance.now() - started > (config.warmup + config.seconds) * 1000) return;
    if (send(client) && client.sent.at(-1)!.at >= countFrom) {
      sent++;
      expected += boardSizes[client.board]! - 1;
    }
    timers[i] = setTimeout(tick, interval);
  }, Math.random() * interval),
);
await new Promise((resolve) => setTimeout(resolve, (config.warmup + config.seconds) * 1000 + 1500));
counting = false;
timers.forEach((timer) => clearTimeout(timer));
finish(config.out, { sent, arrivals: latencies.length, expected, latencies, coldLatencies, acks, bytesIn, bytesNeeded: 0, echoes: 0, disconnects });
clients.forEach((client) => client.ws.terminate());
process.exit(0);
