/**
 * Sync benchmark: the same load, in the same run, against Whyboard and against two baselines: the minimal reference
 * y-websocket server (@y/websocket-server 0.1.1) and Hocuspocus 4 (@hocuspocus/server), both without persistence or
 * auth. Each server is a process of its own, pinned to one core; the load generators run on the other. Edits come from
 * the raw-protocol generator (bench/sync/rawLoad.ts: pre-encoded updates, probes that only decode), so what is
 * measured is the server; cursors, the reconnect storm and idle memory use stock y-websocket clients
 * (bench/sync/loadgen.ts). Prints a table and writes test-results/bench-sync.json. Not part of `npm test`: machines
 * here are shared and noisy.
 *
 * `BENCH_SECONDS` sets how long each load is measured (default 10), `BENCH_WARMUP` how long edits run before (default 3);
 * `BENCH_REPEAT` how many times (default 1; the table shows
 * the run with the median p99); `BENCH_ONLY` runs the scenarios and parts whose name contains it;
 * `BENCH_TARGETS` (comma-separated) only the servers whose name contains one of them (`Whyboard`: no baselines, no ratios);
 * `BENCH_PROFILE=<dir>` has every Whyboard process write a CPU profile there, `BENCH_LOG=<dir>` keeps every process's output.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bundleServer } from '../tests/fixtures/serverBundle';
import { growTree } from '../tests/fixtures/growTree';
import { freePort, startPostgres, startRedis, type Service } from '../scripts/localServices';
import type { LoadConfig, LoadResult } from './sync/loadgen';
import type { RawLoadConfig } from './sync/rawLoad';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * Seconds each edit load runs before it is measured (default 3), the same for every server: a server that has just
 * started runs its first second slower (its code not yet compiled, on the one core it shares with the compiler), and a
 * long meeting is not its first second. That second is shown on its own ("first second p99").
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** Runs per scenario and target, interleaved; the table shows the run with the median p99 (tails are noisy here). */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
const ONLY = process.env.BENCH_ONLY;
/** `BENCH_TARGETS`: only the servers whose name contains one of these (comma-separated): profiling one server. */
const TARGETS = process.env.BENCH_TARGETS?.split(',');
const root = path.resolve(import.meta.dirname, '..');
/** Servers on core 0, load generators on the others (the issue's setup), when there are two cores and `taskset`. */
const PIN = os.cpus().length >= 2 && fs.existsSync('/usr/bin/taskset');
const SERVER_CORE = '0';
const LOAD_CORES = PIN ? `1-${os.cpus().length - 1}` : undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'whyboard-bench-'));

// ——— Processes ———

