/**
 * `npm run eval:checks`: how the coach and the letter checks do on the labelled corpus in `tests/fixtures/checks/`.
 * `--misses` lists what each check got wrong; `--held-out` measures on `tests/fixtures/checks-heldout/` instead (read
 * its figures, never its misses: it is there to show what the checks do on text nobody tuned them to);
 * `--files=-2` only the files whose names end so.
 */
import { CHECKS_GOAL, CORPUS, evaluateChecks, formatFigures, HELD_OUT, loadCorpus } from '../tests/fixtures/checksCorpus';

const only = process.argv.find((arg) => arg.startsWith('--files='))?.slice(8) ?? '';
const rows = evaluateChecks(loadCorpus(only, process.argv.includes('--held-out') ? HELD_OUT : CORPUS));
console.info(formatFigures(rows));
const all = rows.at(-1)!;
console.info(
  `\ngoal: every check ≥ ${CHECKS_GOAL.recallEach * 100}% recall, all ≥ ${CHECKS_GOAL.recallAll * 100}%, false alarms ≤ ${CHECKS_GOAL.falseAlarms * 100}%: ` +
    (rows.every((row) => row.recall >= CHECKS_GOAL.recallEach && row.falseAlarms <= CHECKS_GOAL.falseAlarms) && all.recall >= CHECKS_GOAL.recallAll
      ? 'met'
      : 'not met'),
);
if (process.argv.includes('--misses')) {
  for (const row of rows.slice(0, -1)) {
    if (row.misses.length + row.alarms.length === 0) continue;
    console.info(`\n## ${row.check}`);
    for (const text of row.misses) console.info(`  missed: ${text}`);
    for (const text of row.alarms) console.info(`  false alarm: ${text}`);
  }
}
