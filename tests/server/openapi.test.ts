import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { updateLetter } from '../../shared/board';
import { type CreateBoardResponse, type CreateSpaceResponse } from '../../shared/protocol';
import type { WhyboardServer } from '../../server/createServer';
import { Contract } from '../fixtures/contract';
import { connectMeetingClient, startTestServer, type MeetingClient } from '../fixtures/server';
import { startSmtp, type LoopbackSmtp } from '../fixtures/smtp';

/*
 * The API document against the server that serves it: the document is valid OpenAPI 3.1; every operation it lists is
 * called here on a real server, and every answer, successes and errors alike, matches what it says; what it does not
 * list is not answered.
 */

const METRICS_TOKEN = 'metrics-token-of-at-least-24-characters';
const LETTER = [
  'Dear Ada Lovelace,',
  'You were charged twice for one book, and I am sorry: that was our mistake, not yours.',
  'Our till took the payment again when your card was read a second time. We refunded £12.99 to your card today.',
  'Jo Bloggs',
].join('\n\n');

let server: WhyboardServer;
let smtp: LoopbackSmtp;
let contract: Contract;
let lead: MeetingClient | undefined;
/** The operations answered with success, and every status each answered. */
const succeeded = new Set<string>();
const statuses = new Map<string, Set<number>>();

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ metricsToken: METRICS_TOKEN, smtpUrl: smtp.url, smtpFrom: 'care@bookshop.example' });
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  contract = new Contract((await res.json()) as Record<string, unknown>);
});
afterAll(async () => {
  lead?.destroy();
  await server.close();
  await smtp.close();
});

interface Options {
  token?: string;
  body?: unknown;
  /** The body's type, for a body that is not JSON of an object (a board file). */
  type?: string;
  /** The status expected. */
  expect?: number;
}

/** Calls the API, checks the answer against the document, and returns its JSON body (if any). */
async function call<T = unknown>(method: string, path: string, options: Options = {}): Promise<T> {
  const url = `${server.url}${path}`;
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = options.type ?? 'application/json';
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const res = await fetch(url, { method, headers, body });
  const checked = await contract.check(method, url, res);
  if (options.expect !== undefined) expect(checked.status, `${method} ${path}`).toBe(options.expect);
  if (checked.status < 300) succeeded.add(checked.operationId);
  statuses.set(checked.operationId, (statuses.get(checked.operationId) ?? new Set()).add(checked.status));
  return checked.body as T;
}

