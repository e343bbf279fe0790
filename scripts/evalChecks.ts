/**
 * `npm run eval:checks`: how the coach and the letter checks do on the labelled corpus in `tests/fixtures/checks/`.
 * `--misses` lists what each check got wrong.
 */
import { CHECKS_GOAL, evaluateChecks, formatFigures, loadCorpus } from '../tests/fixtures/checksCorpus';

const only = process.argv.find((arg) => arg.startsWith("--files="))?.slice(8);
const rows = evaluateChecks(only ? loadCorpus(only) : undefined);
console.info(formatFigures(rows));
const all = rows.at(-1)!;
console.info(
  `\ngoal: every check ≥ ${CHECKS_GOAL.recallEach * 100}% recall, all ≥ ${CHECKS_GOAL.recallAll * 100}%, false alarms ≤ ${CHECKS_GOAL.falseAlarms * 100}%: ` +
    (rows.every((row) => row.recall >= CHECKS_GOAL.recallEach && row.falseAlarms <= CHECKS_GOAL.falseAlarms) && all.recall >= CHECKS_GOAL.recallAll ? 'met' : 'not met'),
);
if (process.argv.includes('--misses')) {
  for (const row of rows.slice(0, -1)) {
    if (row.misses.length + row.alarms.length === 0) continue;
    console.info(`\n## ${row.check}`);
    for (const text of row.misses) console.info(`  missed: ${text}`);
    for (const text of row.alarms) console.info(`  false alarm: ${text}`);
  }
}
