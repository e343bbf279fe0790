/**
 * `npm run bench`: every part, in order, each run even when one before it failed (a chain of `&&` had stopped at the
 * first part that failed, silently skipping the rest), then which parts failed. A part that ends with work still
 * pending (a promise that never settled: Node's exit code 13, which prints nothing) is reported as such.
 */
import { spawnSync } from 'node:child_process';

const PARTS: Array<[string, string[]]> = [
  ['client build', ['vite', 'build', '--logLevel', 'warn']],
  ['server start and idle memory', ['tsx', 'bench/start.ts']],
  ['bundle size', ['tsx', 'bench/bundleSize.ts']],
  ['coach and letter checks', ['tsx', 'bench/checks.ts']],
  ['board load in Chromium', ['tsx', 'bench/boardLoad.ts']],
  ['a space of 1,000 boards', ['tsx', 'bench/spaceList.ts']],
  ['history: replay and size', ['tsx', 'bench/history.ts']],
  ['sync', ['tsx', 'bench/syncBench.ts']],
];

const failed: string[] = [];
for (const [name, [command, ...args]] of PARTS) {
  console.info(`\n== ${name}`);
  const result = spawnSync('npx', [command!, ...args], { stdio: 'inherit' });
  if (result.status === 0) continue;
  const why = result.status === 13 ? 'ended with work still pending (exit 13: a promise that never settled)' : `exit ${result.status ?? result.signal}`;
  console.error(`${name}: ${why}`);
  failed.push(name);
}
console.info(failed.length === 0 ? '\nEvery part ran.' : `\nFailed: ${failed.join(', ')}.`);
process.exit(failed.length === 0 ? 0 : 1);
