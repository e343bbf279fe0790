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
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

/**
 * One line per failed test or test file: its file, its name and the first line of why. The test scripts print these
 * at the very end, so the tail of a long CI log always says what failed.
 */
export function failures(json: VitestJson): string[] {
  const root = process.cwd() + path.sep;
  return json.testResults.flatMap((file) => {
    const where = file.name.startsWith(root) ? file.name.slice(root.length) : file.name;
    const failed = file.assertionResults.filter((test) => test.status === 'failed');
    if (failed.length === 0 && file.status === 'failed') return [`${where}: ${firstLine(file.message)}`];
    return failed.map((test) => `${where} > ${test.fullName}: ${firstLine(test.failureMessages[0] ?? '')}`);
  });
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? '').trim().slice(0, 300);
}

/** Where the test scripts write their reports (created if need be). */
export const RESULTS = path.resolve('test-results');
fs.mkdirSync(RESULTS, { recursive: true });
