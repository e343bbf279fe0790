/**
 * How long the method coach and the letter checks take, as they run live in the browser: the coach on a board of
 * 1,000 causes, reading every answer first (target 200 ms) and after an edit (target 50 ms), and a letter check on a
 * long letter (target 20 ms). Medians of repeated runs, beside a
 * baseline measured in the same run (a pass over the same text with one regular expression per word), so a slow
 * machine shows as a slow baseline rather than a slow check.
 */
import * as Y from 'yjs';
import { initBoard, readBoard } from '../shared/board';
import { causeReader, coachBoard } from '../shared/coach';
import * as language from '../shared/language';
import { checkLetter, draftLetter } from '../shared/letter';
import { growTree } from '../tests/fixtures/growTree';

function median(run: () => unknown, times: number): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

const doc = new Y.Doc();
initBoard(doc, { title: 'Bench', complaint: { text: 'My bag did not arrive in Oslo and nobody called me back.', customer: 'Łukasz Wójcik' } }, 'bench');
growTree(doc, 1000);
const board = readBoard(doc);
const reader = causeReader(language);
const letter = `${draftLetter(board)}\n\n${'We are sorry that your bag did not arrive on Thursday 3 July, and that nobody called you back. '.repeat(20)}`;
const context = { staffNames: ['Sam Patel', 'Jo Reyes'], contactName: 'Jo Reyes', customerWords: board.complaint.text };
const baseline = (text: string) => {
  let count = 0;
  for (const word of text.split(/\s+/)) if (/^(?:sorry|apolog\w*)$/i.test(word)) count++;
  return count;
};

// The first run reads every answer; later runs read only what changed (the reading of a text is kept), as the coach
// does in the browser on every edit.
const started = performance.now();
coachBoard(board, reader);
const firstRead = performance.now() - started;

const rows = [
  {
    what: 'coach, 1,000 causes, first read',
    target: 200,
    ms: firstRead,
    base: median(() => board.causeIds.forEach((id) => baseline(board.causes[id]!.text)), 21),
  },
  {
    what: 'coach, 1,000 causes',
    target: 50,
    ms: median(() => coachBoard(board, reader), 21),
    base: median(() => board.causeIds.forEach((id) => baseline(board.causes[id]!.text)), 21),
  },
  {
    what: `letter check, ${letter.length.toLocaleString('en')} characters`,
    target: 20,
    ms: median(() => checkLetter(letter, context, language), 51),
    base: median(() => baseline(letter), 51),
  },
];
console.info('Checks, median of repeated runs\n');
for (const row of rows) {
  console.info(
    `${row.what.padEnd(36)} ${row.ms.toFixed(2).padStart(7)} ms  (target ${row.target} ms, ×${(row.ms / row.target).toFixed(2)}; ×${(row.ms / Math.max(row.base, 0.001)).toFixed(1)} the one-regex baseline)`,
  );
}
const over = rows.filter((row) => row.ms > row.target);
if (over.length > 0) {
  console.error(`over target: ${over.map((row) => row.what).join(', ')}`);
  process.exitCode = 1;
}
