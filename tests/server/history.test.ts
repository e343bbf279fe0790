import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, deleteCause, editCause, markRootCause, readBoard } from '../../shared/board';
import { exportBoardFile } from '../../shared/boardFile';
import { decodeChanges, stateAt } from '../../shared/history/changes';
import { bringBackCauses, restoreMoment } from '../../shared/history/restore';
import type { StepKind } from '../../shared/history/steps';
import type { CreateBoardResponse, Role } from '../../shared/protocol';
import type { WhyboardServer } from '../../server/createServer';
import { connectMeetingClient, connectSavingClient, createBoard, startTestServer, tempDir, type SavingClient, type TestClient } from '../fixtures/server';

/** A step of `GET /api/boards/:id/history`, as JSON. */
interface Step {
  at: string;
  from: string;
  by: string | null;
  role: Role | null;
  kind: StepKind;
  causeId?: string;
  causeIds?: string[];
  summary: string;
  change: number;
}

const T0 = Date.parse('2026-11-02T09:00:00Z');
const minutes = (n: number) => T0 + n * 60_000;

let server: WhyboardServer | undefined;
const clients: TestClient[] = [];
beforeEach(() => {
  // The server's clock, in this process: every change is stamped with the minute the test says it is.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.close();
  server = undefined;
  vi.useRealTimers();
});

function join(board: CreateBoardResponse, role: Role, name: string): SavingClient {
  const client = connectSavingClient(server!.url, board.id, board.tokens[role], { name });
  clients.push(client);
  return client;
}

/** Resolves once the server says everything `client` wrote is stored. */
async function stored(client: SavingClient): Promise<void> {
  const clock = Y.getState(client.doc.store, client.doc.clientID);
  await vi.waitFor(() => expect(client.acks.at(-1) ?? 0).toBeGreaterThanOrEqual(clock), { timeout: 5000 });
}

async function get(board: CreateBoardResponse, path: string, role: Role = 'viewer'): Promise<Response> {
  return fetch(`${server!.url}/api/boards/${board.id}${path}`, { headers: { Authorization: `Bearer ${board.tokens[role]}` } });
}

async function history(board: CreateBoardResponse): Promise<Step[]> {
  const res = await get(board, '/history');
  expect(res.status).toBe(200);
  return (await res.json()) as Step[];
}

/** The board as its history rebuilds it: every stored change, merged, read. */
async function rebuilt(board: CreateBoardResponse, at = Number.MAX_SAFE_INTEGER) {
  const changes = decodeChanges(new Uint8Array(await (await get(board, '/history/changes')).arrayBuffer()));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, stateAt(changes, at));
  return readBoard(doc);
}

