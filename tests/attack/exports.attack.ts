import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardFile } from '../../shared/boardFile';
import type { CreateBoardResponse } from '../../shared/protocol';
import { expectWithinBudget, startAttackServer, underAttack, type AttackServer } from '../fixtures/attack';

let server: AttackServer;
beforeAll(async () => {
  server = await startAttackServer();
});
afterAll(() => server.stop());

/** A board file of `depth` causes in one line, each a root cause; answers of 1,000 characters, and `evidence`. */
function chainFile(depth: number, evidence = ''): BoardFile {
  return {
    format: 'whyboard.board',
    version: 1,
    exportedAt: '',
    board: {
      title: 'Deep',
      createdAt: 0,
      complaint: { text: 'It went wrong.', customer: 'Mallory', channel: '', receivedAt: '' },
      causes: Array.from({ length: depth }, (_, i) => ({
        id: `c${i}`,
        parentId: i === 0 ? 'complaint' : `c${i - 1}`,
        text: `Cause ${i} ${'x'.repeat(985)}`,
        isRoot: true,
        status: 'hypothesis' as const,
        evidence,
        inControl: true,
        escalation: '',
        acceptedRisk: '',
        createdAt: 0,
        createdBy: '',
      })),
      actions: [],
      letter: { text: '', contactName: '', contactReach: '', nextContact: '' },
    },
  };
}

const importFile = (file: BoardFile) =>
  fetch(`${server.url}/api/boards/import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(file) });
const errorOf = async (response: Response) => ((await response.json()) as { error: { message: string } }).error.message;

/**
 * A PNG data URL that declares `width`×`height` RGBA pixels and really holds them (every row, all zero), deflated in
 * blocks of rows so the test never holds the decoded picture: at 16384×16384 about 1 MB sent, 1 GiB decoded.
 */
async function bombPng(width: number, height: number, bitDepth: 8 | 16 = 8): Promise<string> {
  const chunk = (type: string, data: Buffer) => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framing = Buffer.alloc(8);
    framing.writeUInt32BE(data.length, 0);
    framing.writeUInt32BE(zlib.crc32(typeAndData), 4);
    return Buffer.concat([framing.subarray(0, 4), typeAndData, framing.subarray(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  header[9] = 6; // RGBA
  const rowBytes = 1 + (width * 4 * bitDepth) / 8;
  const rowsAtOnce = Math.max(1, Math.floor((16 << 20) / rowBytes));
  const block = Buffer.alloc(rowBytes * rowsAtOnce);
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise((resolve) => deflate.once('end', resolve));
  for (let row = 0; row < height; row += rowsAtOnce) {
    const rows = Math.min(rowsAtOnce, height - row);
    if (!deflate.write(block.subarray(0, rows * rowBytes))) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.concat(parts)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('attacks on exports and imports', () => {
  it('finding 1: the report of 2,000 root causes in one line is linear (it took 90 s and the process, by the square of the depth)', async () => {
    const file = chainFile(2000);
    const outcome = await underAttack(server, async () => {
      const created = await importFile(file);
      expect(created.status, created.status === 201 ? '' : await created.clone().text()).toBe(201);
      const board = (await created.json()) as CreateBoardResponse;
      const started = performance.now();
      const report = await fetch(`${server.url}/api/boards/${board.id}/export/report.md`, { headers: { Authorization: `Bearer ${board.tokens.viewer}` } });
      return { status: report.status, bytes: (await report.arrayBuffer()).byteLength, ms: performance.now() - started };
    });
    console.info(`report.md of 2,000 root causes in one line: ${(outcome.result.bytes / 1e6).toFixed(1)} MB in ${outcome.result.ms.toFixed(0)} ms`);
    expect(outcome.result.status).toBe(200);
    expect(outcome.result.bytes).toBeLessThan(12_000_000);
    expectWithinBudget(outcome);
  });

  it('finding 1, as PDF: a report too big to lay out in time is a 503 saying so, and the others never notice', async () => {
    const created = (await (await importFile(chainFile(2000))).json()) as CreateBoardResponse;
    const outcome = await underAttack(server, async () => {
      const response = await fetch(`${server.url}/api/boards/${created.id}/export/report.pdf`, {
        headers: { Authorization: `Bearer ${created.tokens.viewer}` },
      });
      return { status: response.status, message: response.status === 200 ? '' : await errorOf(response) };
    });
    // Thousands of pages: past the time or memory budget of one request, in its worker thread.
    expect(outcome.result.status).toBe(503);
    expect(outcome.result.message).toMatch(
      /^This work (took longer than \d+ seconds|needed more than \d+ MB of memory), more than the server gives one request/,
    );
    expectWithinBudget(outcome);
  });

  it('finding 2: a decompression bomb sent as the report picture is refused unread: the report draws its own tree', async () => {
    const board = (await (await fetch(`${server.url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;
    // What took 38 s and 4.3 GB when the board page sent a PNG of the canvas with the report.
    const picture = await bombPng(16384, 16384);
    const postReport = (format: 'pdf' | 'html') =>
      fetch(`${server.url}/api/boards/${board.id}/export/report.${format}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${board.tokens.viewer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ picture }),
      });
    const outcome = await underAttack(server, async () => Promise.all([postReport('pdf'), postReport('html')]));
    for (const response of outcome.result) {
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    expectWithinBudget(outcome);
    const report = await fetch(`${server.url}/api/boards/${board.id}/export/report.html`, { headers: { Authorization: `Bearer ${board.tokens.viewer}` } });
    expect(await report.text()).toMatch(/<figure><svg [^>]*role="img"/);
  });

  it('finding 6: an import that makes a board over the board size limit is a 413, and parsing it never stalls the others', async () => {
    // 2,000 causes with 1,000 characters of answer and 1,800 of evidence: 6 MB of file (under the 8 MiB body limit), over 5 MiB of board.
    const file = chainFile(2000, 'e'.repeat(1800));
    const outcome = await underAttack(server, () => Promise.all([importFile(file), importFile(file)]));
    for (const response of outcome.result) {
      expect(response.status).toBe(413);
      expect(await errorOf(response)).toMatch(/^This file makes a board of \d\.\d MiB; a board holds at most 5\.0 MiB\.$/);
    }
    expectWithinBudget(outcome);
  });
});
