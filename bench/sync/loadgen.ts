/**
 * The load generator, in its own process (the benchmark may start several): stock y-websocket clients on one or more
 * boards. Talks to the benchmark over stdin/stdout, one word a line, so every generator starts its load at the same
 * moment and server CPU is measured over the load alone:
 *
 *   generator: `ready` (every client synced) … benchmark: `go` … generator: `done <results file>`
 *
 * Modes: `cursor` (each client moves its awareness cursor `rate` times a second), `storm` (see `measureStorm`).
 * Edits under load come from the raw-protocol generator (`rawLoad.ts`), which measures the server, not this client.
 * Latency is only measured between clients of the same process, whose clocks are the same.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COMPLAINT_ID, askWhy, getCauses } from '../../shared/board';
import { MessageType } from '../../shared/protocol';
import { startMeasuring, waitForWord } from './loadProcess';

export interface LoadConfig {
  mode: 'cursor' | 'storm';
  /** One entry per board: where its clients connect (clients alternate over `urls`: two instances). */
  boards: { urls: string[]; room: string; token: string }[];
  clientsPerBoard: number;
  /** Cursor moves per second, per client. */
  rate: number;
  seconds: number;
  /** This generator's number: its clients' edits carry it, so latency is only measured between clients of one process. */
  generator: number;
  out: string;
}

export interface LoadResult {
  sent: number;
  arrivals: number;
  expected: number;
  /** Fan-out latencies (ms) and acknowledgement latencies (ms), rounded to 0.01 ms. */
  latencies: number[];
  acks: number[];
  /** Edit mode: fan-out latencies (ms) of the edits sent in the load's first second, before the warm-up ends. */
  coldLatencies?: number[];
  /** Bytes all clients received, and the bytes of the moves others made that they had to receive (cursor mode). */
  bytesIn: number;
  bytesNeeded: number;
  /** Awareness entries a client received that carried its own state back (an echo). */
  echoes: number;
  cpuMs: number;
  /** The generator's own event-loop delay, p99 in ms: when it is high, the generator (not the server) is late. */
  loopDelayP99: number;
  /** Times a client lost its connection during the load (the server closed it, or it failed). */
  disconnects: number;
  /** Storm mode: ms from the restart until every client was synced with every edit. */
  stormMs?: number;
  lost?: number;
}

const config = JSON.parse(process.argv[2]!) as LoadConfig;
// Every stock provider listens for the process's exit.
process.setMaxListeners(0);
const now = () => performance.timeOrigin + performance.now();
let bytesIn = 0;
let counting = false;
/** The stock WebSocket, counting what arrives. */
class CountingWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('message', (data: Buffer) => (bytesIn += data.byteLength));
  }
}

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  board: number;
  index: number;
}

const clients: Client[] = config.boards.flatMap((board, b) =>
  Array.from({ length: config.clientsPerBoard }, (_, index): Client => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(board.urls[index % board.urls.length]!, board.room, doc, {
      params: board.token ? { token: board.token } : {},
      WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 1000,
    });
    const client: Client = { doc, provider, board: b, index };
    // What Whyboard's own client announces (the server stamps the same fields), so both servers relay the same bytes.
    provider.awareness.setLocalStateField('user', { name: 'Guest', role: 'editor', color: '#3366cc' });
    const relayAwareness = provider.messageHandlers[MessageType.awareness]!;
    provider.messageHandlers[MessageType.awareness] = (encoder, decoder: decoding.Decoder, ...rest) => {
      if (counting) echoes += ownEntries(decoding.clone(decoder), doc.clientID);
      relayAwareness(encoder, decoder, ...rest);
    };
    return client;
  }),
);
/** How many entries of an awareness message carry `clientId` (the stock client ignores its own state silently). */
function ownEntries(decoder: decoding.Decoder, clientId: number): number {
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  let own = 0;
  for (let count = decoding.readVarUint(update); count > 0; count--) {
    if (decoding.readVarUint(update) === clientId) own++;
    decoding.readVarUint(update);
    decoding.readVarString(update);
  }
  return own;
}

