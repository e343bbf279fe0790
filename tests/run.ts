/**
 * `npm test`: every check, in order, each run even when an earlier one failed, then one closing line that CI reads:
 * `N passed, N failed`. Type checking and linting count as one check each; vitest runs (unit, attack, e2e) count their tests.
 * With WHYBOARD_FORBID_SKIP=1 (set by .ci/run) a skipped or todo test counts as failed: in CI every service a test
 * needs is there, so a skip can only hide a problem.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS, failures, type VitestJson } from './vitestReport';

const forbidSkip = process.env.WHYBOARD_FORBID_SKIP === '1';
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const lines: string[] = [];
const failedTests: string[] = [];

function run(command: string, args: string[]): number {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  lines.push(`${[command, ...args].join(' ')}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status ?? 1;
}

function check(name: string, command: string, args: string[]): void {
  if (only.length > 0 && !only.includes(name)) return;
  if (run(command, args) === 0) passed++;
  else failed++;
}

function vitest(name: string, args: string[], before?: () => number): void {
  if (only.length > 0 && !only.includes(name)) return;
  if (before && before() !== 0) {
    failed++;
    return;
  }
  const report = path.join(RESULTS, `${name}.json`);
  fs.rmSync(report, { force: true });
  const status = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!fs.existsSync(report)) {
    failed++; // vitest died before reporting
    return;
  }
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as VitestJson;
  const skipped = json.numPendingTests + json.numTodoTests;
  failedTests.push(...failures(json));
  passed += json.numPassedTests;
  failed += json.numFailedTests + (forbidSkip ? skipped : 0);
  // A file that failed to load has no failed test in it, but it failed; so did a run that exited non-zero with none.
  failed += json.numFailedTestSuites > 0 && json.numFailedTests === 0 ? json.numFailedTestSuites : 0;
  if (status !== 0 && json.numFailedTests === 0 && json.numFailedTestSuites === 0) failed++;
  if (forbidSkip && skipped > 0) console.error(`${name}: ${skipped} skipped test(s) count as failed in CI (WHYBOARD_FORBID_SKIP=1).`);
}

check('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
check('lint', 'npm', ['run', '--silent', 'lint']); // ESLint, then Prettier's check
vitest('unit', []);
vitest('attack', ['--config', 'tests/attack/vitest.config.ts']);
vitest('e2e', ['--config', 'tests/e2e/vitest.config.ts'], () => run('npx', ['vite', 'build', '--logLevel', 'warn']));

console.info(`\n${lines.join('\n')}`);
if (failedTests.length > 0) console.info(`\nFailed:\n${failedTests.map((line) => `  ${line}`).join('\n')}`);
console.info(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
