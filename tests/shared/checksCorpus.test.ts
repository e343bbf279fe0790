/**
 * The coach and the letter checks on the labelled corpus in `tests/fixtures/checks/` (written apart from the checks:
 * 390 answers, 158 pairs and 252 letters across twelve service domains). Every check must stay at or above what it
 * last did (`CHECKS_FLOOR`), and within the goal for false alarms; and on the held-out corpus (eight other
 * domains, never tuned to), at or above what it did when that was first measured. `npm run eval:checks` prints the
 * figures, `--misses` what each check got wrong.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS_FLOOR, CHECKS_GOAL, HELD_OUT, HELD_OUT_FLOOR, evaluateChecks, formatFigures, loadCorpus } from '../fixtures/checksCorpus';

const corpus = loadCorpus();
const rows = evaluateChecks(corpus);

describe('the checks on the labelled corpus', () => {
  it('is the corpus the issue asks for: at least 600 cases from at least 10 service domains, each check labelled', () => {
    const cases = corpus.answers.length + corpus.pairs.length + corpus.letters.length;
    const domains = new Set([...corpus.answers, ...corpus.pairs, ...corpus.letters].map((item) => item.domain));
    expect(cases).toBeGreaterThanOrEqual(600);
    expect(domains.size).toBeGreaterThanOrEqual(10);
    for (const row of rows) expect(row.positives, row.check).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(CHECKS_FLOOR))('%s does no worse than it last did', (check, floor) => {
    const row = rows.find((item) => item.check === check)!;
    expect(row, `${check} is measured`).toBeDefined();
    expect(row.recall, `${check} recall\n${formatFigures(rows)}`).toBeGreaterThanOrEqual(floor.recall);
    expect(row.falseAlarms, `${check} false alarms`).toBeLessThanOrEqual(Math.min(floor.falseAlarms, CHECKS_GOAL.falseAlarms));
  });

  it('raises no more than the goal’s false alarms on any check', () => {
    for (const row of rows) expect(row.falseAlarms, row.check).toBeLessThanOrEqual(CHECKS_GOAL.falseAlarms);
  });
});

describe('the checks on the held-out corpus (never tuned to)', () => {
  const heldOut = evaluateChecks(loadCorpus('', HELD_OUT));

  it('is written for other service domains than the corpus the checks are tuned on', () => {
    const tuned = new Set([...corpus.answers, ...corpus.letters].map((item) => item.domain));
    const { answers, pairs, letters } = loadCorpus('', HELD_OUT);
    expect(answers.length + pairs.length + letters.length).toBeGreaterThanOrEqual(250);
    for (const item of [...answers, ...pairs, ...letters]) expect(tuned.has(item.domain), item.domain).toBe(false);
  });

  it.each(Object.entries(HELD_OUT_FLOOR))('%s does no worse than when first measured', (check, floor) => {
    const row = heldOut.find((item) => item.check === check)!;
    expect(row.recall, `${check} recall\n${formatFigures(heldOut)}`).toBeGreaterThanOrEqual(floor.recall);
    expect(row.falseAlarms, `${check} false alarms`).toBeLessThanOrEqual(floor.falseAlarms);
  });
});
