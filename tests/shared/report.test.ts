import * as language from '../../shared/language';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  COMPLAINT_ID,
  addAction,
  askWhy,
  editCause,
  markRootCause,
  readBoard,
  seedExample,
  updateCause,
  updateComplaint,
  updateLetter,
} from '../../shared/board';
import { checkLetter, draftLetter, staffNames } from '../../shared/letter';
import { buildReport, coverage, escapeMarkdown, letterBlocks, renderHtml, renderMarkdown, reportBlocks, textHash } from '../../shared/report';
import { expectGolden } from '../fixtures/golden';
import { makeBoard } from '../fixtures/makeBoard';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const ME = 'test';

// The boards are made an hour before the report, whatever day the test runs: the report's timeline dates them.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW - 3_600_000);
});
afterEach(() => vi.useRealTimers());

function exampleBoard() {
  const doc = new Y.Doc();
  seedExample(doc, ME, '2026-11-23');
  return { doc, board: readBoard(doc) };
}

describe('the report’s timeline', () => {
  it('dates the analysis: received, started, each root cause and its actions, the letter signed off and sent', () => {
    const { doc } = exampleBoard();
    updateComplaint(doc, { receivedAt: '2026-11-20' }, ME);
    const day = 24 * 3_600_000;
    const extra = askWhy(doc, COMPLAINT_ID, { text: 'Nobody checked the invoice run' }, ME);
    markRootCause(doc, extra, true, ME, NOW + day);
    const model = buildReport(readBoard(doc), {
      now: NOW + 3 * day,
      signOff: { name: 'Fran Facilitator', at: NOW + 2 * day, letterHash: 'x' },
      sentLetters: [{ at: NOW + 3 * day, to: 'ada@example.com' }],
    });
    const root = '“Ordering the yearly price forms depended on one person, with no hand-over”';
    expect(model.timeline).toEqual([
      { day: '2026-11-20', what: 'Complaint received' },
      { day: '2026-11-23', what: 'Analysis started' },
      { day: '2026-11-23', what: `Root cause confirmed: ${root}` },
      { day: '2026-11-23', what: `3 actions agreed for ${root}` },
      { day: '2026-11-24', what: 'Root cause confirmed: “Nobody checked the invoice run”' },
      { day: '2026-11-25', what: 'Letter signed off by Fran Facilitator' },
      { day: '2026-11-26', what: 'Letter sent: ada@example.com' },
    ]);
    expect(renderMarkdown(reportBlocks(model))).toContain('| 26 November 2026 | Letter sent: ada@example.com |');
  });

  it('leaves out a time a board cannot have held: a root cause marked before the analysis started, or after the report', () => {
    const { doc } = exampleBoard();
    for (const [text, at] of [
      ['Marked in 2019', Date.parse('2019-01-01')],
      ['Marked next year', NOW + 400 * 24 * 3_600_000],
    ] as const) {
      markRootCause(doc, askWhy(doc, COMPLAINT_ID, { text }, ME), true, ME, at);
    }
    const whats = buildReport(readBoard(doc), { now: NOW })
      .timeline.map((entry) => entry.what)
      .join('\n');
    expect(whats).not.toContain('Marked in 2019');
    expect(whats).not.toContain('Marked next year');
    expect(whats).toContain('Analysis started');
  });
});

