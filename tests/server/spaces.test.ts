/**
 * Team spaces over the real API and socket (SQLite): who may see a space, start boards in it, add boards to it, and
 * what a space's link opens.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import type { BoardLinksView, CreateBoardResponse, CreateSpaceResponse, SpaceView } from '../../shared/protocol';
import type { WhyboardServer } from '../../server/createServer';
import { connectClient, connectSavingClient, createBoard, startTestServer, tryUpgrade } from '../fixtures/server';

let server: WhyboardServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const call = (method: string, path: string, token?: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const newSpace = async (name = 'Customer Care — Leeds') => {
  const response = await call('POST', '/api/spaces', undefined, { name });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateSpaceResponse;
};
const viewOf = async (space: CreateSpaceResponse, token = space.tokens.member) =>
  (await (await call('GET', `/api/spaces/${space.id}`, token)).json()) as SpaceView;
const startIn = async (space: CreateSpaceResponse, title: string, customer: string, token = space.tokens.member) => {
  const response = await call('POST', `/api/spaces/${space.id}/boards`, token, { title, complaint: { text: 'You charged me twice!', customer } });
  expect(response.status).toBe(201);
  return (await response.json()) as CreateBoardResponse;
};

describe('a team space', () => {
  it('is made with a name and two links, and shown only to their holders', async () => {
    const space = await newSpace('  Customer Care — Łódź  ');
    expect(space.name).toBe('Customer Care — Łódź');
    expect(space.links.member).toBe(`${server.url}/s/${space.id}#token=${space.tokens.member}`);
    expect(space.tokens.admin).not.toBe(space.tokens.member);
    expect(await viewOf(space)).toEqual({ id: space.id, name: 'Customer Care — Łódź', role: 'member', boards: [] });
    expect((await viewOf(space, space.tokens.admin)).role).toBe('admin');

    const links = async (token: string) =>
      (await (await call('GET', `/api/spaces/${space.id}/links`, token)).json()) as { role: string; links: Record<string, string> };
    expect(await links(space.tokens.admin)).toEqual({ role: 'admin', links: space.links });
    expect(await links(space.tokens.member)).toEqual({ role: 'member', links: { member: space.links.member } }); // never the admin's
    expect((await call('GET', `/api/spaces/${space.id}/links`)).status).toBe(401);
    expect((await call('GET', `/api/spaces/${space.id}`)).status).toBe(401);
    expect((await call('GET', `/api/spaces/${space.id}`, 'not-a-token')).status).toBe(401);
    const other = await newSpace('Billing');
    expect((await call('GET', `/api/spaces/${space.id}`, other.tokens.admin)).status).toBe(401); // another space's link
    expect((await call('GET', '/api/spaces/NoSuchSpace', space.tokens.admin)).status).toBe(404);
    const unnamed = await call('POST', '/api/spaces', undefined, { name: '   ' });
    expect(unnamed.status).toBe(400);
    expect(await unnamed.json()).toMatchObject({ error: { code: 'invalid-body', field: 'name' } });
    expect((await call('POST', '/api/spaces', undefined, { name: 'X', extra: 1 })).status).toBe(400);
    // One line, read the way it is written: control characters, direction controls and invisible ones go.
    expect((await newSpace('Billing\u0000\nteam \u202Eevil\u202C')).name).toBe('Billing team evil');
    expect((await call('POST', '/api/spaces', undefined, { name: '\u200B\u200B' })).status).toBe(400);
    // Names that draw nothing, and halves of characters (an outside attack stored them).
    expect((await call('POST', '/api/spaces', undefined, { name: '\u00AD\u180E' })).status).toBe(400);
    expect((await newSpace('Care \uD83D  team')).name).toBe('Care team');
    // The space's own address takes GET and PATCH, and says so.
    const head = await call('DELETE', `/api/spaces/${space.id}`, space.tokens.admin);
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET, HEAD, PATCH');
  });

  it('lists the boards its members start, oldest first, and their links open every one of them as an editor', async () => {
    const space = await newSpace();
    const first = await startIn(space, 'Double charge on renewal', 'Łukasz Nowak');
    const second = await startIn(space, 'Parcel left in the rain', 'Ada Obi', space.tokens.admin);
    const outside = await createBoard(server.url);
    const view = await viewOf(space);
    expect(view.boards.map((board) => [board.id, board.title, board.customer])).toEqual([
      [first.id, 'Double charge on renewal', 'Łukasz Nowak'],
      [second.id, 'Parcel left in the rain', 'Ada Obi'],
    ]);
    expect(view.boards[0]).toMatchObject({ causeCount: 0, rootCauses: [] });

    // A member's link writes to a board of the space, and the write is stored.
    const member = connectSavingClient(server.url, first.id, space.tokens.member);
    await member.synced;
    askWhy(member.doc, COMPLAINT_ID, { text: 'The retry job charged the card again' }, 'test');
    const clock = Y.getState(member.doc.store, member.doc.clientID);
    await expect.poll(() => member.acks.at(-1) ?? 0).toBeGreaterThanOrEqual(clock);
    member.destroy();
    expect((await server.rooms.snapshot(first.id)).causeIds).toHaveLength(1);
    expect((await viewOf(space)).boards[0]!.causeCount).toBe(1);
    // A space's link opens the board, but passes on none of its own links: they would outlive a member who leaves.
    const links = (await (await call('GET', `/api/boards/${first.id}/links`, space.tokens.member)).json()) as BoardLinksView;
    expect(links).toEqual({ role: 'editor', links: {}, viaSpace: true, space: { id: space.id, name: 'Customer Care — Leeds' } });
    expect(((await (await call('GET', `/api/boards/${first.id}/links`, first.tokens.editor)).json()) as BoardLinksView).links).toEqual({
      editor: first.links.editor,
      viewer: first.links.viewer,
    });

    // Nothing outside the space; a board's own links keep working, with their own roles.
    expect((await tryUpgrade(`${server.url.replace('http', 'ws')}/sync/${outside.id}?token=${space.tokens.member}`)).status).toBe(401);
    expect((await call('GET', `/api/boards/${outside.id}`, space.tokens.admin)).status).toBe(401);
    const viewer = connectClient(server.url, first.id, first.tokens.viewer);
    await viewer.synced;
    askWhy(viewer.doc, COMPLAINT_ID, { text: 'A viewer’s cause' }, 'test');
    await new Promise((resolve) => setTimeout(resolve, 200));
    viewer.destroy();
    expect(Object.values(readBoard(await docOf(first)).causes).map((cause) => cause.text)).toEqual(['The retry job charged the card again']);
    // Starting a board needs the space's link.
    expect((await call('POST', `/api/spaces/${space.id}/boards`, first.tokens.facilitator, { title: 'T', complaint: { text: 'x' } })).status).toBe(401);
  });

  it('lists a space of many boards in one request, twice at once from one address', async () => {
    // A listing once took one job of the export pool per board, and an address may run two: three boards were refused.
    const space = await newSpace();
    for (let i = 0; i < 6; i++) await startIn(space, `Complaint ${i + 1}`, `Customer ${i + 1}`);
    const answers = await Promise.all([0, 1].map(() => call('GET', `/api/spaces/${space.id}`, space.tokens.member)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const view = (await answers[0]!.json()) as SpaceView;
    expect(view.boards.map((board) => board.title)).toEqual(['Complaint 1', 'Complaint 2', 'Complaint 3', 'Complaint 4', 'Complaint 5', 'Complaint 6']);
  });

  it('keeps a member on a board when the board’s own editor link is replaced', async () => {
    const space = await newSpace();
    const board = await startIn(space, 'Double charge on renewal', 'Łukasz Nowak');
    const member = await openSocket(board.id, space.tokens.member);
    const editor = await openSocket(board.id, board.tokens.editor);
    expect((await call('POST', `/api/boards/${board.id}/links/editor/rotate`, board.tokens.facilitator)).status).toBe(200);
    expect(await editor.closed).toBe(4401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(member.ws.readyState).toBe(WebSocket.OPEN);
    member.ws.close();
  });

  it('is managed by its admin alone: renamed, its links replaced, its boards taken out', async () => {
    const space = await newSpace();
    const board = await startIn(space, 'Double charge on renewal', 'Łukasz Nowak');

    // Renamed by the admin only, with the same rules as a new name.
    expect((await call('PATCH', `/api/spaces/${space.id}`, space.tokens.member, { name: 'Mine now' })).status).toBe(403);
    expect((await call('PATCH', `/api/spaces/${space.id}`, space.tokens.admin, { name: ' ' })).status).toBe(400);
    const renamed = await call('PATCH', `/api/spaces/${space.id}`, space.tokens.admin, { name: 'Customer Care — Kraków\u202E' });
    expect(await renamed.json()).toEqual({ id: space.id, name: 'Customer Care — Kraków' });
    expect((await viewOf(space)).name).toBe('Customer Care — Kraków');

    // The member link replaced: whoever came with the old one is let go, on the space and its boards; the admin stays.
    const member = await openSocket(board.id, space.tokens.member);
    const admin = await openSocket(board.id, space.tokens.admin);
    const own = await openSocket(board.id, board.tokens.editor);
    expect((await call('POST', `/api/spaces/${space.id}/links/member/rotate`, space.tokens.member)).status).toBe(403);
    expect((await call('POST', `/api/spaces/${space.id}/links/owner/rotate`, space.tokens.admin)).status).toBe(404);
    const rotated = await call('POST', `/api/spaces/${space.id}/links/member/rotate`, space.tokens.admin);
    const { token, link } = (await rotated.json()) as { token: string; link: string };
    expect(link).toBe(`${server.url}/s/${space.id}#token=${token}`);
    expect(await member.closed).toBe(4401);
    expect((await call('GET', `/api/spaces/${space.id}`, space.tokens.member)).status).toBe(401);
    expect((await call('GET', `/api/boards/${board.id}`, space.tokens.member)).status).toBe(401);
    expect((await tryUpgrade(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${space.tokens.member}`)).status).toBe(401);
    expect((await viewOf(space, token)).role).toBe('member');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(admin.ws.readyState).toBe(WebSocket.OPEN);

    // The admin replaces the links of a board a member started (the member holds its facilitator link); a member cannot.
    expect((await call('POST', `/api/boards/${board.id}/links/facilitator/rotate`, token)).status).toBe(403);
    const replaced = await call('POST', `/api/boards/${board.id}/links/facilitator/rotate`, space.tokens.admin);
    expect(replaced.status).toBe(200);
    expect((await call('GET', `/api/boards/${board.id}`, board.tokens.facilitator)).status).toBe(401);

    // A board taken out: the space's links no longer open it (its open sockets close), its own links still do.
    expect((await call('DELETE', `/api/spaces/${space.id}/boards/${board.id}`, token)).status).toBe(403);
    expect((await call('DELETE', `/api/spaces/${space.id}/boards/NoSuchBoard`, space.tokens.admin)).status).toBe(404);
    expect((await call('DELETE', `/api/spaces/${space.id}/boards/${board.id}`, space.tokens.admin)).status).toBe(204);
    expect(await admin.closed).toBe(4401);
    expect((await viewOf(space, token)).boards).toEqual([]);
    expect((await call('GET', `/api/boards/${board.id}`, space.tokens.admin)).status).toBe(401);
    expect((await call('GET', `/api/boards/${board.id}`, board.tokens.viewer)).status).toBe(200);
    expect(own.ws.readyState).toBe(WebSocket.OPEN);
    expect((await call('DELETE', `/api/spaces/${space.id}/boards/${board.id}`, space.tokens.admin)).status).toBe(404); // not in it any more
    own.ws.close();
  });

  it('takes in an existing board with its facilitator’s link, and only then', async () => {
    const space = await newSpace();
    const board = await createBoard(server.url);
    const adopt = (body: unknown, token = space.tokens.member) => call('POST', `/api/spaces/${space.id}/boards/adopt`, token, body);

    expect((await adopt({ boardId: board.id, token: board.tokens.editor })).status).toBe(403);
    expect((await adopt({ boardId: board.id, token: board.tokens.facilitator }, 'not-a-token')).status).toBe(401);
    expect((await adopt({ boardId: 'NoSuchBoard', token: board.tokens.facilitator })).status).toBe(404);
    const invalid = await adopt({ boardId: '../etc', token: board.tokens.facilitator });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { field: 'boardId' } });
    expect((await viewOf(space)).boards).toEqual([]);

    const added = await adopt({ boardId: board.id, token: board.tokens.facilitator });
    expect(added.status).toBe(200);
    expect((await viewOf(space)).boards.map((listed) => listed.id)).toEqual([board.id]);
    expect((await adopt({ boardId: board.id, token: board.tokens.facilitator })).status).toBe(200); // again: nothing changes
    // A board is in one space: another space cannot take it.
    const other = await newSpace('Billing');
    const taken = await call('POST', `/api/spaces/${other.id}/boards/adopt`, other.tokens.admin, { boardId: board.id, token: board.tokens.facilitator });
    expect(taken.status).toBe(409);
    expect((await viewOf(other, other.tokens.admin)).boards).toEqual([]);
  });
});

/** A raw socket on a board, with the code it closes with. */
async function openSocket(boardId: string, token: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${boardId}?token=${token}`);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.once('open', resolve));
  return { ws, closed };
}

/** The board as stored, read with its viewer link. */
async function docOf(board: CreateBoardResponse): Promise<Y.Doc> {
  const client = connectClient(server.url, board.id, board.tokens.viewer);
  await client.synced;
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
  client.destroy();
  return copy;
}
