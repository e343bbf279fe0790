/**
 * Sync benchmark: the same load, in the same run, against Whyboard and against the minimal reference y-websocket
 * server (@y/websocket-server 0.1.1, no persistence, no auth). The load generator is a separate process using the
 * stock y-websocket client; each server is a separate process too. Prints a table and writes
 * test-results/bench-sync.json. Not part of `npm test`: machines here are shared and noisy.
 *
 * Scenarios so far (more are listed in issue 7): one board with 50 clients at 1 edit/s, and with 200 clients at
 * 0.05 edits/s. `BENCH_SECONDS` sets how long each runs (default 10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleServer } from '../tests/fixtures/serverBundle';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SCENARIOS = [
  { name: '1 board × 50 clients × 1 edit/s', clients: 50, rate: 1 },
  { name: '1 board × 200 clients × 0.05 edits/s', clients: 200, rate: 0.05 },
];
const root = path.resolve(import.meta.dirname, '..');

/** Starts a child and resolves with the first stdout line that `match` accepts. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, match: RegExp): Promise<{ child: ChildProcess; found: RegExpExecArray }> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = match.exec(out);
      if (found) resolve({ child, found });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out.slice(-500)}`)));
  });
}

/** CPU milliseconds a process has used so far, and its resident memory in MB, from /proc. */
function usage(pid: number): { cpuMs: number; rssMb: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuMs: (ticks * 1000) / 100, rssMb: rss / 1024 };
}

interface Target {
  name: string;
  /** Starts the server; returns where clients connect, the room and the token to use. */
  start(): Promise<{ child: ChildProcess; url: string; room: string; token: string }>;
}

const targets: Target[] = [
  {
    name: 'baseline',
    async start() {
      const { child, found } = await start(process.execPath, ['--import', 'tsx', 'bench/sync/baselineServer.ts'], {}, /\{"port":(\d+)\}/);
      return { child, url: `ws://127.0.0.1:${found[1]}`, room: 'bench', token: '' };
    },
  },
  {
    name: 'Whyboard',
    async start() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whyboard-bench-'));
      const { child, found } = await start(
        process.execPath,
        [await bundleServer()],
        { PORT: '0', WHYBOARD_DATA_DIR: dataDir, WHYBOARD_STATIC_DIR: dataDir, WHYBOARD_LIMITS: '{"connectionsPerIp": 100000, "connectionsPerBoard": 100000}' },
        /"event":"server.listening","url":"(http:\/\/[^"]+)"/,
      );
      const board = (await (await fetch(`${found[1]}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Bench', complaint: { text: 'Load' } }) })).json()) as {
        id: string;
        tokens: { editor: string };
      };
      return { child, url: `${found[1]!.replace('http', 'ws')}/sync`, room: board.id, token: board.tokens.editor };
    },
  },
];

interface Row {
  scenario: string;
  target: string;
  p50: number;
  p99: number;
  delivered: number;
  serverCpuMs: number;
  serverRssMb: number;
  loadgenCpuMs: number;
}

const rows: Row[] = [];
for (const scenario of SCENARIOS) {
  for (const target of targets) {
    const server = await target.start();
    const before = usage(server.child.pid!);
    const { found } = await start(
      process.execPath,
      ['--import', 'tsx', 'bench/sync/loadgen.ts', server.url, server.room, server.token, String(scenario.clients), String(scenario.rate), String(SECONDS)],
      {},
      /^\{.*"p99".*\}$/m,
    );
    const after = usage(server.child.pid!);
    server.child.kill('SIGKILL');
    const result = JSON.parse(found[0]) as { sent: number; arrivals: number; expected: number; p50: number; p99: number; cpuMs: number };
    rows.push({
      scenario: scenario.name,
      target: target.name,
      p50: result.p50,
      p99: result.p99,
      delivered: result.expected ? result.arrivals / result.expected : 0,
      serverCpuMs: after.cpuMs - before.cpuMs,
      serverRssMb: after.rssMb,
      loadgenCpuMs: result.cpuMs,
    });
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
console.info(`\nSync benchmark, ${SECONDS} s per run, on ${os.cpus().length} cores (fan-out latency in ms; ratios are Whyboard ÷ baseline)\n`);
console.info(['scenario', 'target', 'p50', 'p99', 'delivered', 'server CPU ms', 'server RSS MB', 'load gen CPU ms', 'p50 ×', 'p99 ×'].join(' | '));
for (const row of rows) {
  const base = rows.find((other) => other.scenario === row.scenario && other.target === 'baseline')!;
  const ratio = (a: number, b: number) => (row.target === 'baseline' ? '1.00' : fmt(a / b, 2));
  console.info(
    [row.scenario, row.target, fmt(row.p50), fmt(row.p99), `${fmt(row.delivered * 100, 1)}%`, fmt(row.serverCpuMs, 0), fmt(row.serverRssMb), fmt(row.loadgenCpuMs, 0), ratio(row.p50, base.p50), ratio(row.p99, base.p99)].join(' | '),
  );
}
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'test-results/bench-sync.json'), `${JSON.stringify({ seconds: SECONDS, rows }, null, 2)}\n`);
console.info('\nWritten to test-results/bench-sync.json');
