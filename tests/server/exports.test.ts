import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { COMPLAINT_ID, addAction, askWhy, markRootCause, readBoard, seedExample, updateCause } from '../../shared/board';
import type { BoardFile } from '../../shared/boardFile';
import type { CreateBoardResponse } from '../../shared/protocol';
import { DEFAULT_WORK_LIMITS, WorkPool } from '../../server/work/WorkPool';
import { hasPoppler, pdfInfo, pdfText } from '../fixtures/pdf';
import { connectMeetingClient, startTestServer, tempDir } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup() {
  const dataDir = tempDir();
  // The corpus below imports dozens of files from one address: more than the per-address import quota allows.
  const server = await startTestServer({ dataDir, limits: { importsPerMinute: 1000 } });
  cleanup.push(() => server.close());
  const board = (await (await fetch(`${server.url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;
  const get = (name: string, token: string | null = board.tokens.viewer, id = board.id) =>
    fetch(`${server.url}/api/boards/${id}/export/${name}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const importFile = (file: unknown) =>
    fetch(`${server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof file === 'string' ? file : JSON.stringify(file),
    });
  const boardCount = () => {
    const db = new Database(path.join(dataDir, 'whyboard.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM boards').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return { server, board, get, importFile, boardCount };
}

describe('exports', () => {
  it('needs a valid token for every export, like every board route', async () => {
    const { board, get } = await setup();
    for (const name of ['report.md', 'report.html', 'report.pdf', 'letter.md', 'letter.html', 'letter.pdf', 'board.json']) {
      expect((await get(name, null)).status).toBe(401);
      expect((await get(name, 'not-a-token')).status).toBe(401);
      expect((await get(name, board.tokens.viewer, 'no-such-board')).status).toBe(404);
    }
    const unknown = await get('report.docx');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/^No such export/);
    expect((await get('report.pdf?paper=A3'.replace('?', '%3F'))).status).toBe(404);
  });

  it('sends the report and the letter as Markdown and HTML that print', async () => {
    const { get } = await setup();
    const report = await get('report.md');
    expect(report.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(report.headers.get('content-disposition')).toBe(
      `attachment; filename="Overcharged-for-a-book-report.md"; filename*=UTF-8''Overcharged-for-a-book-report.md`,
    );
    const markdown = await report.text();
    for (const section of [
      '# Root-cause report: Overcharged for a book',
      '## The complaint',
      '## Root causes',
      '## Why-chains',
      '## Actions',
      '## Open questions',
    ]) {
      expect(markdown).toContain(section);
    }
    const html = await (await get('letter.html')).text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<strong>Draft</strong>');
    expect(html).toContain('Jordan Reyes');
    expect(await (await get('report.html?paper=Letter')).text()).toContain('@page { size: letter;');
  });

  it.skipIf(!hasPoppler && process.env.WHYBOARD_FORBID_SKIP !== '1')('sends PDFs of real text on A4 or Letter, with title, date and page numbers', async () => {
    const { get } = await setup();
    const response = await get('report.pdf');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = pdfText(pdf, '-layout');
    for (const words of [
      'Root-cause report: Overcharged for a book',
      'The complaint',
      'Root causes',
      'Why-chains',
      'The whole tree',
      'Actions',
      'Open questions',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).toContain('Ordering the yearly price forms depended on one person, with no hand-over');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain('Overcharged for a book · internal root-cause report');
    expect(pdfInfo(pdf)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);

    const letter = Buffer.from(await (await get('letter.pdf?paper=Letter')).arrayBuffer());
    expect(pdfInfo(letter)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    expect(pdfText(letter)).toContain('We are sorry. This was our mistake, and we take responsibility for it.');
  });

  it.skipIf(!hasPoppler && process.env.WHYBOARD_FORBID_SKIP !== '1')('keeps internal notes and staff names out of the letter, and in the report', async () => {
    const { server, board, get } = await setup();
    const lead = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran Facilitator');
    cleanup.push(() => lead.destroy());
    await lead.synced;
    const root = readBoard(lead.doc).rootCauseIds[0]!;
    const planted = askWhy(lead.doc, COMPLAINT_ID, { text: 'Sam Staffer priced the book by hand', createdBy: 'Sam Staffer' }, 'test');
    markRootCause(lead.doc, planted, true, 'test');
    updateCause(lead.doc, planted, { evidence: 'INTERNAL-NOTE: CCTV 14:02, till 3', status: 'confirmed' }, 'test');
    addAction(
      lead.doc,
      root,
      { text: 'Olga Owner re-briefs the tills', owner: 'Olga Owner', customerText: 'Olga Owner will talk to the tills', due: '2026-12-01' },
      'test',
    );
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).actionIds).toHaveLength(4));

    const letter = pdfText(Buffer.from(await (await get('letter.pdf')).arrayBuffer()));
    for (const secret of ['INTERNAL-NOTE', 'CCTV', 'Sam', 'Staffer', 'Olga', 'Fran', 'Facilitator']) expect(letter).not.toContain(secret);
    expect(letter).toContain('Jordan Reyes');
    const report = pdfText(Buffer.from(await (await get('report.pdf')).arrayBuffer()));
    expect(report).toContain('INTERNAL-NOTE: CCTV 14:02, till 3');
    expect(report).toContain('Fran Facilitator'); // a participant
  });

  it('marks the letter a draft until the facilitator signs it off, and again after an edit', async () => {
    const { server, board, get } = await setup();
    expect(await (await get('letter.md')).text()).toMatch(/^\*\*Draft\*\*/);
    const lead = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran Facilitator');
    cleanup.push(() => lead.destroy());
    await lead.synced;
    await vi.waitFor(() => expect(lead.state()).toBeDefined());
    lead.send({ type: 'letter.signOff', ready: true });
    await vi.waitFor(() => expect(lead.state()?.signOff?.name).toBe('Fran Facilitator'));
    expect(await (await get('letter.md')).text()).toMatch(/^Dear Bookshop customers,/);
  });
});

describe('the tree in the report', () => {
  it('draws the tree from the board as vector, its words real text (HTML: inline SVG; PDF: no picture at all)', async () => {
    const { server, board, get } = await setup();
    const lead = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran Facilitator');
    cleanup.push(() => lead.destroy());
    await lead.synced;
    const planted = askWhy(lead.doc, COMPLAINT_ID, { text: 'The <script>alert(1)</script> & “quoted” till' }, 'test');
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).causes[planted]?.text).toMatch(/till$/));

    const html = await (await get('report.html')).text();
    const figure = /<figure>(<svg[\s\S]*?<\/svg>)<figcaption>(.*?)<\/figcaption><\/figure>/.exec(html);
    expect(figure?.[2]).toBe('Figure 1. The whole tree');
    expect(figure?.[1]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(figure?.[1]).toMatch(/&amp;(<\/text><text [^>]*>| )“quoted” till</);
    expect(figure?.[1]).not.toMatch(/<script|<img|<foreignObject|data:/);
    for (const cause of Object.values(readBoard(lead.doc).causes).slice(0, 5)) expect(figure?.[1]).toContain(cause.text.split(' ').slice(0, 3).join(' '));
    expect(figure?.[1]).toContain('ROOT CAUSE');

    const pdf = Buffer.from(await (await get('report.pdf')).arrayBuffer());
    if (hasPoppler) {
      const text = pdfText(pdf);
      // Only the figure writes a card's kicker and marks a root cause in capitals.
      expect(text).toMatch(/WHY 1/);
      expect(text).toMatch(/ROOT CAUSE/);
      expect(text).toContain('Figure 1. The whole tree');
      const file = path.join(tempDir('whyboard-pdf-'), 'report.pdf');
      fs.writeFileSync(file, pdf);
      const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n');
      expect(images).toHaveLength(2); // the table's header and rule: no picture in the report
    }
  });

  it('takes nothing sent to make an export: a POST is 405, whatever it carries', async () => {
    const { server, board } = await setup();
    for (const name of ['report.pdf', 'report.html', 'letter.pdf']) {
      const response = await fetch(`${server.url}/api/boards/${board.id}/export/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${board.tokens.viewer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ picture: 'data:image/png;base64,iVBORw0KGgo=' }),
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});

describe('the work pool', () => {
  const job = () => {
    const doc = new Y.Doc();
    seedExample(doc, 'test');
    return { name: 'report.pdf' as const, updates: [Y.encodeStateAsUpdate(doc)], participants: [], signOff: null, now: Date.now(), paper: 'A4' as const };
  };

  it('stops a job past its time budget and answers 503, then serves the next job', async () => {
    const pool = new WorkPool({ ...DEFAULT_WORK_LIMITS, workers: 1, timeoutMs: 1 });
    cleanup.push(() => pool.close());
    await expect(pool.run('export', job())).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/^This work took longer than 0 seconds/) });
    pool.limits.timeoutMs = 20_000;
    expect(new TextDecoder().decode((await pool.run('export', { ...job(), name: 'report.md' })).body.subarray(0, 20))).toBe('# Root-cause report:');
  });

  it('stops a job whose client has gone, and frees its thread and its address’s share (an outside attack held both)', async () => {
    const pool = new WorkPool({ ...DEFAULT_WORK_LIMITS, workers: 1, perOwner: 1 });
    cleanup.push(() => pool.close());
    const gone = new AbortController();
    const abandoned = pool.run('export', job(), { owner: '10.0.0.1', signal: gone.signal });
    gone.abort();
    await expect(abandoned).rejects.toMatchObject({ status: 503 });
    // The address may ask again at once, and the thread is there for it.
    expect((await pool.run('export', job(), { owner: '10.0.0.1' })).body.byteLength).toBeGreaterThan(1000);
  });

  it('gives one address at most its share: its next job is a 429, another address’s goes through', async () => {
    const pool = new WorkPool({ ...DEFAULT_WORK_LIMITS, workers: 1, perOwner: 1 });
    cleanup.push(() => pool.close());
    const first = pool.run('export', job(), { owner: '10.0.0.1' });
    await expect(pool.run('export', job(), { owner: '10.0.0.1' })).rejects.toMatchObject({
      status: 429,
      message: expect.stringMatching(/^This address already has 1 export/),
    });
    const other = pool.run('export', job(), { owner: '10.0.0.2' });
    expect((await first).body.byteLength).toBeGreaterThan(1000);
    expect((await other).body.byteLength).toBeGreaterThan(1000);
    // Once its job is done, the address may ask again.
    expect((await pool.run('export', job(), { owner: '10.0.0.1' })).body.byteLength).toBeGreaterThan(1000);
  });

  it('refuses a job with 503 when its queue is full, rather than queue without end', async () => {
    const pool = new WorkPool({ ...DEFAULT_WORK_LIMITS, workers: 1, queue: 1 });
    cleanup.push(() => pool.close());
    // One thread, one place in the queue: of three jobs at once, one runs, one waits, and the last is refused.
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((owner) => pool.run('export', job(), { owner })));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ status: 503, message: expect.stringMatching(/^The server is busy/) });
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') expect(outcome.value.body.byteLength).toBeGreaterThan(1000);
  });
});