/** A child process spoken to one line at a time. Its output is read all along, so a chatty child never blocks. */
class Child {
  readonly process: ChildProcess;
  /** Lines not yet looked at by `line`, and what waits for the next one. */
  private readonly unread: string[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  /** Error events the process logged (Whyboard's JSON lines on stderr): a run with any does not count. */
  readonly errors: string[] = [];

  /** `cores`: the CPUs to pin the process to (`taskset -c`: servers on one, load generators on the others). */
  constructor(args: string[], env: NodeJS.ProcessEnv = {}, cores?: string) {
    const pinned = cores !== undefined && PIN;
    this.process = spawn(pinned ? 'taskset' : process.execPath, pinned ? ['-c', cores, process.execPath, ...args] : args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    readline.createInterface({ input: this.process.stderr! }).on('line', (line) => {
      process.stderr.write(`${line}\n`);
      if (line.includes('"level":"error"')) this.errors.push(line);
    });
    const lines = readline.createInterface({ input: this.process.stdout! });
    const log = process.env.BENCH_LOG ? fs.createWriteStream(path.join(process.env.BENCH_LOG, `${this.process.pid}.log`)) : undefined;
    lines.on('line', (line) => {
      log?.write(`${line}\n`);
      this.unread.push(line);
      if (this.unread.length > 1000) this.unread.shift();
      this.wake?.();
    });
    lines.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  /** Resolves with the first line from now on (or unread) that `match` accepts. */
  async line(match: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      while (this.unread.length > 0) {
        const found = match.exec(this.unread.shift()!);
        if (found) return found;
      }
      if (this.ended) throw new Error(`${this.process.spawnargs.slice(1).join(' ').slice(0, 80)} ended before printing ${match}`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  say(word: string): void {
    this.process.stdin!.write(`${word}\n`);
  }

  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill(signal);
    await exited;
  }

  /** Memory in use after a garbage collection (the server runs bench/sync/memoryProbe.ts). */
  async memory(): Promise<NodeJS.MemoryUsage> {
    this.say('memory');
    const [line] = await this.line(/^\{"memory":.*\}$/);
    return (JSON.parse(line) as { memory: NodeJS.MemoryUsage }).memory;
  }

  /** CPU milliseconds used so far, and resident memory in MB, from /proc. */
  usage(): { cpuMs: number; mainCpuMs: number; rssMb: number } {
    const pid = this.process.pid!;
    // User and system clock ticks (100 a second on Linux), of the process and of its main thread (whose id is the
    // process's): the rest is its other threads (the SQLite writer, the garbage collector's helpers).
    const ms = (stat: string) => {
      const fields = stat.split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    };
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return {
      cpuMs: ms(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')),
      mainCpuMs: ms(fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')),
      rssMb: rss / 1024,
    };
  }
}

// ——— Servers ———

interface BoardLink {
  room: string;
  token: string;
}

/** A running server (or two instances of one): where clients connect, and how to make boards on it. */
interface Server {
  target: string;
  /** Hocuspocus addresses every message to a document; the others take the document from the URL. */
  protocol: RawLoadConfig['protocol'];
  instances: Child[];
  /** WebSocket base URLs, one per instance. */
  urls: string[];
  boards(count: number): Promise<BoardLink[]>;
  /** Stops and starts the server again on the same port and data (the reconnect storm, the cold join). */
  restart(): Promise<void>;
  /** WebSocket frames sent so far, over every instance (Whyboard's metrics; the baselines do not count them). */
  framesSent?(): Promise<number>;
  stop(): Promise<void>;
}

/** Node options for every server: a garbage collector to call, and the memory probe that calls it. */
const PROBE = ['--expose-gc', '--import', 'tsx', '--import', './bench/sync/memoryProbe.ts'];

const LIMITS = JSON.stringify({
  connectionsPerIp: 100_000,
  connectionsPerBoard: 100_000,
  updatesPerSecond: 1000,
  updateBurst: 4000,
  httpConnectionsPerIp: 100_000,
  boardsPerMinute: 100_000,
  updateBytesPerSecond: 1e9,
});

/**
 * The baselines' own install (bench/baselines/package.json), made the first time the benchmark needs it: they are not
 * part of `npm install` (Hocuspocus asks for Node 22; the reference server pulls in a native add-on).
 */
function installBaselines(): void {
  if (fs.existsSync('bench/baselines/node_modules/@hocuspocus/server') && fs.existsSync('bench/baselines/node_modules/@y/websocket-server')) return;
  console.info('Installing the baseline servers (bench/baselines)…');
  const installed = spawnSync('npm', ['ci', '--prefix', 'bench/baselines', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
  if (installed.status !== 0) throw new Error('Could not install the baseline servers (npm ci --prefix bench/baselines).');
}

/** A baseline server from `script`, printing its port (see bench/baselines/referenceServer.ts, hocuspocusServer.ts). */
async function startBaselineFrom(target: string, script: string, protocol: Server['protocol']): Promise<Server> {
  installBaselines();
  const port = await freePort();
  const launch = async () => {
    const child = new Child([...PROBE, script], { PORT: String(port) }, SERVER_CORE);
    await child.line(/\{"port":\d+\}/);
    return child;
  };
  const server: Server = {
    target,
    protocol,
    instances: [await launch()],
    urls: [`ws://127.0.0.1:${port}`],
    boards: async (count) => Array.from({ length: count }, () => ({ room: `bench-${Math.random().toString(36).slice(2)}`, token: '' })),
    async restart() {
      await server.instances[0]!.stop('SIGTERM');
      server.instances = [await launch()];
    },
    stop: () => server.instances[0]!.stop(),
  };
  return server;
}

/** A server the benchmark measures, by the name its rows carry. */
interface Target {
  name: string;
  start(): Promise<Server>;
}
const baseline: Target = { name: 'baseline', start: () => startBaselineFrom('baseline', 'bench/baselines/referenceServer.ts', 'y-websocket') };
const hocuspocus: Target = { name: 'Hocuspocus', start: () => startBaselineFrom('Hocuspocus', 'bench/baselines/hocuspocusServer.ts', 'hocuspocus') };

const METRICS_TOKEN = 'bench-metrics-token-of-the-benchmark';

/**
 * Whyboard from its real entry point (bundled), on SQLite in the durable mode the README states; or, with `shared`,
 * `instances` processes on one PostgreSQL and one Redis.
 */
async function startWhyboard(instances = 1, shared?: { databaseUrl: string; redisUrl: string }): Promise<Server> {
  const bundle = await bundleServer();
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const launch = async (port: number) => {
    const env: NodeJS.ProcessEnv = {
      PORT: String(port),
      WHYBOARD_DATA_DIR: dataDir,
      WHYBOARD_STATIC_DIR: dataDir,
      WHYBOARD_LIMITS: LIMITS,
      WHYBOARD_METRICS_TOKEN: METRICS_TOKEN,
      // A room nobody is on closes soon: the cold join reads its board from storage on a server that runs. The loads
      // keep their rooms busy, so this changes nothing else.
      WHYBOARD_IDLE_MS: '300',
    };
    if (shared) Object.assign(env, { DATABASE_URL: shared.databaseUrl, REDIS_URL: shared.redisUrl });
    // BENCH_PROFILE=<dir>: each Whyboard process writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
    const child = new Child([...PROBE, ...profile, bundle], env, SERVER_CORE);
    await child.line(/"event":"server.listening"/);
    return child;
  };
  const http = `http://127.0.0.1:${ports[0]}`;
  const server: Server = {
    target: instances > 1 ? `Whyboard × ${instances} (PostgreSQL, Redis)` : 'Whyboard',
    protocol: 'y-websocket',
    instances: await Promise.all(ports.map(launch)),
    urls: ports.map((port) => `ws://127.0.0.1:${port}/sync`),
    async boards(count) {
      const made: BoardLink[] = [];
      for (let i = 0; i < count; i++) {
        const response = await fetch(`${http}/api/boards`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ title: `Bench ${i}`, complaint: { text: 'Load' } }),
        });
        const board = (await response.json()) as { id: string; tokens: { editor: string } };
        made.push({ room: board.id, token: board.tokens.editor });
      }
      return made;
    },
    async framesSent() {
      const counts = await Promise.all(
        ports.map(async (port) => {
          const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
          return Number(/^whyboard_frames_sent_total (\d+)/m.exec(await response.text())?.[1]);
        }),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    },
    async restart() {
      await Promise.all(server.instances.map((child) => child.stop('SIGTERM')));
      server.instances = await Promise.all(ports.map(launch));
    },
    stop: async () => void (await Promise.all(server.instances.map((child) => child.stop('SIGTERM')))),
  };
  return server;
}

// ——— Load ———

interface Scenario {
  name: string;
  /** `edit`: the raw-protocol generator; the others, stock clients (see `LoadConfig`). */
  mode: LoadConfig['mode'] | 'edit';
  boards: number;
  clientsPerBoard: number;
  rate: number;
  /** Load generator processes: a board's clients stay in one unless the board alone is too big for one. */
  generators: number;
  /** Also run against two Whyboard instances sharing PostgreSQL and Redis. */
  cluster?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: '40 boards × 5 clients × 1 edit/s', mode: 'edit', boards: 40, clientsPerBoard: 5, rate: 1, generators: 1, cluster: true },
  { name: '200 boards × 5 clients × 4 edits/s', mode: 'edit', boards: 200, clientsPerBoard: 5, rate: 4, generators: 2 },
  { name: 'big room: 1 board × 200 clients × 4 edits/s', mode: 'edit', boards: 1, clientsPerBoard: 200, rate: 4, generators: 2 },
  { name: 'cursors: 1 board × 20 clients × 10 moves/s', mode: 'cursor', boards: 1, clientsPerBoard: 20, rate: 10, generators: 1 },
];

interface Row {
  scenario: string;
  target: string;
  updatesPerSecond: number;
  delivered: number;
  p50: number;
  p99: number;
  ackP50: number;
  ackP99: number;
  /** Fan-out p99 of the edits sent in the load's first second, during the warm-up (edit scenarios). */
  coldP99?: number;
  serverCores: number;
  /** Of which the servers' main threads (their event loops). */
  mainThreadCores: number;
  serverRssMb: number;
  loadgenCores: number;
  /** WebSocket frames the server sent per edit received (Whyboard only): what batching saves on sockets. */
  framesPerUpdate?: number;
  /** The worst generator's event-loop delay p99 (ms): above a few tens of ms, the generators could not keep up. */
  loadgenDelayP99: number;
  disconnects: number;
  /** Cursor scenario: bytes received ÷ bytes of others' moves, and own states sent back. */
  inboundRatio?: number;
  echoes?: number;
}

const percentile = (values: number[], q: number) => {
  const sorted = Float64Array.from(values).sort();
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

/** Splits a scenario's clients over its generators: whole boards when there are several, else one board's clients. */
function splitLoad(scenario: Scenario, server: Server, links: BoardLink[]): Array<Pick<LoadConfig, 'boards' | 'clientsPerBoard'>> {
  const board = (link: BoardLink) => ({ urls: server.urls, room: link.room, token: link.token });
  if (links.length === 1) {
    return Array.from({ length: scenario.generators }, () => ({ boards: [board(links[0]!)], clientsPerBoard: scenario.clientsPerBoard / scenario.generators }));
  }
  return Array.from({ length: scenario.generators }, (_, g) => ({
    boards: links.filter((_, i) => i % scenario.generators === g).map(board),
    clientsPerBoard: scenario.clientsPerBoard,
  }));
}

/** Starts the generators of a load and resolves once every client is connected and synced. */
async function startGenerators(scenario: Scenario, server: Server, links: BoardLink[]) {
  const ack = server.target.startsWith('Whyboard');
  const generators = splitLoad(scenario, server, links).map((part, g) => {
    const out = path.join(work, `load-${g}-${Date.now()}.json`);
    if (scenario.mode === 'edit') {
      const config: RawLoadConfig = { ...part, protocol: server.protocol, rate: scenario.rate, warmup: WARMUP, seconds: SECONDS, ack, out };
      return { child: new Child(['--import', 'tsx', 'bench/sync/rawLoad.ts', JSON.stringify(config)], {}, LOAD_CORES), out };
    }
    const config: LoadConfig = { ...part, mode: scenario.mode, rate: scenario.rate, seconds: SECONDS, generator: g, out };
    return { child: new Child(['--import', 'tsx', 'bench/sync/loadgen.ts', JSON.stringify(config)], {}, LOAD_CORES), out };
  });
  await Promise.all(generators.map(({ child }) => child.line(/^ready$/)));
  return generators;
}

async function runLoad(scenario: Scenario, server: Server): Promise<Row> {
  const links = await server.boards(scenario.boards);
  const generators = await startGenerators(scenario, server, links);
  generators.forEach(({ child }) => child.say('go'));
  // The raw generators warm the server up first, and say when what they send is measured.
  if (scenario.mode === 'edit') await Promise.all(generators.map(({ child }) => child.line(/^measuring$/)));
  const before = server.instances.map((child) => child.usage());
  const framesBefore = await server.framesSent?.();
  const started = performance.now();
  await Promise.all(generators.map(({ child }) => child.line(/^done$/)));
  const wall = performance.now() - started;
  const after = server.instances.map((child) => child.usage());
  const framesAfter = await server.framesSent?.();
  const results = generators.map(({ out }) => JSON.parse(fs.readFileSync(out, 'utf8')) as LoadResult);
  await Promise.all(generators.map(({ child }) => child.stop()));
  const sum = (pick: (result: LoadResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const latencies = results.flatMap((result) => result.latencies);
  const cold = results.flatMap((result) => result.coldLatencies ?? []);
  const acks = results.flatMap((result) => result.acks);
  return {
    scenario: scenario.name,
    target: server.target,
    updatesPerSecond: sum((result) => result.sent) / SECONDS,
    delivered:
      sum((result) => result.arrivals) /
      Math.max(
        1,
        sum((result) => result.expected),
      ),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    coldP99: cold.length > 0 ? percentile(cold, 0.99) : undefined,
    ackP50: percentile(acks, 0.5),
    ackP99: percentile(acks, 0.99),
    serverCores: after.reduce((total, usage, i) => total + usage.cpuMs - before[i]!.cpuMs, 0) / wall,
    mainThreadCores: after.reduce((total, usage, i) => total + usage.mainCpuMs - before[i]!.mainCpuMs, 0) / wall,
    serverRssMb: after.reduce((total, usage) => total + usage.rssMb, 0),
    loadgenCores: sum((result) => result.cpuMs) / wall,
    framesPerUpdate:
      framesBefore === undefined || framesAfter === undefined
        ? undefined
        : (framesAfter - framesBefore) /
          Math.max(
            1,
            sum((result) => result.sent),
          ),
    loadgenDelayP99: Math.max(...results.map((result) => result.loopDelayP99)),
    disconnects: sum((result) => result.disconnects),
    ...(scenario.mode === 'cursor'
      ? { inboundRatio: sum((result) => result.bytesIn) / sum((result) => result.bytesNeeded), echoes: sum((result) => result.echoes) }
      : {}),
  };
}

// ——— Joins, restarts and memory ———

/** A stock client on `link`, once it has synced with the server, and how long that took (ms). */
async function openClient(url: string, link: BoardLink): Promise<{ provider: WebsocketProvider; ms: number }> {
  const started = performance.now();
  const provider = new WebsocketProvider(url, link.room, new Y.Doc(), {
    params: link.token ? { token: link.token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  return { provider, ms: performance.now() - started };
}

/** `promise`, or an error after `ms` saying what did not happen: a benchmark that waits forever reports nothing. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Waited ${ms} ms for ${what}.`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a stock client: its provider, and its document, whose awareness keeps a timer of its own until the document
 * is destroyed (left running, the benchmark never exited once its figures were written).
 */
function closeClient(provider: WebsocketProvider): void {
  provider.destroy();
  provider.doc.destroy();
}

/** Milliseconds from opening a stock client to its first sync with the server. */
async function timeJoin(url: string, link: BoardLink): Promise<number> {
  const { provider, ms } = await openClient(url, link);
  closeClient(provider);
  return ms;
}

/** The size of the board a fresh client receives (to know the writer's edits have arrived). */
async function joinedBytes(url: string, link: BoardLink): Promise<number> {
  const { provider } = await openClient(url, link);
  const bytes = Y.encodeStateAsUpdate(provider.doc).byteLength;
  closeClient(provider);
  return bytes;
}

interface JoinRow {
  target: string;
  loadedP50: number;
  loadedP99: number;
  /** Whyboard: the board closed (nobody on it) on a running server, read from storage when someone joins. */
  fromStorageP50: number;
  fromStorageMax: number;
  /** Whyboard: the first join of a server just started (its code not yet compiled, its threads starting). */
  afterRestartP50: number;
  afterRestartMax: number;
  bytes: number;
}

/**
 * Joins of a 1,000-cause board: while it is held in memory; and (Whyboard) from storage, once its room has closed for
 * want of anyone on it (what a cold join is on a server that runs), and as the first join after a restart.
 */
async function coldJoin(server: Server): Promise<JoinRow> {
  const [link] = await server.boards(1);
  const { provider: writer } = await openClient(server.urls[0]!, link!);
  growTree(writer.doc, 1000);
  const bytes = Y.encodeStateAsUpdate(writer.doc).byteLength;
  // Loaded: the writer keeps the board open; it is in the server's memory.
  while ((await joinedBytes(server.urls[0]!, link!)) < bytes * 0.9) await new Promise((resolve) => setTimeout(resolve, 100));
  const loaded: number[] = [];
  for (let i = 0; i < 30; i++) loaded.push(await timeJoin(server.urls[0]!, link!));
  closeClient(writer);
  const fromStorage: number[] = [];
  const afterRestart: number[] = [];
  if (server.target !== 'baseline') {
    // Each join's client leaves at once; the room then closes after WHYBOARD_IDLE_MS, and the next join reads the board.
    // Its log line, whatever else it carries and in whatever order.
    const closed = new RegExp(`^(?=.*"event":"room\\.closed")(?=.*"board":"${link!.room}")`);
    try {
      for (let i = 0; i < 5; i++) {
        await within(10_000, server.instances[0]!.line(closed), 'the room to close once nobody was on it');
        fromStorage.push(await timeJoin(server.urls[0]!, link!));
      }
    } catch (error) {
      // The other figures still print; the part fails (`npm run bench` says which).
      console.error(`Cold join from storage: ${(error as Error).message}`);
      process.exitCode = 1;
    }
    for (let i = 0; i < 5; i++) {
      await server.restart();
      afterRestart.push(await timeJoin(server.urls[0]!, link!));
    }
  }
  return {
    target: server.target,
    loadedP50: percentile(loaded, 0.5),
    loadedP99: percentile(loaded, 0.99),
    fromStorageP50: percentile(fromStorage, 0.5),
    fromStorageMax: fromStorage.length > 0 ? Math.max(...fromStorage) : NaN,
    afterRestartP50: percentile(afterRestart, 0.5),
    afterRestartMax: afterRestart.length > 0 ? Math.max(...afterRestart) : NaN,
    bytes,
  };
}

interface StormRow {
  target: string;
  clients: number;
  syncedMs: number;
  lost: number;
}

/** 1,000 clients (200 boards × 5) edit, lose their server, edit offline, and all come back when it restarts. */
async function reconnectStorm(server: Server): Promise<StormRow> {
  const scenario: Scenario = { name: 'storm', mode: 'storm', boards: 200, clientsPerBoard: 5, rate: 0, generators: 2 };
  const links = await server.boards(scenario.boards);
  const generators = await startGenerators(scenario, server, links);
  await Promise.all(server.instances.map((child) => child.stop('SIGTERM')));
  generators.forEach(({ child }) => child.say('offline'));
  await Promise.all(generators.map(({ child }) => child.line(/^edited$/)));
  // Start the server again (restart() stops what is already stopped, then starts it on the same port and data).
  await server.restart();
  generators.forEach(({ child }) => child.say('go'));
  await Promise.all(generators.map(({ child }) => child.line(/^done$/)));
  const results = generators.map(({ out }) => JSON.parse(fs.readFileSync(out, 'utf8')) as LoadResult);
  await Promise.all(generators.map(({ child }) => child.stop()));
  return {
    target: server.target,
    clients: 1000,
    syncedMs: Math.max(...results.map((result) => result.stormMs!)),
    lost: results.reduce((sum, result) => sum + result.lost!, 0),
  };
}

interface MemoryRow {
  target: string;
  connections: number;
  /** Growth per connection of the JavaScript heap in use after a collection, and of the resident set. */
  heapKb: number;
  rssKb: number;
}

/** Server memory per idle connection: before and after 1,000 synced, idle clients on 10 boards, after a collection. */
async function idleMemory(server: Server): Promise<MemoryRow> {
  const scenario: Scenario = { name: 'idle', mode: 'cursor', boards: 10, clientsPerBoard: 100, rate: 0.001, generators: 1 };
  const links = await server.boards(scenario.boards);
  const probe = server.instances[0]!;
  const before = await probe.memory();
  const generators = await startGenerators(scenario, server, links);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await probe.memory();
  await Promise.all(generators.map(({ child }) => child.stop()));
  const perConnection = (bytes: number) => bytes / 1024 / 1000;
  return { target: server.target, connections: 1000, heapKb: perConnection(after.heapUsed - before.heapUsed), rssKb: perConnection(after.rss - before.rss) };
}

// ——— The run ———

const fmt = (n: number | undefined, digits = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '—');
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `×${(a / b).toFixed(2)}` : '—');

const rows: Row[] = [];
const joins: JoinRow[] = [];
const storms: StormRow[] = [];
const memory: MemoryRow[] = [];

async function withServer<T>(target: Target, run: (server: Server) => Promise<T>): Promise<T> {
  const server = await target.start();
  try {
    const result = await run(server);
    // A server that logged an error (its SQLite writer did not start, a commit failed) was not measured as it runs.
    const errors = server.instances.flatMap((child) => child.errors);
    if (errors.length > 0) throw new Error(`${server.target} logged ${errors.length} error(s) during the run, the first: ${errors[0]}`);
    return result;
  } finally {
    await server.stop();
  }
}

const scenarios = SCENARIOS.filter((scenario) => !ONLY || scenario.name.includes(ONLY));
const whyboard: Target = { name: 'Whyboard', start: () => startWhyboard() };
const cluster: Target = { name: 'Whyboard × 2', start: () => startWhyboard(2, { databaseUrl: services[0]!.url, redisUrl: services[1]!.url }) };
const targeted = (target: Target) => !TARGETS || TARGETS.some((name) => target.name.includes(name));
let services: Service[] = [];
if (scenarios.some((scenario) => scenario.cluster) && targeted(cluster)) services = await Promise.all([startPostgres(), startRedis()]);
try {
  for (const scenario of scenarios) {
    // The stock client speaks only y-websocket's protocol: Hocuspocus takes the raw generator's edits only.
    const targets = [baseline, ...(scenario.mode === 'edit' ? [hocuspocus] : []), whyboard, ...(scenario.cluster ? [cluster] : [])].filter(targeted);
    const runs: Row[][] = targets.map(() => []);
    for (let run = 0; run < REPEAT; run++) {
      for (const [i, target] of targets.entries()) {
        const row = await withServer(target, (server) => runLoad(scenario, server));
        runs[i]!.push(row);
        // Every run, not only the median: how far apart they are is what a reader needs to judge a ratio.
        if (REPEAT > 1)
          console.info(`  run ${run + 1}, ${row.target}: p50 ${fmt(row.p50)}, p99 ${fmt(row.p99)}, ack p99 ${fmt(row.ackP99)}, CPU ${fmt(row.serverCores, 2)}`);
      }
    }
    for (const targetRuns of runs) rows.push(targetRuns.sort((a, b) => a.p99 - b.p99)[Math.floor((targetRuns.length - 1) / 2)]!);
    console.info(`${scenario.name}: done`);
  }
  const picked = (name: string) => !ONLY || name.includes(ONLY);
  for (const target of [baseline, whyboard].filter(targeted)) {
    if (picked('cold join')) joins.push(await withServer(target, coldJoin));
    if (picked('reconnect storm')) storms.push(await withServer(target, reconnectStorm));
    if (picked('idle memory')) memory.push(await withServer(target, idleMemory));
  }
} finally {
  await Promise.all(services.map((service) => service.stop()));
}

console.info(
  `\nSync benchmark, ${SECONDS} s per load (edits: after ${WARMUP} s of the same load, not counted)${REPEAT > 1 ? `, median of ${REPEAT} runs by p99` : ''}, on ${os.cpus().length} cores. Latencies in ms; CPU in cores; ratios against the baseline's figure`,
);
console.info(
  `(two instances: against single-instance Whyboard). ${PIN ? 'Servers pinned to core 0, load generators to the others.' : 'Not pinned (no taskset, or one core).'}\n`,
);
console.info(
  [
    'scenario',
    'target',
    'updates/s in',
    'delivered',
    'fan-out p50',
    'p99',
    'first second p99',
    'ack p50',
    'ack p99',
    'server CPU',
    'main thread',
    'RSS MB',
    'frames out / edit',
    'load gen CPU',
    'load gen delay p99',
    'p50 ×',
    'p99 ×',
    'CPU ×',
    'p99 × Hocuspocus',
  ].join(' | '),
);
for (const row of rows) {
  const against = row.target.includes('×')
    ? rows.find((other) => other.scenario === row.scenario && other.target === 'Whyboard')
    : rows.find((other) => other.scenario === row.scenario && other.target === 'baseline');
  const hocuspocus = rows.find((other) => other.scenario === row.scenario && other.target === 'Hocuspocus');
  const cursor = row.inboundRatio !== undefined ? ` (inbound ÷ needed ${fmt(row.inboundRatio, 2)}, own state echoed ${row.echoes} times)` : '';
  console.info(
    [
      row.scenario,
      row.target + cursor,
      fmt(row.updatesPerSecond, 0),
      `${fmt(row.delivered * 100, 1)}%`,
      fmt(row.p50),
      fmt(row.p99),
      fmt(row.coldP99),
      fmt(row.ackP50),
      fmt(row.ackP99),
      fmt(row.serverCores, 2),
      fmt(row.mainThreadCores, 2),
      fmt(row.serverRssMb, 0),
      fmt(row.framesPerUpdate, 1),
      fmt(row.loadgenCores, 2),
      fmt(row.loadgenDelayP99, 0) + (row.disconnects > 0 ? ` (${row.disconnects} disconnects)` : ''),
      !against || row === against ? '' : ratio(row.p50, against.p50),
      !against || row === against ? '' : ratio(row.p99, against.p99),
      !against || row === against ? '' : ratio(row.serverCores, against.serverCores),
      hocuspocus && row !== hocuspocus ? ratio(row.p99, hocuspocus.p99) : '',
    ].join(' | '),
  );
}
if (joins.length > 0) {
  console.info('\nCold join of a 1,000-cause board (ms from opening a client to its first sync)\n');
  console.info('target | board bytes | loaded p50 | loaded p99 | from storage p50 | from storage max | after a restart p50 | after a restart max');
  for (const join of joins)
    console.info(
      [
        join.target,
        join.bytes,
        ...[join.loadedP50, join.loadedP99, join.fromStorageP50, join.fromStorageMax, join.afterRestartP50, join.afterRestartMax].map((ms) => fmt(ms)),
      ].join(' | '),
    );
}
if (storms.length > 0) {
  console.info('\nReconnect storm: 200 boards × 5 clients edit, the server restarts, they edit offline meanwhile\n');
  console.info('target | clients | all synced with every edit (ms after restart) | edits lost');
  for (const storm of storms) console.info([storm.target, storm.clients, fmt(storm.syncedMs, 0), storm.lost].join(' | '));
}
if (memory.length > 0) {
  console.info('\nMemory per idle connection (1,000 synced clients on 10 boards; after a garbage collection)\n');
  console.info('target | JavaScript heap KB | resident set KB');
  for (const row of memory) console.info(`${row.target} | ${fmt(row.heapKb)} | ${fmt(row.rssKb)}`);
}
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'test-results/bench-sync.json'),
  `${JSON.stringify({ seconds: SECONDS, repeat: REPEAT, cores: os.cpus().length, rows, joins, storms, memory }, null, 2)}\n`,
);
console.info('\nWritten to test-results/bench-sync.json');
fs.rmSync(work, { recursive: true, force: true });