/** A board with internal things planted where a careless export would pick them up. */
function plantedBoard() {
  const doc = new Y.Doc();
  seedExample(doc, ME, '2026-11-23');
  const root = readBoard(doc).rootCauseIds[0]!;
  const extra = askWhy(doc, COMPLAINT_ID, { text: 'Sam Staffer priced the book by hand', createdBy: 'Sam Staffer' }, ME);
  markRootCause(doc, extra, true, ME);
  updateCause(doc, extra, { evidence: 'INTERNAL-NOTE: CCTV 14:02, till 3', status: 'confirmed' }, ME);
  addAction(
    doc,
    root,
    { text: 'Olga Owner to re-brief the till team', owner: 'Olga Owner', due: '2026-12-01', customerText: 'Olga Owner will talk to the till team' },
    ME,
  );
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
    expect(
      checkLetter(
        model.letter.text,
        { staffNames: staffNames(board, model.participants), contactName: 'Jordan Reyes', customerWords: board.complaint.text },
        language,
      ),
    ).toEqual([]);
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
    expect(checkLetter(letter, { staffNames: [] }, language).map((issue) => issue.check)).toContain('placeholder');
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

  it('writes every date in the board’s one style, in the report and the letter alike', () => {
    const { doc } = exampleBoard();
    const dates = (markdown: string) => markdown.match(/\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2} [A-Z][a-z]+ \d{4}\b|\b[A-Z][a-z]+ \d{1,2}, \d{4}\b/g) ?? [];
    const documents = () => {
      const model = buildReport(readBoard(doc), { now: NOW });
      return [renderMarkdown(reportBlocks(model)), draftLetter(readBoard(doc))];
    };
    const [dayFirst, letterDayFirst] = documents();
    expect(dates(dayFirst!).length).toBeGreaterThan(3); // generated, received, and the actions' due dates
    for (const date of [...dates(dayFirst!), ...dates(letterDayFirst!)]) expect(date).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(dayFirst).toContain('Generated on 23 November 2026');
    updateComplaint(doc, { dateStyle: 'mdy' }, ME);
    const [monthFirst, letterMonthFirst] = documents();
    for (const date of [...dates(monthFirst!), ...dates(letterMonthFirst!)]) expect(date).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(monthFirst).toContain('Generated on November 23, 2026');
    expect(() => updateComplaint(doc, { dateStyle: 'ymd' as never }, ME)).toThrow(/Dates are written dmy or mdy/);
  });

  it('escapes user text in Markdown', () => {
    expect(escapeMarkdown('# not a heading\n- not a list\n1. not a list\n> not a quote')).toBe(
      '\\# not a heading\n\\- not a list\n1\\. not a list\n\\> not a quote',
    );
    expect(escapeMarkdown('*bold* _it_ `code` [link](x) <b>html</b> a|b')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\>html\\</b\\> a\\|b');
    const doc = makeBoard('complaint > a');
    editCause(doc, 'a', '[click](http://evil) | <script>', ME);
    const report = renderMarkdown(reportBlocks(buildReport(readBoard(doc), { now: NOW })));
    expect(report).toContain('\\[click\\](http://evil) \\| \\<script\\>');
    expect(report).not.toContain('[click](');
  });
});