const synced = (client: Client) => new Promise<void>((resolve) => (client.provider.synced ? resolve() : client.provider.once('sync', () => resolve())));
await Promise.all(clients.map(synced));

const latencies: number[] = [];
let disconnects = 0;
for (const client of clients) {
  client.provider.on('status', ({ status }: { status: string }) => {
    if (counting && status === 'disconnected') disconnects++;
  });
}
let echoes = 0;
let bytesNeeded = 0;
let sent = 0;
let expected = 0;
const boardSizes = config.boards.map((_, b) => clients.filter((client) => client.board === b).length);
/** How many clients of this process see a client's edit. */
const peersOf = (client: Client) => boardSizes[client.board]! - 1;

for (const client of clients) {
  if (config.mode === 'cursor') {
    client.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      if (!counting || origin === 'local') return;
      const at = now();
      for (const id of [...added, ...updated]) {
        const cursor = (client.provider.awareness.getStates().get(id) as { cursor?: { t: number; g: number } } | undefined)?.cursor;
        if (cursor?.g === config.generator) latencies.push(at - cursor.t);
      }
    });
  }
}

/** One cursor move by `client`. */
function act(client: Client): void {
  const at = now();
  sent++;
  expected += peersOf(client);
  {
    const { awareness } = client.provider;
    awareness.setLocalStateField('cursor', { x: Math.round(Math.random() * 2000), y: Math.round(Math.random() * 1200), t: at, g: config.generator });
    // The message the client just sent; every other client of the board needs it once.
    const message = encoding.encode((encoder) => {
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [client.doc.clientID]));
    });
    bytesNeeded += message.byteLength * peersOf(client);
  }
}

async function runLoad(): Promise<Pick<LoadResult, 'stormMs' | 'lost'>> {
  counting = true;
  const started = performance.now();
  const interval = 1000 / config.rate;
  const timers = clients.map((client, i) =>
    // Spread the clients' first actions over one interval: people do not type in step.
    setTimeout(function tick() {
      if (performance.now() - started > config.seconds * 1000) return;
      act(client);
      timers[i] = setTimeout(tick, interval);
    }, Math.random() * interval),
  );
  await new Promise((resolve) => setTimeout(resolve, config.seconds * 1000 + 1500));
  counting = false;
  timers.forEach((timer) => clearTimeout(timer));
  return {};
}

/**
 * The reconnect storm: every client has edited once (`ready`); the benchmark stops the server and says `offline`;
 * every client edits again without a server (`edited`); the benchmark restarts the server and says `go`. Done when
 * every client is synced again and holds all its board's edits, or after 30 s (what is missing then is lost).
 */
async function measureStorm(): Promise<Pick<LoadResult, 'stormMs' | 'lost'>> {
  const complete = () => clients.every((client) => client.provider.synced && getCauses(client.doc).size === 2 * config.clientsPerBoard);
  const started = now();
  const deadline = started + 30_000;
  while (!complete() && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const stormMs = now() - started;
  const lost = clients.reduce((sum, client) => sum + (2 * config.clientsPerBoard - getCauses(client.doc).size), 0);
  return { stormMs, lost };
}

/** Each client adds a cause of its own (an edit the board's schema takes). */
const edit = (round: string) =>
  clients.forEach((client) => askWhy(client.doc, COMPLAINT_ID, { id: `g${config.generator}c${client.index}${round}`, text: round }, 'local'));
if (config.mode === 'storm') {
  edit('online');
  while (!clients.every((client) => getCauses(client.doc).size === config.clientsPerBoard)) await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write('ready\n');
if (config.mode === 'storm') {
  await waitForWord('offline');
  edit('offline');
  sent = 2 * clients.length;
  process.stdout.write('edited\n');
}
await waitForWord('go');
const finish = startMeasuring();
bytesIn = 0;
const extra = config.mode === 'storm' ? await measureStorm() : await runLoad();
finish(config.out, { sent, arrivals: latencies.length, expected, latencies, acks: [], bytesIn, bytesNeeded, echoes, disconnects, ...extra });
clients.forEach((client) => client.provider.destroy());
process.exit(0);