describe('the board’s history', () => {
  it('lists who did what, and when, as three people build the analysis; any moment exports as a client held it', async () => {
    const dataDir = tempDir();
    server = await startTestServer({ dataDir });
    const board = await createBoard(server.url, {
      title: 'Charged twice',
      complaint: { text: 'You charged my card twice for one order.', customer: 'Łukasz Nowak' },
    });
    const fran = join(board, 'facilitator', 'Fran');
    const sam = join(board, 'editor', 'Sam');
    const ana = join(board, 'editor', 'Ana');
    const meeting = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran');
    clients.push(meeting);
    await Promise.all([fran.synced, sam.synced, ana.synced, meeting.synced]);

    vi.setSystemTime(minutes(1));
    const retry = askWhy(sam.doc, COMPLAINT_ID, { text: 'The retry job charged the card again' }, 'local');
    await stored(sam);
    vi.setSystemTime(minutes(2));
    const gateway = askWhy(ana.doc, retry, { text: 'The gateway timed out after it had taken the payment' }, 'local');
    await stored(ana);
    vi.setSystemTime(minutes(3));
    await vi.waitFor(() => expect(readBoard(fran.doc).causes[gateway]).toBeDefined());
    markRootCause(fran.doc, gateway, true, 'local');
    await stored(fran);
    await vi.waitFor(() => expect(readBoard(sam.doc).causes[gateway]?.isRoot).toBe(true));
    // What every client held at 09:03, to compare with the export of that moment.
    const heldAt3 = Y.encodeStateAsUpdate(sam.doc);

    vi.setSystemTime(minutes(4));
    meeting.send({ type: 'phase.set', phase: 'act' });
    await vi.waitFor(() => expect(meeting.state()?.phase).toBe('act'));
    vi.setSystemTime(minutes(5));
    // Sam rewords the first cause, keystroke after keystroke: one step in the history.
    for (const text of ['The retry job charged', 'The retry job charged the card a second time']) {
      editCause(sam.doc, retry, text, 'local');
      await stored(sam);
    }
    vi.setSystemTime(minutes(6));
    await vi.waitFor(() => expect(readBoard(ana.doc).causes[retry]?.text).toBe('The retry job charged the card a second time'));
    deleteCause(ana.doc, retry, 'local');
    await stored(ana);

    const steps = await history(board);
    expect(steps.map(({ at, by, role, kind }) => [at.slice(11, 16), by, role, kind])).toEqual([
      ['09:00', null, null, 'board.created'],
      ['09:01', 'Sam', 'editor', 'cause.added'],
      ['09:02', 'Ana', 'editor', 'cause.added'],
      ['09:03', 'Fran', 'facilitator', 'cause.root'],
      ['09:04', 'Fran', 'facilitator', 'meeting.phase'],
      ['09:05', 'Sam', 'editor', 'cause.edited'],
      ['09:06', 'Ana', 'editor', 'cause.deleted'],
    ]);
    expect(steps.map((step) => step.summary)).toEqual([
      'Started the analysis of “Charged twice”',
      'Added “The retry job charged the card again” as a why of the complaint',
      'Added “The gateway timed out after it had taken the payment” under “The retry job charged the card again”',
      'Marked “The gateway timed out after it had taken the payment” as a root cause',
      'Moved the meeting to “Act”',
      'Reworded “The retry job charged the card a second time”',
      'Deleted “The retry job charged the card a second time” and the cause under it',
    ]);
    expect(steps.at(-1)).toMatchObject({ causeId: retry, causeIds: [retry, gateway] });

    // The moment 09:03:30 is what the clients held then, in every format; 09:03:59 too (nothing changed in between).
    // (Moments between the changes: the clock the test sets runs on from there, by the milliseconds the test takes.)
    const expected = exportBoardFile(readBoard(docOf(heldAt3)), minutes(3.5));
    for (const at of [minutes(3.5), minutes(4) - 1000]) {
      const res = await get(board, `/export/board.json?at=${new Date(at).toISOString()}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ...expected, exportedAt: new Date(at).toISOString() });
    }
    const reportResponse = await get(board, `/export/report.md?at=${new Date(minutes(3.5)).toISOString()}`);
    // A past moment's document says which moment it is, in its file name and its first lines.
    expect(reportResponse.headers.get('content-disposition')).toContain('Charged-twice-as-of-20261102-0903-report.md');
    const report = await reportResponse.text();
    expect(report).toContain('**The board as it was on 2 November 2026 at 09:03 UTC**, from its history.');
    expect(report).toContain('The gateway timed out after it had taken the payment');
    expect(report).toContain('The retry job charged the card again');
    expect(report).not.toContain('a second time');

    // It survives compaction and a restart: the same steps, the same board at every moment.
    await server.rooms.get(board.id).compact();
    expect(await history(board)).toEqual(steps);
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
    server = await startTestServer({ dataDir });
    expect(await history(board)).toEqual(steps);
    expect((await rebuilt(board, minutes(2.5))).causes[gateway]?.isRoot).toBe(false);
    expect((await rebuilt(board, minutes(3.5))).causes[gateway]?.isRoot).toBe(true);
    expect((await rebuilt(board)).causeIds).toEqual([]);
  });

  it('comes with the example board: the meeting that made it, step by step, each moment of it readable', async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/api/boards/example`, { method: 'POST' });
    const board = (await res.json()) as CreateBoardResponse;
    const steps = await history(board);
    expect(steps[0]).toMatchObject({ kind: 'board.created', by: 'Fran', role: 'facilitator', at: new Date(T0 - 45 * 60_000).toISOString() });
    expect(new Set(steps.map((step) => step.by))).toEqual(new Set(['Fran', 'Ada', 'Sam']));
    // Each why asked, then confirmed by the other colleague with its evidence; the scanner checked and ruled out.
    const count = (kind: StepKind) => steps.filter((step) => step.kind === kind).length;
    expect([count('cause.added'), count('cause.confirmed'), count('cause.root'), count('action.added')]).toEqual([6, 5, 1, 3]);
    expect(steps.find((step) => step.kind === 'cause.ruledOut')).toMatchObject({
      by: 'Fran',
      summary: 'Ruled out “The till scanner misread the barcode”, on the evidence “Scanner logs show the right code was read; the price came from the form”',
    });
    // Twenty minutes in, four whys and the scanner had been put forward; the board is whole at the end.
    expect((await rebuilt(board, T0 - 25 * 60_000)).causeIds).toHaveLength(5);
    expect(await rebuilt(board)).toEqual(await server.rooms.snapshot(board.id));
  });

  it('keeps the letter’s sign-off as a milestone: the letter of each moment is a draft or signed off as it was then', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url);
    const meeting = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran');
    clients.push(meeting);
    await meeting.synced;
    await vi.waitFor(() => expect(meeting.state()).toBeDefined());
    vi.setSystemTime(minutes(1));
    meeting.send({ type: 'letter.signOff', ready: true });
    await vi.waitFor(() => expect(meeting.state()?.signOff).not.toBeNull());
    vi.setSystemTime(minutes(2));
    meeting.send({ type: 'letter.signOff', ready: false });
    await vi.waitFor(() => expect(meeting.state()?.signOff).toBeNull());
    // (The first history read may wait for the server's worker thread to start.)
    await vi.waitFor(
      async () =>
        expect((await history(board)).map((step) => [step.kind, step.by])).toEqual([
          ['board.created', null],
          ['letter.signedOff', 'Fran'],
          ['letter.signOffWithdrawn', 'Fran'],
        ]),
      { timeout: 10_000 },
    );
    const letterAt = async (at: number) => (await get(board, `/export/letter.md?at=${new Date(at).toISOString()}`)).text();
    expect(await letterAt(minutes(0.5))).toContain('**Draft**');
    expect(await letterAt(minutes(1.5))).not.toContain('**Draft**');
    expect(await letterAt(minutes(2.5))).toContain('**Draft**');
    expect(await (await get(board, `/export/report.md?at=${new Date(minutes(1.5)).toISOString()}`)).text()).toContain('Letter signed off by Fran');
  });

  it('answers a moment it cannot give with a clear 400, and a stranger with 401', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url);
    for (const [query, says] of [
      ['at=yesterday', 'A moment is an ISO time'],
      [`at=${new Date(T0 - 60_000).toISOString()}`, 'does not reach back to'],
    ] as const) {
      const res = await get(board, `/export/report.md?${query}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { field: 'at', message: expect.stringContaining(says) } });
    }
    const stranger = await fetch(`${server.url}/api/boards/${board.id}/history`, { headers: { Authorization: 'Bearer nope' } });
    expect(stranger.status).toBe(401);
    expect((await fetch(`${server.url}/api/boards/no-such-board/history`, { headers: { Authorization: 'Bearer nope' } })).status).toBe(404);
    expect(
      (await fetch(`${server.url}/api/boards/${board.id}/history`, { method: 'POST', headers: { Authorization: `Bearer ${board.tokens.facilitator}` } }))
        .status,
    ).toBe(405);
  });

  it('lets one address download so much history a minute, then says to wait', async () => {
    server = await startTestServer({ limits: { historyBytesPerMinute: 8000 } }); // the example's history: about 5.7 KB
    const board = (await (await fetch(`${server.url}/api/boards/example`, { method: 'POST' })).json()) as CreateBoardResponse;
    const first = await get(board, '/history/changes');
    expect(first.status).toBe(200);
    expect((await first.arrayBuffer()).byteLength).toBeGreaterThan(4000);
    const second = await get(board, '/history/changes');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
  });

  it('restores a moment as an edit everyone sees, which merges with what others add meanwhile; a viewer cannot', async () => {
    server = await startTestServer();
    const board = await createBoard(server.url);
    const fran = join(board, 'facilitator', 'Fran');
    const sam = join(board, 'editor', 'Sam');
    const viewer = join(board, 'viewer', 'Vic');
    await Promise.all([fran.synced, sam.synced, viewer.synced]);

    vi.setSystemTime(minutes(1));
    const kept = askWhy(sam.doc, COMPLAINT_ID, { text: 'The form sent the old price' }, 'local');
    await stored(sam);
    vi.setSystemTime(minutes(2));
    const later = askWhy(sam.doc, COMPLAINT_ID, { text: 'A guess we dropped' }, 'local');
    editCause(sam.doc, kept, 'The form sent last year’s price', 'local');
    deleteCause(sam.doc, kept, 'local');
    await stored(sam);
    await vi.waitFor(() => expect(readBoard(fran.doc).causeIds).toEqual([later]));

    // A viewer's restore goes nowhere: the server takes no edit from a viewer.
    const past = docOf(stateAt(decodeChanges(new Uint8Array(await (await get(board, '/history/changes')).arrayBuffer())), minutes(1.5)));
    restoreMoment(viewer.doc, past, 'local');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readBoard(fran.doc).causeIds).toEqual([later]);

    // The facilitator restores 09:01 while Sam, at the same moment, adds a cause: both stay.
    vi.setSystemTime(minutes(3));
    const meanwhile = askWhy(sam.doc, COMPLAINT_ID, { text: 'Added while the restore was on its way' }, 'local');
    restoreMoment(fran.doc, past, 'local');
    await Promise.all([stored(fran), stored(sam)]);
    for (const client of [fran, sam]) {
      await vi.waitFor(() => expect(new Set(readBoard(client.doc).causeIds)).toEqual(new Set([kept, meanwhile])));
      expect(readBoard(client.doc).causes[kept]?.text).toBe('The form sent the old price');
    }
    const steps = await history(board);
    expect(
      steps
        .filter((step) => step.by === 'Fran')
        .map((step) => step.kind)
        .sort(),
    ).toEqual(['cause.deleted', 'cause.edited', 'cause.restored'].sort());
    expect(steps.some((step) => step.by === 'Vic')).toBe(false);

    // A cause deleted since is brought back from its step.
    vi.setSystemTime(minutes(4));
    deleteCause(sam.doc, kept, 'local');
    await stored(sam);
    const deletion = (await history(board)).findLast((step) => step.kind === 'cause.deleted' && step.causeId === kept)!;
    await vi.waitFor(() => expect(readBoard(fran.doc).causeIds).not.toContain(kept));
    bringBackCauses(fran.doc, deletion.causeIds!, 'local');
    await stored(fran);
    await vi.waitFor(() => expect(readBoard(sam.doc).causeIds).toContain(kept));
  });
});

function docOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
