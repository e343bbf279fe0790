/**
 * `npm run test:long`: the long runs at the sizes SECURITY.md and the tests promise, too long for `npm test` (which
 * runs the same tests small): 1,000 kill -9 cycles; 10,000 fuzz seeds on one server and 10,000 on two instances
 * through Redis, 8 at a time, and 1,000 more one at a time; the attack suite. One run after the other, so each has
 * the machine to itself. Each test prints its figures on a `[figures]` line; this prints them again at the end, with
 * each run's time and counts, and exits non-zero if any run failed. About 35 minutes on a 2-core machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS, type VitestJson } from './vitestReport';

interface LongRun {
  name: string;
  args: string[];
  env: Record<string, string>;
}

const RUNS: LongRun[] = [
  { name: 'crash', args: ['tests/server/crash.test.ts'], env: { WHYBOARD_CRASH_CYCLES: '1000' } },
  // 8 seeds at a time is where a timing bug once showed (seed 653); one at a time is the timing of a seed replayed alone.
  {
    name: 'fuzz',
    args: ['tests/server/fuzz.test.ts'],
    env: { WHYBOARD_FUZZ_SEEDS: '10000', WHYBOARD_FUZZ_CLUSTER_SEEDS: '10000', WHYBOARD_FUZZ_PARALLEL: '8' },
  },
  { name: 'fuzz-alone', args: ['tests/server/fuzz.test.ts', '-t', 'fuzz: a meeting'], env: { WHYBOARD_FUZZ_SEEDS: '1000', WHYBOARD_FUZZ_PARALLEL: '1' } },
  { name: 'attack', args: ['--config', 'tests/attack/vitest.config.ts'], env: {} },
];

/** Runs one vitest run, its output passed through; resolves with its summary line and the figures its tests printed. */
function run({ name, args, env }: LongRun): Promise<{ ok: boolean; lines: string[] }> {
  const report = path.join(RESULTS, `long-${name}.json`);
  fs.rmSync(report, { force: true });
  const started = performance.now();
  const child = spawn('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    figures.push(...lines.filter((line) => line.startsWith('[figures] ')).map((line) => `  ${line.slice('[figures] '.length)}`));
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const minutes = ((performance.now() - started) / 60_000).toFixed(1);
      const json = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')) as VitestJson) : undefined;
      const counts = json ? `${json.numPassedTests} passed, ${json.numFailedTests} failed, ${json.numPendingTests} skipped` : 'no report (vitest died)';
      const ok = code === 0 && json !== undefined && json.numFailedTests === 0 && json.numFailedTestSuites === 0;
      resolve({
        ok,
        lines: [
          `${name} (${
            Object.entries(env)
              .map(([key, value]) => `${key}=${value}`)
              .join(' ') || 'as in npm test'
          }): ${counts}, exit ${code}, ${minutes} min`,
          ...figures,
        ],
      });
    });
  });
}

const started = performance.now();
const summary: string[] = [];
let failed = 0;
for (const longRun of RUNS) {
  const { ok, lines } = await run(longRun);
  if (!ok) failed++;
  summary.push(...lines);
}
console.info(`\n${summary.join('\n')}`);
console.info(`${RUNS.length - failed} of ${RUNS.length} long runs passed in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
process.exit(failed > 0 ? 1 : 0);
