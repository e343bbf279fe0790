/**
 * A manager's views of a space over the real API (SQLite, worker pool): each board's state, every action, what
 * recurs, the actions as CSV and the period report (its PDF read back with pdftotext).
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_ID, addAction, askWhy, markRootCause, readBoard, updateAction, updateCause, updateLetter, type ActionFields } from '../../shared/board';
import { recordSentLetter } from '../../shared/meeting';
import type { CreateBoardResponse, CreateSpaceResponse, SpaceAction, SpaceRecurring, SpaceView } from '../../shared/protocol';
import type { WhyboardServer } from '../../server/createServer';
import { parse } from 'csv-parse/sync';
import { actionsCsv } from '../../server/spacesApi';
import { hasPoppler, pdfText } from '../fixtures/pdf';
import { spaceAction } from '../fixtures/spaceAction';
import { connectMeetingClient, connectSavingClient, startTestServer, tempDir } from '../fixtures/server';

let server: WhyboardServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const call = (method: string, route: string, token?: string, body?: unknown) =>
  fetch(`${server.url}${route}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async <T>(route: string, token: string): Promise<T> => {
  const response = await call('GET', route, token);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

/** Edits a board as a member of the space would, and waits until the server has stored the edit. */
async function edit(board: CreateBoardResponse, token: string, change: (doc: Y.Doc) => void, url = server.url): Promise<void> {
  const client = connectSavingClient(url, board.id, token);
  await client.synced;
  change(client.doc);
  const clock = Y.getState(client.doc.store, client.doc.clientID);
  // Polled by hand: this also runs in beforeAll, where expect.poll cannot.
  for (const started = Date.now(); (client.acks.at(-1) ?? 0) < clock;) {
    if (Date.now() - started > 10_000) throw new Error('The server did not store the edit within 10 s.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  client.destroy();
}

/** A chain of whys down to a root cause, with actions on it; returns the root cause's id. */
function analyse(doc: Y.Doc, chain: string[], actions: ActionFields[]): string {
  let parent = COMPLAINT_ID;
  for (const text of chain) parent = askWhy(doc, parent, { text }, 'test');
  markRootCause(doc, parent, true, 'test');
  for (const fields of actions) addAction(doc, parent, fields, 'test');
  return parent;
}

describe('a manager’s views of a space', () => {
  let space: CreateSpaceResponse;
  const boards: CreateBoardResponse[] = [];

  beforeAll(async () => {
    const response = await call('POST', '/api/spaces', undefined, { name: 'Customer Care — Leeds' });
    space = (await response.json()) as CreateSpaceResponse;
    const starts = [
      { title: 'Charged twice for the renewal', complaint: { text: 'You took the money twice.', customer: 'Łukasz Nowak', receivedAt: '2026-11-03' } },
      { title: 'Charged again in December', complaint: { text: 'Again! Two payments.', customer: 'lukasz  nowak', receivedAt: '2026-11-24' } },
      { title: 'Parcel left in the rain', complaint: { text: 'My parcel was soaked.', customer: 'Ada Obi', receivedAt: '2026-11-10' } },
    ];
    for (const body of starts) {
      const created = await call('POST', `/api/spaces/${space.id}/boards`, space.tokens.member, body);
      boards.push((await created.json()) as CreateBoardResponse);
    }
    await edit(boards[0]!, space.tokens.member, (doc) =>
      analyse(
        doc,
        ['The card was charged twice', 'The retry job charges the card again when the bank answers late'],
        [
          { text: 'Make the retry job check for a payment first', owner: 'Sam', due: '2026-11-20' },
          { text: 'Refund the second payment', kind: 'containment', owner: 'Kim', due: '2026-11-05', status: 'done' },
        ],
      ),
    );
    await edit(boards[1]!, space.tokens.member, (doc) =>
      analyse(
        doc,
        ['Two payments went through', 'When the bank is slow to answer, the retry job charges the card a second time'],
        [{ text: '=HYPERLINK("http://evil")', owner: 'Ravi', due: '2099-01-01' }],
      ),
    );
  });

  it('lists each board with where it stands', async () => {
    const view = await json<SpaceView>(`/api/spaces/${space.id}`, space.tokens.member);
    const [first, second, third] = view.boards;
    expect(first).toMatchObject({ state: 'actionsOpen', letter: 'none', reopened: false, actions: { open: 1, overdue: 1, done: 1, verified: 0 } });
    expect(first!.rootCauses.map((cause) => cause.text)).toEqual(['The retry job charges the card again when the bank answers late']);
    expect(Date.parse(first!.rootCauseAt!)).toBeGreaterThan(Date.parse(first!.createdAt) - 1);
    expect(second).toMatchObject({ state: 'actionsOpen', actions: { open: 1, overdue: 0 } });
    expect(third).toMatchObject({ state: 'analysing', rootCauseAt: null, actions: { open: 0, overdue: 0, done: 0, verified: 0 } });
  });

  it('lists every action, overdue first', async () => {
    const actions = await json<SpaceAction[]>(`/api/spaces/${space.id}/actions`, space.tokens.admin);
    expect(actions.map((action) => [action.text, action.overdue])).toEqual([
      ['Make the retry job check for a payment first', true],
      ['=HYPERLINK("http://evil")', false],
      ['Refund the second payment', false],
    ]);
    expect(actions[0]).toMatchObject({
      boardId: boards[0]!.id,
      boardTitle: 'Charged twice for the renewal',
      customer: 'Łukasz Nowak',
      owner: 'Sam',
      kind: 'corrective',
    });
  });

  it('finds the cause two teams worded differently, and the customer who came back', async () => {
    const recurring = await json<SpaceRecurring>(`/api/spaces/${space.id}/recurring`, space.tokens.member);
    expect(recurring.causes).toHaveLength(1);
    expect(recurring.causes[0]).toMatchObject({ themed: false, label: 'The retry job charges the card again when the bank answers late' });
    expect(recurring.causes[0]!.causes.map((cause) => cause.boardId)).toEqual([boards[0]!.id, boards[1]!.id]);
    // The teams give it one theme, each in their own typing: a theme, no longer a suggestion.
    for (const [board, theme] of [
      [boards[0]!, 'Payment retries'],
      [boards[1]!, ' payment RETRIES '],
    ] as const) {
      await edit(board, space.tokens.member, (doc) => updateCause(doc, readBoard(doc).rootCauseIds[0]!, { theme }, 'test'));
    }
    const themed = await json<SpaceRecurring>(`/api/spaces/${space.id}/recurring`, space.tokens.member);
    expect(themed.causes.map((group) => [group.label, group.themed, group.causes.length])).toEqual([['Payment retries', true, 2]]);
    expect(recurring.customers.map((customer) => [customer.customer, customer.boards.map((board) => board.boardId)])).toEqual([
      ['Łukasz Nowak', [boards[0]!.id, boards[1]!.id]],
    ]);
  });

  it('reopens a board whose action was checked and did not work, until a new action is agreed', async () => {
    const state = async () => (await json<SpaceView>(`/api/spaces/${space.id}`, space.tokens.member)).boards[0]!;
    let rootId = '';
    let actionId = '';
    await edit(boards[0]!, space.tokens.member, (doc) => {
      const board = readBoard(doc);
      rootId = board.rootCauseIds[0]!;
      actionId = board.actionIds.find((id) => board.actions[id]!.kind === 'corrective')!;
      updateAction(
        doc,
        actionId,
        { status: 'done', checkBy: '2026-12-01', checkResult: 'notEffective', checkNote: 'Charged twice again on 30 November' },
        'test',
      );
    });
    expect(await state()).toMatchObject({ state: 'analysing', reopened: true });
    const [row] = (await json<SpaceAction[]>(`/api/spaces/${space.id}/actions`, space.tokens.member)).filter((action) => action.id === actionId);
    expect(row).toMatchObject({ status: 'done', checkResult: 'notEffective', checkNote: 'Charged twice again on 30 November', checkDue: false });
    await edit(boards[0]!, space.tokens.member, (doc) =>
      addAction(doc, rootId, { text: 'Lock a payment while the bank answers', owner: 'Sam', due: '2099-02-01' }, 'test'),
    );
    expect(await state()).toMatchObject({ state: 'actionsOpen', reopened: false });
  });

  it('follows the letter: signed off, then sent (closed once no action is open)', async () => {
    const state = async () => (await json<SpaceView>(`/api/spaces/${space.id}`, space.tokens.member)).boards[1]!;
    const board = boards[1]!;
    await edit(board, space.tokens.member, (doc) => updateLetter(doc, { text: 'Dear Mr Nowak,\n\nWe are sorry.', contactName: 'Jo' }, 'test'));
    expect(await state()).toMatchObject({ letter: 'draft', state: 'actionsOpen' });
    const lead = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran');
    await lead.synced;
    lead.send({ type: 'letter.signOff', ready: true });
    await expect.poll(() => lead.state()?.signOff?.letterHash).toBeDefined();
    expect(await state()).toMatchObject({ letter: 'signedOff', state: 'signedOff' });
    // Recorded as the letter API records a send (tests/server/mail.test.ts sends one for real).
    const { letterHash } = lead.state()!.signOff!;
    await server.rooms
      .get(board.id)
      .changeMeeting((meeting) => recordSentLetter(meeting, { at: Date.now(), by: 'Fran', to: 'lukasz@example.com', letterHash, text: 'Dear Mr Nowak' }), {
        name: 'Fran',
        role: 'facilitator',
      });
    expect(await state()).toMatchObject({ letter: 'sent', state: 'sent' });
    await edit(board, space.tokens.member, (doc) => {
      const snapshot = readBoard(doc);
      for (const id of snapshot.actionIds) updateAction(doc, id, { status: 'done' }, 'test');
    });
    expect(await state()).toMatchObject({ letter: 'sent', state: 'closed', actions: { open: 0, done: 1 } });
    lead.destroy();
  });

  it('exports the actions as CSV a spreadsheet reads as it is written', async () => {
    const response = await call('GET', `/api/spaces/${space.id}/export/actions.csv`, space.tokens.member);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('Customer-Care-Leeds-actions.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\ufeff"Complaint","Customer","Root cause","Kind","Action","Owner","Due","Status","Overdue",')).toBe(true);
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    expect(header).toHaveLength(13);
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => row[1])).toContain('Łukasz Nowak');
    // A text a spreadsheet would run as a formula is written as text.
    expect(rows.map((row) => row[4])).toContain(`'=HYPERLINK("http://evil")`);
  });

  it('writes no formula and no row of its own from what people type (found by an outside attack)', () => {
    const row = (fields: Partial<SpaceAction>) =>
      spaceAction({ boardId: '-o3Dwo4bDRsgKe_ws2O-T-', boardTitle: 'Title', customer: '', causeText: '', text: '', owner: '', ...fields });
    const hostile = [
      row({ text: "Replace the forms\n=cmd|' /C calc'!A0\n@SUM(1+1)*cmd|' /C notepad'!A0" }),
      row({ owner: '  +1+1', boardTitle: 'Title\r\n=1+1' }),
      row({ causeText: '\u00a0=HYPERLINK("x")', checkNote: '\ufeff-2+3' }),
      row({ customer: '\t=1', text: '\u200b@SUM(A1)' }),
    ];
    const rows = parse(actionsCsv(hostile), { bom: true }) as string[][];
    expect(rows).toHaveLength(1 + hostile.length); // every line break stayed inside its cell
    for (const cells of rows.slice(1)) {
      // Board id (last) is ours, and stays as it is; kind, dates, status are words the server wrote.
      expect(cells.at(-1)).toBe('-o3Dwo4bDRsgKe_ws2O-T-');
      for (const cell of cells.slice(0, -1)) expect(cell, cell).not.toMatch(/^[\s\u00a0\u200b\ufeff]*[=+\-@]/);
    }
    // A text that starts with words is kept as it is, its lines in one cell.
    expect(rows[1]![4]).toBe("Replace the forms\n=cmd|' /C calc'!A0\n@SUM(1+1)*cmd|' /C notepad'!A0");
  });

  it('exports the period report, in Markdown and as a PDF', async () => {
    const markdown = await (await call('GET', `/api/spaces/${space.id}/export/report.md?from=2026-11-01&to=2026-11-15`, space.tokens.member)).text();
    expect(markdown).toContain('# Period report: Customer Care — Leeds');
    expect(markdown).toContain('2 complaints. Where they stand: analysing, 1; actions open, 1.');
    expect(markdown).toContain('### Charged twice for the renewal (Łukasz Nowak)');
    expect(markdown).toContain('> You took the money twice');
    expect(markdown).toContain('Root cause: The retry job charges the card again when the bank answers late');
    expect(markdown).toContain('### Parcel left in the rain (Ada Obi)');
    expect(markdown).toContain('No root cause yet.');
    expect(markdown).not.toContain('Charged again in December'); // received on 24 November: outside the period
    // The recurring causes and the actions come before the complaints.
    expect(markdown.indexOf('## Recurring root causes')).toBeLessThan(markdown.indexOf('## Actions'));
    expect(markdown.indexOf('## Actions')).toBeLessThan(markdown.indexOf('## The complaints'));

    const whole = await (await call('GET', `/api/spaces/${space.id}/export/report.md`, space.tokens.member)).text();
    expect(whole).toMatch(/### Payment retries \(2 complaints\)/);
    expect(whole).toContain('**Łukasz Nowak**: Charged twice for the renewal (3 November 2026); Charged again in December (24 November 2026)');

    const pdf = await call('GET', `/api/spaces/${space.id}/export/report.pdf`, space.tokens.member);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    if (!hasPoppler && process.env.WHYBOARD_FORBID_SKIP !== '1') return; // read back where poppler is (CI installs it)
    const text = pdfText(bytes, '-layout');
    expect(text).toContain('Period report: Customer Care — Leeds');
    expect(text).toContain('Recurring root causes');
    expect(text).toContain('Łukasz Nowak');
    expect(text).toContain('Parcel left in the rain');
  });

  it('refuses a malformed period, and anyone without the space’s link', async () => {
    const refusal = await call('GET', `/api/spaces/${space.id}/export/report.md?from=2026-13-45`, space.tokens.member);
    expect(refusal.status).toBe(400);
    expect(await refusal.json()).toMatchObject({ error: { field: 'from' } });
    expect((await call('GET', `/api/spaces/${space.id}/export/report.md?from=2026-12-01&to=2026-11-01`, space.tokens.member)).status).toBe(400);
    expect((await call('GET', `/api/spaces/${space.id}/export/report.md?from=2026-02-30`, space.tokens.member)).status).toBe(400);
    expect((await call('GET', `/api/spaces/${space.id}/export/report.html?paper=A3`, space.tokens.member)).status).toBe(400);
    for (const route of ['/actions', '/recurring', '/export/actions.csv', '/export/report.pdf']) {
      expect((await call('GET', `/api/spaces/${space.id}${route}`)).status).toBe(401);
      expect((await call('GET', `/api/spaces/${space.id}${route}`, boards[0]!.tokens.facilitator)).status).toBe(401);
      expect((await call('POST', `/api/spaces/${space.id}${route}`, space.tokens.admin)).status).toBe(405);
    }
    expect((await call('GET', `/api/spaces/nope/actions`, space.tokens.admin)).status).toBe(404);
  });
});