describe('line endings', () => {
  it('reads a lone carriage return (and NEL, U+2028, U+2029) as a new line, so Markdown escapes what follows it', () => {
    const doc = makeBoard('complaint > a');
    markRootCause(doc, 'a', true, 'test');
    editCause(doc, 'a', 'Root\r\r    code block\r\r- Status: ruled out\u2028# Heading\u0085> quote', 'test');
    const board = readBoard(doc);
    expect(board.causes.a!.text).toBe('Root\n\n    code block\n\n- Status: ruled out\n# Heading\n> quote');
    const markdown = renderMarkdown(reportBlocks(buildReport(board, { now: NOW })));
    expect(markdown).not.toMatch(/\r/);
    expect(markdown).not.toMatch(/^- Status: ruled out/m);
    expect(markdown).not.toMatch(/^# Heading/m);
    expect(markdown).not.toMatch(/^ {4}code block/m);
  });
});

describe('open questions', () => {
  const questions = (doc: Y.Doc) => buildReport(readBoard(doc), { now: NOW }).openQuestions;

  it('on an empty board, say the analysis has not started (never that every chain is done)', () => {
    const doc = makeBoard();
    expect(questions(doc)).toEqual(['No why has been asked yet: the analysis has not started.']);
    const markdown = renderMarkdown(reportBlocks(buildReport(readBoard(doc), { now: NOW })));
    expect(markdown).not.toContain('every chain ends in a confirmed root cause');
  });

  it('before any root cause is marked, say that first', () => {
    expect(questions(makeBoard('complaint > a > b'))[0]).toMatch(/^No root cause is marked yet/);
  });

  it('name the card each is about, so six alike are six different questions', () => {
    const doc = makeBoard('complaint > a > b', 'a > c');
    editCause(doc, 'b', 'The till price list is a week old', 'test');
    updateCause(doc, 'b', { status: 'confirmed' }, 'test');
    const named = questions(doc).filter((question) => question.startsWith('Why 2'));
    expect(named).toContain(
      'Why 2 “The till price list is a week old”: Marked confirmed, but how do we know? Note the evidence (a record, an observation, a link), or set it back to a hypothesis until it is checked.',
    );
    expect(new Set(questions(doc)).size).toBe(questions(doc).length);
  });
});

describe('the report of a deep or branching tree', () => {
  /** One chain of `depth` causes, every one a root cause with a long answer: the report that once took gigabytes. */
  function deepChain(depth: number) {
    const doc = makeBoard('complaint');
    let parent = COMPLAINT_ID;
    for (let i = 1; i <= depth; i++) {
      parent = askWhy(doc, parent, { id: `c${i}`, text: `Cause ${i} ${'x'.repeat(985)}` }, ME);
      markRootCause(doc, parent, true, ME);
    }
    return readBoard(doc);
  }

  it('tells each chain once: a chain that shares its start with one told before names it and tells only the rest', () => {
    const doc = makeBoard('complaint > a > b > c', 'b > d', 'a > e');
    for (const id of ['b', 'c', 'd', 'e']) markRootCause(doc, id, true, ME);
    expectGolden('branching-report.md', renderMarkdown(reportBlocks(buildReport(readBoard(doc), { now: NOW }))));
  });

  it('grows with the tree, not with the square of its depth (2,000 root causes in one line)', () => {
    const deepest = buildReport(deepChain(2000), { now: NOW });
    const sizes = [renderMarkdown(reportBlocks(buildReport(deepChain(500), { now: NOW }))).length, renderMarkdown(reportBlocks(deepest)).length];
    // Each cause's answer (1,000 characters) is told a few times (root causes, chains, tree), never once per deeper cause.
    expect(sizes[1]).toBeLessThan(2000 * 1000 * 6);
    expect(sizes[1]! / sizes[0]!).toBeLessThan(4.5); // four times the causes; told whole, each chain made it sixteen
    const html = renderHtml(reportBlocks(deepest));
    expect(html.length).toBeLessThan(2000 * 1000 * 6);
    expect(html).toContain('<ol start="1999">');
  });
});

describe('user text in exports', () => {
  /** The letter keeps the team's line breaks, so every line of it is where a Markdown block could start. */
  const letterOf = (text: string) => {
    const doc = makeBoard('complaint > a');
    updateLetter(doc, { text }, ME);
    return renderMarkdown(letterBlocks(buildReport(readBoard(doc), { now: NOW })));
  };

  it.each([
    ['a line of = under another (a heading)', 'Title\n===', 'Title  \n\\===', ['\n===']],
    ['a line of - under another (a heading, or a rule)', 'Title\n---', 'Title  \n\\---', ['Title  \n---']],
    ['an ATX heading', 'Fine\n# Heading', 'Fine  \n\\# Heading', ['\n# Heading']],
    ['a quote', 'Fine\n> quoted', 'Fine  \n\\> quoted', ['\n> quoted']],
    [
      'list items',
      '- one\n* two\n+ three\n1. four\n2) five',
      '\\- one  \n\\* two  \n\\+ three  \n1\\. four  \n2\\) five',
      ['\n* two', '\n+ three', '\n1. four', '\n2) five'],
    ],
    ['fences', '```js\n~~~', '\\`\\`\\`js  \n\\~\\~\\~', ['\n```', '\n~~~']],
    ['a table', 'a | b\n--- | ---', 'a \\| b  \n\\--- \\| ---', ['\n--- |']],
    ['an HTML block', '<div onclick="x">\n</div>', '\\<div onclick="x"\\>  \n\\</div\\>', ['\n<div', '\n</div']],
    ['an indented code block', 'Fine\n\n    code', 'Fine\n\ncode', ['    code']],
    ['an entity', '&#x202E;gnp.exe', '\\&\\#x202E;gnp.exe', ['&#x202E;']],
  ])('escapes %s', (_name, text, escaped, never) => {
    const letter = letterOf(text);
    expect(letter).toContain(`\n\n${escaped}\n`);
    for (const raw of never) expect(letter).not.toContain(raw);
  });

  it('keeps a heading on one line, whatever the answer it quotes', () => {
    const doc = makeBoard('complaint > a');
    editCause(doc, 'a', 'Title\n===\n# more', ME);
    markRootCause(doc, 'a', true, ME);
    expect(renderMarkdown(reportBlocks(buildReport(readBoard(doc), { now: NOW })))).toContain('\n### 1. Title === \\# more\n');
  });

  it('takes direction controls out of every document, title and running header included', () => {
    const doc = makeBoard('complaint > a');
    const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    editCause(doc, 'a', `invoice\u202Egnp.exe${controls}`, ME);
    markRootCause(doc, 'a', true, ME);
    updateLetter(doc, { text: `Dear \u202EAda,\n\nSorry.` }, ME);
    updateComplaint(doc, { title: `\u202EBoard${controls}`, customer: `\u202EAda${controls}` }, ME); // in the titles and running headers
    const model = buildReport(readBoard(doc), { participants: ['\u202EFran'], now: NOW });
    for (const parts of [reportBlocks(model), letterBlocks(model)]) {
      for (const out of [renderMarkdown(parts), renderHtml(parts), JSON.stringify(parts)])
        expect(out).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
    }
    expect(letterBlocks(model).title).toBe('Letter to Ada');
    expect(reportBlocks(model).running).toBe('Board · internal root-cause report');
    expect(renderMarkdown(reportBlocks(model))).toContain('invoicegnp.exe');
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
