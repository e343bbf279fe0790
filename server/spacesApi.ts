/**
 * `/api/spaces`: team spaces, the boards a team starts from one (or adds to it) seen together. The same capability
 * model as boards: a space's links are bearer tokens, the admin's and the members' (see `SpaceRole`); a member starts
 * boards in the space and opens each of them as an editor (`boardAccess` in tokens.ts); a board's own links keep working.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { initBoard } from '../shared/board';
import { ApiErrorCode, SPACE_ROLES, spaceLink, type CreateSpaceResponse, type SpaceBoard, type SpaceRole, type SpaceView } from '../shared/protocol';
import { AdoptBoardBody, CreateBoardBody, CreateSpaceBody } from '../shared/schemas';
import { SERVER_ORIGIN, allow, createBoard, invalidBody, newDocument, type ApiContext } from './api';
import { HttpError, bearerToken, clientAddress, readJson, sendJson } from './http';
import type { SpaceRecord } from './storage/Storage';
import { newBoardId, newToken, roleForToken, spaceRoleForToken } from './tokens';

const ID = '([A-Za-z0-9_-]{1,64})';

/** Handles `/api/spaces` and below. Returns false when no route matches the path. */
export async function handleSpaces(req: IncomingMessage, res: ServerResponse, path: string, context: ApiContext): Promise<boolean> {
  if (path === '/api/spaces') {
    allow(req, 'POST');
    const parsed = CreateSpaceBody.safeParse(await readJson(req, context.bodyLimit));
    if (!parsed.success) throw invalidBody(parsed.error.issues[0]!);
    const tokens = Object.fromEntries(SPACE_ROLES.map((role) => [role, newToken()])) as Record<SpaceRole, string>;
    const space: SpaceRecord = { id: newBoardId(), name: parsed.data.name, createdAt: Date.now(), tokens };
    await context.storage.createSpace(space);
    const origin = context.publicOrigin(req);
    const links = Object.fromEntries(SPACE_ROLES.map((role) => [role, spaceLink(origin, space.id, tokens[role])])) as Record<SpaceRole, string>;
    sendJson(res, 201, { id: space.id, name: space.name, tokens, links } satisfies CreateSpaceResponse);
    return true;
  }
  const boards = new RegExp(`^/api/spaces/${ID}/boards$`).exec(path);
  if (boards) {
    allow(req, 'POST');
    const { space } = await authorizeSpace(req, boards[1]!, context);
    const parsed = CreateBoardBody.safeParse(await readJson(req, context.bodyLimit));
    if (!parsed.success) throw invalidBody(parsed.error.issues[0]!);
    await createBoard(req, res, context, newDocument((doc) => initBoard(doc, parsed.data, SERVER_ORIGIN)), space.id);
    return true;
  }
  const adopt = new RegExp(`^/api/spaces/${ID}/boards/adopt$`).exec(path);
  if (adopt) {
    allow(req, 'POST');
    const { space } = await authorizeSpace(req, adopt[1]!, context);
    const parsed = AdoptBoardBody.safeParse(await readJson(req, context.bodyLimit));
    if (!parsed.success) throw invalidBody(parsed.error.issues[0]!);
    const board = await context.storage.getBoard(parsed.data.boardId);
    if (!board) throw new HttpError(404, ApiErrorCode.notFound, 'There is no such board.', 'boardId');
    // Only whoever runs a board may put it in a space: the space's members will all open it as editors.
    if (roleForToken(board, parsed.data.token) !== 'facilitator') {
      throw new HttpError(403, ApiErrorCode.forbidden, "A board is added to a space with its facilitator's link.", 'token');
    }
    if (board.spaceId !== undefined && board.spaceId !== space.id) {
      throw new HttpError(409, ApiErrorCode.conflict, 'This board belongs to another space.', 'boardId');
    }
    await context.storage.addToSpace(board.id, space.id);
    context.logger.info('space.board_added', { space: space.id, board: board.id });
    sendJson(res, 200, { id: board.id, spaceId: space.id });
    return true;
  }
  const links = new RegExp(`^/api/spaces/${ID}/links$`).exec(path);
  if (links) {
    allow(req, 'GET');
    const { space, role } = await authorizeSpace(req, links[1]!, context);
    // The admin passes on both links; a member, the member link.
    const shared = role === 'admin' ? SPACE_ROLES : (['member'] as const);
    const origin = context.publicOrigin(req);
    sendJson(res, 200, { role, links: Object.fromEntries(shared.map((each) => [each, spaceLink(origin, space.id, space.tokens[each])])) });
    return true;
  }
  const view = new RegExp(`^/api/spaces/${ID}$`).exec(path);
  if (!view) return false;
  allow(req, 'GET');
  const { space, role } = await authorizeSpace(req, view[1]!, context);
  sendJson(res, 200, { id: space.id, name: space.name, role, boards: await spaceBoards(space.id, context, clientAddress(req)) } satisfies SpaceView);
  return true;
}

/** The space and the role its bearer token grants, or 404 / 401. */
async function authorizeSpace(req: IncomingMessage, spaceId: string, { storage }: ApiContext): Promise<{ space: SpaceRecord; role: SpaceRole }> {
  const space = await storage.getSpace(spaceId);
  if (!space) throw new HttpError(404, ApiErrorCode.notFound, 'There is no such space.');
  const role = spaceRoleForToken(space, bearerToken(req));
  if (!role) throw new HttpError(401, ApiErrorCode.unauthorized, 'This space needs a valid token: Authorization: Bearer <token>.');
  return { space, role };
}

/**
 * The space's boards as it lists them, read from their stored updates in one job of the worker pool (a job per board
 * would take as many of the pool's slots, and of the address's: a space of three boards was refused).
 */
async function spaceBoards(spaceId: string, { storage, rooms, work }: ApiContext, owner: string): Promise<SpaceBoard[]> {
  const records = await storage.spaceBoards(spaceId);
  const contents = await work.run('summaries', { boards: await Promise.all(records.map(async (record) => ({ updates: await rooms.updates(record.id) }))) }, { owner });
  return records.map((record, i) => {
    const { title, complaint, causeCount, rootCauses } = contents[i]!;
    return {
      id: record.id,
      title,
      customer: complaint.customer,
      channel: complaint.channel,
      receivedAt: complaint.receivedAt,
      causeCount,
      rootCauses,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
    };
  });
}
