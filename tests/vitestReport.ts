import fs from 'node:fs';
import path from 'node:path';

/** The counts of vitest's JSON report that the test scripts (tests/run.ts, tests/long.ts) read. */
export interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
}

/** Where the test scripts write their reports (created if need be). */
export const RESULTS = path.resolve('test-results');
fs.mkdirSync(RESULTS, { recursive: true });