describe('board files', () => {
  it('round-trips: export, import as a new board, export again gives the same board', async () => {
    const { board, get, importFile } = await setup();
    const first = (await (await get('board.json')).json()) as BoardFile;
    expect(first).toMatchObject({ format: 'whyboard.board', version: 1 });
    expect(first.board.causes).toHaveLength(6);
    expect(first.board.actions).toHaveLength(3);
    const created = await importFile(first);
    expect(created.status).toBe(201);
    const copy = (await created.json()) as CreateBoardResponse;
    expect(copy.id).not.toBe(board.id);
    expect(copy.links.editor).toContain(`/b/${copy.id}#token=`);
    const second = (await (await get('board.json', copy.tokens.viewer, copy.id)).json()) as BoardFile;
    expect(second.board).toEqual(first.board);
    // How its documents write dates goes with the board; a file from before there was a choice reads day first.
    const monthFirst = await importFile({ ...first, board: { ...first.board, dateStyle: 'mdy' } });
    const third = (await monthFirst.json()) as CreateBoardResponse;
    expect(((await (await get('board.json', third.tokens.viewer, third.id)).json()) as BoardFile).board.dateStyle).toBe('mdy');
    expect(await (await get('letter.md', third.tokens.viewer, third.id)).text()).toMatch(/\(by [A-Z][a-z]+ \d{1,2}, 2026\)/);
    const { dateStyle: _, ...older } = first.board;
    const fourth = (await (await importFile({ ...first, board: older })).json()) as CreateBoardResponse;
    expect(((await (await get('board.json', fourth.tokens.viewer, fourth.id)).json()) as BoardFile).board.dateStyle).toBe('dmy');
    expect((await importFile({ ...first, board: { ...first.board, dateStyle: 'ymd' } })).status).toBe(400);

    // A root cause's theme and when it was marked, an action's effectiveness check: they go with the board too.
    const checked = structuredClone(first);
    const root = checked.board.causes.find((cause) => cause.isRoot)!;
    Object.assign(root, { theme: 'Payment retries', rootAt: Date.UTC(2026, 10, 21, 9, 30) });
    Object.assign(checked.board.actions[0]!, {
      status: 'done',
      checkBy: '2026-12-01',
      checkResult: 'notEffective',
      checkNote: 'Charged twice again',
      checkedAt: Date.UTC(2026, 11, 2),
    });
    const fifth = (await (await importFile(checked)).json()) as CreateBoardResponse;
    expect(((await (await get('board.json', fifth.tokens.viewer, fifth.id)).json()) as BoardFile).board).toEqual(checked.board);
    // A file from before them reads them as empty.
    const bare = structuredClone(first);
    for (const cause of bare.board.causes) Object.assign(cause, { theme: undefined, rootAt: undefined });
    for (const action of bare.board.actions) Object.assign(action, { checkBy: undefined, checkResult: undefined, checkNote: undefined, checkedAt: undefined });
    expect((await importFile(JSON.parse(JSON.stringify(bare)))).status).toBe(201);
  });

  it('refuses malformed and hostile files with a 400 naming the problem, and creates nothing', async () => {
    const { get, importFile, boardCount } = await setup();
    const good = (await (await get('board.json')).json()) as BoardFile;
    const root = good.board.causes[0]!;
    const withBoard = (change: (b: BoardFile['board']) => unknown) => {
      const file = structuredClone(good);
      change(file.board);
      return file;
    };
    const corpus: Array<[string, unknown, RegExp]> = [
      ['not JSON', '{"format": "whyboard.board",', /not valid JSON/],
      ['an array', [], /expected object/i],
      ['null', 'null', /expected object/i],
      ['another format', { ...good, format: 'trello.board' }, /not a Whyboard board file/],
      ['an unknown version', { ...good, version: 2 }, /version is not one this Whyboard reads/],
      ['a version as text', { ...good, version: '1' }, /version is not one this Whyboard reads/],
      ['no board', { format: good.format, version: 1, exportedAt: '' }, /expected object/i],
      ['an unknown top-level field', { ...good, extra: true }, /Unknown field: extra/],
      [
        'a __proto__ key',
        JSON.parse(`{"format":"whyboard.board","version":1,"exportedAt":"","__proto__":{"admin":true},"board":${JSON.stringify(good.board)}}`),
        /Unknown field: __proto__/,
      ],
      [
        'a constructor key in a cause',
        withBoard((b) => Object.assign(b.causes[0]!, { constructor: { prototype: { admin: true } } })),
        /Unknown field: constructor/,
      ],
      ['an empty title', withBoard((b) => (b.title = '')), /title is required/],
      ['a huge title', withBoard((b) => (b.title = 'x'.repeat(100_000))), /at most 200 characters/],
      ['a huge cause', withBoard((b) => (b.causes[0]!.text = 'x'.repeat(1_001))), /at most 1000 characters/],
      ['a number as text', withBoard((b) => Object.assign(b.causes[0]!, { text: 42 })), /must be text/],
      ['an unknown status', withBoard((b) => Object.assign(b.causes[0]!, { status: 'maybe' })), /Invalid option/i],
      ['a bad id', withBoard((b) => (b.causes[0]!.id = '../../etc/passwd')), /An id is 1 to 64/],
      ['a cycle', withBoard((b) => (b.causes[0]!.parentId = b.causes[1]!.id)), /not listed before it/],
      ['a self parent', withBoard((b) => (b.causes[0]!.parentId = b.causes[0]!.id)), /not listed before it/],
      ['an unknown parent', withBoard((b) => (b.causes[0]!.parentId = 'ghost')), /not listed before it/],
      ['a duplicate cause id', withBoard((b) => b.causes.push({ ...root })), /used twice/],
      ['an action on no cause', withBoard((b) => (b.actions[0]!.causeId = 'ghost')), /not a cause in this file/],
      ['an action on the complaint', withBoard((b) => (b.actions[0]!.causeId = 'complaint')), /not a cause in this file/],
      ['a due date in words', withBoard((b) => (b.actions[0]!.due = 'next week')), /date like 2026-11-23/],
      ['a due date that does not exist', withBoard((b) => (b.actions[0]!.due = '2026-02-30')), /real date/],
      [
        'too many causes',
        withBoard((b) => (b.causes = Array.from({ length: 2001 }, (_, i) => ({ ...root, id: `c${i}`, parentId: 'complaint' })))),
        /at most 2000 causes/,
      ],
      ['a negative time', withBoard((b) => (b.createdAt = -1)), /too small|>=0/i],
      ['a letter that is an object', withBoard((b) => Object.assign(b.letter, { text: { $gt: '' } })), /must be text/],
    ];
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    const before = boardCount();
    for (const [name, file, message] of corpus) {
      const response = await importFile(file);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect({ name, status: response.status, code: body.error.code }).toEqual({ name, status: 400, code: 'invalid-body' });
      expect(body.error.message, name).toMatch(message);
    }
    expect(boardCount()).toBe(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