describe('the API document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(contract.document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every answer of every operation, successes and errors', async () => {
    const complaint = { title: 'Charged twice', complaint: { text: 'You charged me twice for one book!', customer: 'Ada Lovelace', receivedAt: '2026-11-20' } };
    const board = await call<CreateBoardResponse>('POST', '/api/boards', { body: complaint, expect: 201 });
    const example = await call<CreateBoardResponse>('POST', '/api/boards/example', { expect: 201 });
    const { editor, facilitator, viewer } = example.tokens;

    // Reading a board, its links, its history; replacing a link.
    await call('GET', `/api/boards/${example.id}`, { token: viewer, expect: 200 });
    await call('GET', `/api/boards/${example.id}/links`, { token: editor, expect: 200 });
    await call('GET', `/api/boards/${example.id}/history`, { token: viewer, expect: 200 });
    await call('GET', `/api/boards/${example.id}/history/changes`, { token: viewer, expect: 200 });
    await call('POST', `/api/boards/${board.id}/links/viewer/rotate`, { token: board.tokens.facilitator, expect: 200 });

    // Every export, now and at a moment of the board's history, and the board file back in.
    for (const name of ['report.md', 'report.html', 'report.pdf', 'letter.md', 'letter.html', 'letter.pdf']) {
      await call('GET', `/api/boards/${example.id}/export/${name}?paper=Letter`, { token: viewer, expect: 200 });
    }
    await call('GET', `/api/boards/${example.id}/export/report.md?at=${new Date().toISOString()}`, { token: viewer, expect: 200 });
    const file = await fetch(`${server.url}/api/boards/${example.id}/export/board.json`, { headers: { Authorization: `Bearer ${viewer}` } });
    await call('GET', `/api/boards/${example.id}/export/board.json`, { token: viewer, expect: 200 });
    await call('POST', '/api/boards/import', { body: await file.text(), expect: 201 });

    // A team space, with a board started in it and the example added, read every way, exported, renamed, its links replaced.
    const space = await call<CreateSpaceResponse>('POST', '/api/spaces', { body: { name: 'Customer Care — Leeds' }, expect: 201 });
    const { admin, member } = space.tokens;
    const started = await call<CreateBoardResponse>('POST', `/api/spaces/${space.id}/boards`, { token: member, body: complaint, expect: 201 });
    await call('POST', `/api/spaces/${space.id}/boards/adopt`, { token: member, body: { boardId: example.id, token: facilitator }, expect: 200 });
    for (const view of ['', '/actions', '/recurring', '/links']) await call('GET', `/api/spaces/${space.id}${view}`, { token: member, expect: 200 });
    expect(await call<unknown[]>('GET', `/api/spaces/${space.id}/actions`, { token: admin })).not.toHaveLength(0);
    for (const name of ['actions.csv', 'report.md', 'report.html', 'report.pdf']) {
      await call('GET', `/api/spaces/${space.id}/export/${name}?from=2026-01-01&to=2027-12-31`, { token: member, expect: 200 });
    }
    await call('DELETE', `/api/spaces/${space.id}/boards/${started.id}`, { token: member, expect: 403 });
    await call('POST', `/api/spaces/${space.id}/boards/adopt`, { token: member, body: { boardId: example.id, token: editor }, expect: 403 });
    await call('PATCH', `/api/spaces/${space.id}`, { token: admin, body: { name: 'Customer Care — York' }, expect: 200 });
    await call('POST', `/api/spaces/${space.id}/links/member/rotate`, { token: admin, expect: 200 });
    await call('DELETE', `/api/spaces/${space.id}/boards/${started.id}`, { token: admin, expect: 204 });

    // The letter: whether it goes by e-mail, and sending it once it is written and signed off.
    await call('GET', `/api/boards/${board.id}/letter/send`, { token: board.tokens.editor, expect: 200 });
    lead = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran Facilitator');
    await lead.synced;
    updateLetter(lead.doc, { text: LETTER, contactName: 'Jo Bloggs' }, 'test');
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).letter.contactName).toBe('Jo Bloggs'));
    lead.send({ type: 'letter.signOff', ready: true });
    await vi.waitFor(() => expect(lead!.state()?.signOff).toBeTruthy());
    await call('POST', `/api/boards/${board.id}/letter/send`, { token: board.tokens.facilitator, body: { to: 'ada@example.com', name: 'Fran' }, expect: 200 });
    expect(smtp.messages).toHaveLength(1);
    smtp.refuseRecipients = true;
    await call('POST', `/api/boards/${board.id}/letter/send`, { token: board.tokens.facilitator, body: { to: 'ada@example.com' }, expect: 502 });

    // The server's own.
    await call('GET', '/healthz', { expect: 200 });
    await call('GET', '/readyz', { expect: 200 });
    await call('GET', '/metrics', { token: METRICS_TOKEN, expect: 200 });
    await call('GET', '/api/openapi.json', { expect: 200 });

    // Errors, in the shape the document gives them.
    await call('GET', `/api/boards/${board.id}`, { expect: 401 });
    await call('GET', '/api/boards/NoSuchBoard', { token: viewer, expect: 404 });
    await call('GET', `/api/boards/${example.id}/export/report.docx`, { token: viewer, expect: 404 });
    await call('GET', `/api/boards/${example.id}/export/report.pdf?paper=A3`, { token: viewer, expect: 400 });
    await call('POST', `/api/boards/${example.id}/links/viewer/rotate`, { token: editor, expect: 403 });
    await call('POST', '/api/boards', { body: { title: '', complaint: { text: 'x' } }, expect: 400 });
    await call('POST', '/api/spaces', { body: { name: 'A', extra: 1 }, expect: 400 });
    await call('GET', '/metrics', { expect: 401 });
    await call('POST', `/api/boards/${board.id}/letter/send`, { token: board.tokens.editor, body: { to: 'ada@example.com' }, expect: 403 });
    await call('POST', `/api/boards/${board.id}/letter/send`, { token: board.tokens.facilitator, body: { to: 'not an address' }, expect: 400 });
    await call('POST', '/api/boards', { body: [complaint], expect: 400 });

    // HEAD wherever GET: the same status and headers, no body.
    const head = await fetch(`${server.url}/api/boards/${example.id}/export/report.md`, { method: 'HEAD', headers: { Authorization: `Bearer ${viewer}` } });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'text/markdown; charset=utf-8', '']);

    // A refused upgrade of the sync socket answers in the same shape.
    const refused = await new Promise<{ status: number; body: unknown }>((resolve) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/${board.id}?token=wrong`);
      socket.on('error', () => undefined);
      socket.on('unexpected-response', (_request, response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
      });
    });
    expect(refused).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'This board needs a valid token.' } } });

    const documented = Object.values(contract.document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((operations) =>
      Object.values(operations).map(({ operationId }) => operationId),
    );
    expect(documented.filter((id) => !succeeded.has(id))).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual([...documented].sort());
  });

  it('lists every method each path takes: any other is a 405 naming them', async () => {
    for (const [path, operations] of Object.entries(contract.document.paths as Record<string, Record<string, unknown>>)) {
      const role = path.startsWith('/api/spaces') ? 'member' : 'viewer';
      const concrete = path.replace('{board}', 'NoSuchBoard').replace('{space}', 'NoSuchSpace').replace('{role}', role).replace('{name}', 'report.md');
      const methods = Object.keys(operations).map((method) => method.toUpperCase());
      for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].filter((each) => !methods.includes(each))) {
        const res = await fetch(`${server.url}${concrete}`, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        const allowed = res.headers
          .get('allow')!
          .split(', ')
          .filter((each) => each !== 'HEAD');
        expect(allowed.sort(), `${method} ${path}`).toEqual(methods.sort());
      }
    }
  });

  it('fails an answer that strays from the document: a field it lacks, a status or a type it does not list', async () => {
    const board = await call<CreateBoardResponse>('POST', '/api/boards/example', { expect: 201 });
    const strayed = structuredClone(contract.document) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed document
    strayed.components.schemas.BoardSummary.required.push('owner');
    strayed.paths['/api/boards/{board}/export/{name}'].get.responses['200'].content = { 'application/pdf': {} };
    delete strayed.paths['/api/boards/example'].post.responses['201'];
    const strict = new Contract(strayed);
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${board.tokens.viewer}` } });
    const summary = `${server.url}/api/boards/${board.id}`;
    await expect(strict.check('GET', summary, await get(`/api/boards/${board.id}`))).rejects.toThrow(/getBoard 200 does not match its schema.*owner/);
    const markdown = `/api/boards/${board.id}/export/report.md`;
    await expect(strict.check('GET', `${server.url}${markdown}`, await get(markdown))).rejects.toThrow(/exportBoard 200 sent text\/markdown/);
    const made = await fetch(`${server.url}/api/boards/example`, { method: 'POST' });
    await expect(strict.check('POST', `${server.url}/api/boards/example`, made)).rejects.toThrow(/createExampleBoard answered 201/);
  });

  it('answers no route it does not list', async () => {
    for (const path of [
      '/api',
      '/api/',
      '//api/boards/x',
      '/api/boards/x/y',
      '/api/boards/x/export',
      '/api/spaces/x/boards/y/z',
      '/api/openapi.yaml',
      '/api/admin',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(contract.operation('GET', path), path).toBeUndefined();
    }
  });
});
