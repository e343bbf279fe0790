import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import zlib from 'node:zlib';
import * as Y from 'yjs';
import { COMPLAINT_ID, addAction, askWhy, markRootCause, readBoard, seedExample, updateCause } from '../../shared/board';
import type { BoardFile } from '../../shared/boardFile';
import type { CreateBoardResponse } from '../../shared/protocol';
import { MAX_PICTURE_PIXELS } from '../../server/picture';
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
    fetch(`${server.url}/api/boards/import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof file === 'string' ? file : JSON.stringify(file) });
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
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="Overcharged-for-a-book-report.md"');
    const markdown = await report.text();
    for (const section of ['# Root-cause report: Overcharged for a book', '## The complaint', '## Root causes', '## Why-chains', '## Actions', '## Open questions']) {
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
    for (const words of ['Root-cause report: Overcharged for a book', 'The complaint', 'Root causes', 'Why-chains', 'The whole tree', 'Actions', 'Open questions']) {
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
    addAction(lead.doc, root, { text: 'Olga Owner re-briefs the tills', owner: 'Olga Owner', customerText: 'Olga Owner will talk to the tills', due: '2026-12-01' }, 'test');
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

describe('the canvas picture in the report', () => {
  const PNG_1X1 = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const post = (url: string, token: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('puts a PNG of the canvas, sent by the board page, into the HTML and PDF report', async () => {
    const { server, board } = await setup();
    const url = `${server.url}/api/boards/${board.id}/export/report`;
    const html = await (await post(`${url}.html`, board.tokens.viewer, { picture: PNG_1X1 })).text();
    expect(html).toContain(`<figure><img src="${PNG_1X1}" width="1" height="1" alt="The why-tree as the team left it on the canvas"></figure>`);
    const pdf = await post(`${url}.pdf`, board.tokens.viewer, { picture: PNG_1X1 });
    expect(pdf.status).toBe(200);
    if (hasPoppler) {
      const file = path.join(tempDir('whyboard-pdf-'), 'report.pdf');
      fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
      expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })).toMatch(/^\s+\d+\s+0\s+image\s+1\s+1\s/m); // our 1×1 picture
    }
    expect((await post(`${url}.pdf`, 'wrong', { picture: PNG_1X1 })).status).toBe(401);
    expect((await post(`${server.url}/api/boards/${board.id}/export/letter.pdf`, board.tokens.viewer, { picture: PNG_1X1 })).status).toBe(405);
  });

  it.each([
    ['a JPEG', { picture: 'data:image/jpeg;base64,/9j/4AAQ' }, 'The picture must be a PNG data URL (data:image/png;base64,…).'],
    ['an SVG with a script', { picture: 'data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Lz48L3N2Zz4=' }, 'The picture must be a PNG data URL (data:image/png;base64,…).'],
    ['a URL to fetch', { picture: 'http://169.254.169.254/latest/meta-data' }, 'The picture must be a PNG data URL (data:image/png;base64,…).'],
    ['text that claims to be a PNG', { picture: `data:image/png;base64,${Buffer.from('<script>alert(1)</script>').toString('base64')}` }, 'The picture is not a PNG.'],
    ['broken base64', { picture: 'data:image/png;base64,"><img onerror=alert(1)>' }, 'The picture is not valid base64.'],
    ['another field', { picture: undefined, path: '/etc/passwd' }, 'Send {"picture": "data:image/png;base64,…"} or nothing.'],
    ['a 16-bit PNG', { picture: png({ bitDepth: 16 }) }, 'The picture must be an 8-bit RGB or RGBA PNG, not interlaced, as a canvas capture is.'],
    ['an interlaced PNG', { picture: png({ interlace: 1 }) }, 'The picture must be an 8-bit RGB or RGBA PNG, not interlaced, as a canvas capture is.'],
    ['a palette PNG', { picture: png({ colorType: 3 }) }, 'The picture must be an 8-bit RGB or RGBA PNG, not interlaced, as a canvas capture is.'],
    ['a header whose checksum is wrong', { picture: png({ crc: 0 }) }, 'The picture’s PNG header is damaged.'],
    ['a chunk that runs past the end', { picture: png({ cut: 4 }) }, 'The picture is not a whole PNG: a chunk runs past its end, something follows its end, or it has no image data.'],
    ['bytes after the end', { picture: png({ trailing: true }) }, 'The picture is not a whole PNG: a chunk runs past its end, something follows its end, or it has no image data.'],
    ['a side past 16384 pixels', { picture: png({ width: 16385, height: 1 }) }, 'The picture must be at most 16384 pixels on each side.'],
  ])('refuses %s', async (_name, body, message) => {
    const { server, board } = await setup();
    const response = await post(`${server.url}/api/boards/${board.id}/export/report.html`, board.tokens.viewer, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
  });
});

/**
 * A PNG data URL made to order: a header, and image data of `inflated` zero bytes (by default what the header's pixels
 * take, for a small picture; a token byte for one too big to make).
 */
function png({ width = 1, height = 1, bitDepth = 8, colorType = 6, interlace = 0, crc, cut = 0, trailing = false, inflated }: { width?: number; height?: number; bitDepth?: number; colorType?: number; interlace?: number; crc?: number; cut?: number; trailing?: boolean; inflated?: number } = {}): string {
  const exact = height * (1 + width * (colorType === 6 ? 4 : 3));
  const chunk = (type: string, data: Buffer, checksum?: number) => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framing = Buffer.alloc(8);
    framing.writeUInt32BE(data.length, 0);
    framing.writeUInt32BE(checksum ?? zlib.crc32(typeAndData), 4);
    return Buffer.concat([framing.subarray(0, 4), typeAndData, framing.subarray(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([bitDepth, colorType, 0, 0, interlace], 8);
  const bytes = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header, crc),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(inflated ?? (exact <= 1e6 ? exact : 1)))),
    chunk('IEND', Buffer.alloc(0)),
    trailing ? Buffer.from('more') : Buffer.alloc(0),
  ]);
  return `data:image/png;base64,${bytes.subarray(0, bytes.length - cut).toString('base64')}`;
}

describe('pictures too large to decode', () => {
  it('refuses a small picture whose data inflates past its pixels (a 1×1 PNG of 50 MB of zeros), having inflated no more than its pixels', async () => {
    const { server, board } = await setup();
    const post = (picture: string) =>
      fetch(`${server.url}/api/boards/${board.id}/export/report.pdf`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${board.tokens.viewer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ picture }),
      });
    const bomb = await post(png({ inflated: 50 * 1024 * 1024 }));
    expect(bomb.status).toBe(413);
    expect(((await bomb.json()) as { error: { message: string } }).error.message).toBe('The picture holds more data than its 1×1 pixels.');
    const short = await post(png({ width: 4, height: 4, inflated: 3 }));
    expect(short.status).toBe(400);
    expect((await post(png({ width: 4, height: 4 }))).status).toBe(200);
  });

  it('refuses a picture of more pixels than a report can use, from its header alone, with a 413', async () => {
    const { server, board } = await setup();
    const response = await fetch(`${server.url}/api/boards/${board.id}/export/report.pdf`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${board.tokens.viewer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ picture: png({ width: 16384, height: 16384 }) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string; field: string } }).error).toEqual({
      code: 'body-too-large',
      message: `The picture is 16384×16384 (268.4 megapixels); a report takes at most ${(MAX_PICTURE_PIXELS / 1e6).toFixed(1)} megapixels.`,
      field: 'picture',
    });
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

  it('gives one address at most its share: its next job is a 429, another address’s goes through', async () => {
    const pool = new WorkPool({ ...DEFAULT_WORK_LIMITS, workers: 1, perOwner: 1 });
    cleanup.push(() => pool.close());
    const first = pool.run('export', job(), { owner: '10.0.0.1' });
    await expect(pool.run('export', job(), { owner: '10.0.0.1' })).rejects.toMatchObject({ status: 429, message: expect.stringMatching(/^This address already has 1 export/) });
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
      ['a __proto__ key', JSON.parse(`{"format":"whyboard.board","version":1,"exportedAt":"","__proto__":{"admin":true},"board":${JSON.stringify(good.board)}}`), /Unknown field: __proto__/],
      ['a constructor key in a cause', withBoard((b) => Object.assign(b.causes[0]!, { constructor: { prototype: { admin: true } } })), /Unknown field: constructor/],
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
      ['too many causes', withBoard((b) => (b.causes = Array.from({ length: 2001 }, (_, i) => ({ ...root, id: `c${i}`, parentId: 'complaint' })))), /at most 2000 causes/],
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
