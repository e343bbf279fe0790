import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_ID, addAction, askWhy, editCause, markRootCause, readBoard, seedExample, updateCause, updateLetter } from '../../shared/board';
import { checkLetter, draftLetter, staffNames } from '../../shared/letter';
import { buildReport, coverage, escapeMarkdown, letterBlocks, renderMarkdown, reportBlocks, textHash } from '../../shared/report';
import { expectGolden } from '../fixtures/golden';
import { makeBoard } from '../fixtures/makeBoard';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const ME = 'test';

function exampleBoard() {
  const doc = new Y.Doc();
  seedExample(doc, ME, '2026-11-23');
  return { doc, board: readBoard(doc) };
}

/** A board with internal things planted where a careless export would pick them up. */
function plantedBoard() {
  const doc = new Y.Doc();
  seedExample(doc, ME, '2026-11-23');
  const root = readBoard(doc).rootCauseIds[0]!;
  const extra = askWhy(doc, COMPLAINT_ID, { text: 'Sam Staffer priced the book by hand', createdBy: 'Sam Staffer' }, ME);
  markRootCause(doc, extra, true, ME);
  updateCause(doc, extra, { evidence: 'INTERNAL-NOTE: CCTV 14:02, till 3', status: 'confirmed' }, ME);
  addAction(doc, root, { text: 'Olga Owner to re-brief the till team', owner: 'Olga Owner', due: '2026-12-01', customerText: 'Olga Owner will talk to the till team' }, ME);
  return { doc, board: readBoard(doc), participants: ['Fran Facilitator', 'Sam Staffer', 'Olga Owner'] };
}

describe('the root-cause report and the letter', () => {
  it('renders the example board’s report as the checked-in Markdown', () => {
    const { board } = exampleBoard();
    expectGolden('example-report.md', renderMarkdown(reportBlocks(buildReport(board, { participants: ['Fran Facilitator', 'Ada Editor'], now: NOW }))));
  });

  it('drafts the example board’s letter as the checked-in Markdown, and it passes every letter check', () => {
    const { board } = exampleBoard();
    const model = buildReport(board, { participants: ['Fran Facilitator', 'Ada Editor'], now: NOW });
    expectGolden('example-letter.md', renderMarkdown(letterBlocks(model)));
    expect(model.letter.drafted).toBe(true);
    expect(checkLetter(model.letter.text, { staffNames: staffNames(board, model.participants), contactName: 'Jordan Reyes', customerWords: board.complaint.text })).toEqual([]);
  });

  it('never drafts evidence, internal notes or staff names into the letter; the report keeps them', () => {
    const { board, participants } = plantedBoard();
    const letter = draftLetter(board, participants);
    for (const secret of ['INTERNAL-NOTE', 'CCTV', 'Sam', 'Staffer', 'Olga', 'Fran', 'Example', 'evidence']) expect(letter).not.toContain(secret);
    expect(letter).toContain('Jordan Reyes'); // the chosen contact
    const report = renderMarkdown(reportBlocks(buildReport(board, { participants, now: NOW })));
    expect(report).toContain('INTERNAL-NOTE: CCTV 14:02, till 3');
    expect(report).toContain('Olga Owner');
  });

  it('says where a person must write, rather than invent, when the board has nothing for the customer', () => {
    const doc = makeBoard('complaint > a');
    const letter = draftLetter(readBoard(doc));
    expect(letter).toContain('[Explain the cause in plain words.]');
    expect(letter).toContain('[date]');
    expect(checkLetter(letter, { staffNames: [] }).map((issue) => issue.check)).toContain('placeholder');
  });

  it('is ready to send only while the letter is the one signed off', () => {
    const { doc, board } = exampleBoard();
    const text = buildReport(board, { now: NOW }).letter.text;
    const signOff = { name: 'Fran Facilitator', at: NOW, letterHash: textHash(text) };
    expect(buildReport(board, { now: NOW, signOff }).letter.ready).toBe(true);
    expect(renderMarkdown(letterBlocks(buildReport(board, { now: NOW, signOff })))).not.toContain('Draft');
    updateLetter(doc, { text: `${text}\n\nP.S. Sorry again.` }, ME);
    const edited = buildReport(readBoard(doc), { now: NOW, signOff });
    expect(edited.letter.ready).toBe(false);
    expect(renderMarkdown(letterBlocks(edited))).toMatch(/^\*\*Draft\*\*/);
  });

  it('escapes user text in Markdown', () => {
    expect(escapeMarkdown('# not a heading\n- not a list\n1. not a list\n> not a quote')).toBe('\\# not a heading\n\\- not a list\n\\1. not a list\n\\> not a quote');
    expect(escapeMarkdown('*bold* _it_ `code` [link](x) <b>html</b> a|b')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\>html\\</b\\> a\\|b');
    const doc = makeBoard('complaint > a');
    editCause(doc, 'a', '[click](http://evil) | <script>', ME);
    const report = renderMarkdown(reportBlocks(buildReport(readBoard(doc), { now: NOW })));
    expect(report).toContain('\\[click\\](http://evil) \\| \\<script\\>');
    expect(report).not.toContain('[click](');
  });
});

describe('action coverage', () => {
  it('lists a root cause with no action, unless its risk is accepted', () => {
    const doc = makeBoard('complaint > a > b');
    const b = 'b';
    markRootCause(doc, b, true, ME);
    expect(coverage(readBoard(doc), '2026-11-23').map((issue) => issue.check)).toEqual(['rootWithoutAction']);
    updateCause(doc, b, { acceptedRisk: 'The supplier closes next month; no change is worth it.' }, ME);
    expect(coverage(readBoard(doc), '2026-11-23')).toEqual([]);
  });

  it('lists actions with no owner, no date, overdue, or relying on people to try harder', () => {
    const doc = makeBoard('complaint > a');
    const a = 'a';
    markRootCause(doc, a, true, ME);
    addAction(doc, a, { text: 'Put the order in the calendar', owner: 'Store manager', due: '2026-12-01' }, ME);
    addAction(doc, a, { text: 'Add a checklist step', due: '2026-12-01' }, ME);
    addAction(doc, a, { text: 'Change the form', owner: 'Ops' }, ME);
    addAction(doc, a, { text: 'Fix the till', owner: 'Ops', due: '2026-11-01' }, ME);
    addAction(doc, a, { text: 'Fixed last month', owner: 'Ops', due: '2026-11-01', status: 'done' }, ME);
    addAction(doc, a, { text: 'Retrain the till staff', owner: 'Ops', due: '2026-12-01' }, ME);
    addAction(doc, a, { text: 'Remind everyone to be more careful', owner: 'Ops', due: '2026-12-01' }, ME);
    const issues = coverage(readBoard(doc), '2026-11-23');
    expect(issues.map((issue) => issue.check)).toEqual(['noOwner', 'noDueDate', 'overdue', 'weakAction', 'weakAction']);
    expect(issues[3]!.message).toBe(
      '“Retrain the till staff” relies on people (“Retrain”). Change the process instead: a checklist step, a system check, or a task a role owns on a calendar.',
    );
  });
});