describe('a space after a restart', () => {
  it('shows its boards from what it kept beside them, without reading each board again', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ dataDir });
    const space = (await (
      await fetch(`${first.url}/api/spaces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Kept' }) })
    ).json()) as CreateSpaceResponse;
    const started = await fetch(`${first.url}/api/spaces/${space.id}/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${space.tokens.member}` },
      body: JSON.stringify({ title: 'Charged twice', complaint: { text: 'Twice!', customer: 'Ada' } }),
    });
    const board = (await started.json()) as CreateBoardResponse;
    const list = async (url: string) =>
      ((await (await fetch(`${url}/api/spaces/${space.id}`, { headers: { Authorization: `Bearer ${space.tokens.member}` } })).json()) as SpaceView).boards;
    expect((await list(first.url)).map((each) => each.title)).toEqual(['Charged twice']);
    // What was kept, marked so that reading it shows: the next start must list it as kept, not read the board.
    const [kept] = (await first.storage.loadSpaceContents([board.id])).values();
    await first.storage.saveSpaceContents([{ boardId: board.id, key: kept!.key, json: JSON.stringify({ ...JSON.parse(kept!.json), title: 'As kept' }) }]);
    await first.close();

    const second = await startTestServer({ dataDir });
    try {
      expect((await list(second.url)).map((each) => each.title)).toEqual(['As kept']);
      // Once the board changes, it is read again.
      await edit(board, board.tokens.editor, (doc) => askWhy(doc, COMPLAINT_ID, { text: 'The retry job' }, 'test'), second.url);
      expect((await list(second.url)).map((each) => [each.title, each.causeCount])).toEqual([['Charged twice', 1]]);
    } finally {
      await second.close();
    }
  });
});
