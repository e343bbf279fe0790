/**
 * How fast the server starts and how much memory it holds idle: `npm start` as it is (`node scripts/run.mjs main`, the
 * compiled server, the build current) against the baseline measured in the same run, the server run from its sources
 * with tsx as `npm start` used to (after its `vite build`, which is not counted here). Each started 5 times; the time
 * is from the spawn to the first `/healthz` answer, the memory the resident set 3 s later, idle, summed over the processes
 * it took (tsx runs the server in a child process of its own).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, processTree } from '../scripts/localServices';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function measure(command: string, args: string[]): Promise<{ startMs: number; rssMb: number }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whyboard-start-'));
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, PORT: String(port), WHYBOARD_DATA_DIR: dataDir, NODE_OPTIONS: '' }, stdio: 'ignore' });
  try {
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (up) break;
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const startMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // The resident set of every process it took to run the server (a launcher and the server it started, if any).
    const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const rssMb = processTree(child.pid!).reduce((sum, pid) => sum + rssOf(pid), 0) / 1024;
    return { startMs, rssMb };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// The build made current first, so `npm start` measures a start, not a build.
if (spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const rows: Array<[string, { startMs: number; rssMb: number }]> = [];
for (const [name, command, args] of [
  ['tsx server/main.ts (before: the baseline)', process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/main.ts']],
  ['node scripts/run.mjs main (npm start now)', process.execPath, ['scripts/run.mjs', 'main']],
] as const) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await measure(command, [...args]));
  rows.push([name, { startMs: median(runs.map((run) => run.startMs)), rssMb: median(runs.map((run) => run.rssMb)) }]);
}
const [baseline] = rows[0]!.slice(1) as [{ startMs: number; rssMb: number }];
console.info(`\nServer start, median of ${RUNS}: spawn to /healthz, and resident memory idle 3 s later`);
console.info('how | start ms | × baseline | idle RSS MB | × baseline');
for (const [name, { startMs, rssMb }] of rows) {
  console.info([name, startMs.toFixed(0), (startMs / baseline.startMs).toFixed(2), rssMb.toFixed(1), (rssMb / baseline.rssMb).toFixed(2)].join(' | '));
}
console.info('Goal: /healthz within 2,000 ms of `npm start`.');
