import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import type { z } from 'zod';
import { initBoard } from '../shared/board';
import type { Change } from '../shared/history/changes';
import { exampleWithHistory } from '../shared/history/example';
import { CreateBoardBody } from '../shared/schemas';
import {
  ApiErrorCode,
  ROLES,
  boardLink,
  type BoardLinks,
  type BoardLinksView,
  type BoardSummary,
  type CreateBoardResponse,
  type Role,
} from '../shared/protocol';
import { EXPORTS, sendExport } from './exports';
import { HttpError, bearerToken, clientAddress, readBody, readJson, sendJson } from './http';
import { handleLetterApi } from './letterApi';
import { handleHistoryApi } from './historyApi';
import type { AddressQuota } from './AddressQuota';
import type { Config } from './config';
import type { Logger } from './log';
import type { RoomManager } from './RoomManager';
import type { BoardRecord, Storage } from './storage/Storage';
import { boardAccess, newBoardId, newToken, type BoardAccess } from './tokens';
import type { WorkPool } from './work/WorkPool';

export interface ApiContext {
  storage: Storage;
  rooms: RoomManager;
  /** The origin put in links: configured, or the one the request came to. */
  publicOrigin(req: IncomingMessage): string;
  bodyLimit: number;
  /** Largest board file `POST /api/boards/import` takes. */
  importLimit: number;
  /** Largest board an import may make (the `boardBytes` limit). */
  boardBytes: number;
  /** Where exports and imports run, off the event loop. */
  work: WorkPool;
  logger: Logger;
  /** The mail server that sends letters (`SMTP_URL`, `SMTP_FROM`); none configured when `smtpUrl` is undefined. */
  mail: Pick<Config, 'smtpUrl' | 'smtpFrom'>;
  /** Bytes of history each address may download (`historyBytesPerMinute`). */
  historyBytes: AddressQuota;
}

export const SERVER_ORIGIN = 'server';

/** Which links each role may see and pass on: nobody can hand out more access than they have. */
const SHAREABLE: Record<Role, Role[]> = {
  facilitator: ['facilitator', 'editor', 'viewer'],
  editor: ['editor', 'viewer'],
  viewer: ['viewer'],
};

/** Handles `/api/*`. Returns false when no route matches the path. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, context: ApiContext): Promise<boolean> {
  const path = url.pathname;
  if (await handleLetterApi(req, res, path, context)) return true;
  if (await handleHistoryApi(req, res, path, context)) return true;
  if (path === '/api/boards') {
    allow(req, 'POST');
    const parsed = CreateBoardBody.safeParse(await readJson(req, context.bodyLimit));
    if (!parsed.success) throw invalidBody(parsed.error.issues[0]!);
    await createBoard(
      req,
      res,
      context,
      newDocument((doc) => initBoard(doc, parsed.data, SERVER_ORIGIN)),
    );
    return true;
  }
  if (path === '/api/boards/example') {
    allow(req, 'POST');
    // With the history of the meeting that made it: its replay shows how such an analysis grows.
    const { update, changes } = exampleWithHistory(Date.now(), SERVER_ORIGIN);
    await createBoard(req, res, context, update, undefined, changes);
    return true;
  }
  if (path === '/api/boards/import') {
    allow(req, 'POST');
    const body = await readBody(req, context.importLimit);
    // Parsing and checking a file of thousands of causes takes seconds: in a worker thread, with a time budget.
    const update = await context.work.run('import', { body, origin: SERVER_ORIGIN }, { owner: clientAddress(req), transfer: [body.buffer] });
    const { boardBytes } = context;
    if (update.byteLength > boardBytes) {
      // Stored, it could not take one more edit (each is refused past this limit): refused now, while it is only a file.
      throw new HttpError(
        413,
        ApiErrorCode.bodyTooLarge,
        `This file makes a board of ${megabytes(update.byteLength)}; a board holds at most ${megabytes(boardBytes)}.`,
      );
    }
    await createBoard(req, res, context, update);
    return true;
  }
  const exportMatch = /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/export\/([a-z]+\.[a-z]+)$/.exec(path);
  if (exportMatch) {
    const name = EXPORTS.find((known) => known === exportMatch[2]);
    // Every export is drawn from the board alone (the report's tree too): nothing is sent to make one.
    allow(req, 'GET');
    const { record } = await authorize(req, exportMatch[1]!, context.storage);
    if (!name) throw new HttpError(404, ApiErrorCode.notFound, `No such export. There are: ${EXPORTS.join(', ')}.`);
    await sendExport(res, req, url, record.id, name, context);
    return true;
  }
  const rotateMatch = /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/links\/([a-z]+)\/rotate$/.exec(path);
  if (rotateMatch) {
    allow(req, 'POST');
    const { record, role, spaceRole } = await authorize(req, rotateMatch[1]!, context.storage);
    // The space's admin may too: a member who started a board holds its facilitator link, and may leave the team.
    if (role !== 'facilitator' && spaceRole !== 'admin') {
      throw new HttpError(403, ApiErrorCode.forbidden, "Only the facilitator (or the admin of the board's space) can replace a link.");
    }
    const rotated = ROLES.find((known) => known === rotateMatch[2]);
    if (!rotated) throw new HttpError(404, ApiErrorCode.notFound, `There is no ${rotateMatch[2]} link: links are ${ROLES.join(', ')}.`);
    const token = newToken();
    await context.storage.updateTokens(record.id, { ...record.tokens, [rotated]: token });
    // Whoever joined with the old link is let go now; the old link opens nothing from here on.
    const closed = context.rooms.revoke(record.id, { links: 'board', role: rotated, reason: 'This link was replaced. Ask the facilitator for the new one.' });
    context.logger.info('link.rotated', { board: record.id, role: rotated, closed });
    sendJson(res, 200, { role: rotated, link: boardLink(context.publicOrigin(req), record.id, token), token });
    return true;
  }
  const match = /^\/api\/boards\/([A-Za-z0-9_-]{1,64})(\/links)?$/.exec(path);
  if (!match) return false;
  allow(req, 'GET');
  const { record, role, spaceRole } = await authorize(req, match[1]!, context.storage);
  if (match[2]) {
    const origin = context.publicOrigin(req);
    // A space's link passes on the space, not the board's own links: those would outlive the member's place in it.
    const shareable = spaceRole ? [] : SHAREABLE[role];
    const links: BoardLinks = Object.fromEntries(shareable.map((shared) => [shared, boardLink(origin, record.id, record.tokens[shared])]));
    const space = record.spaceId === undefined ? undefined : await context.storage.getSpace(record.spaceId);
    sendJson(res, 200, {
      role,
      links,
      viaSpace: spaceRole !== undefined,
      ...(space ? { space: { id: space.id, name: space.name } } : {}),
    } satisfies BoardLinksView);
  } else {
    sendJson(res, 200, await summarize(record, role, context, clientAddress(req)));
  }
  return true;
}

export function allow(req: IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpError(405, ApiErrorCode.methodNotAllowed, `Use ${method} here.`, undefined, undefined, method);
}

/** The board and what its bearer token grants (the role, and the space link it is, if one), or 404 / 401. */
export async function authorize(req: IncomingMessage, boardId: string, storage: Storage): Promise<{ record: BoardRecord } & BoardAccess> {
  const record = await storage.getBoard(boardId);
  if (!record) throw new HttpError(404, ApiErrorCode.notFound, 'There is no such board.');
  const access = await boardAccess(storage, record, bearerToken(req));
  if (!access) throw new HttpError(401, ApiErrorCode.unauthorized, 'This board needs a valid token: Authorization: Bearer <token>.');
  return { record, ...access };
}

/** A 400 naming the first field that failed validation. */
export function invalidBody(issue: z.core.$ZodIssue): HttpError {
  const field = issue.path.join('.') || undefined;
  const message = issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : issue.message;
  return new HttpError(400, ApiErrorCode.invalidBody, message, field);
}

/** A small document `write` fills, as one update. */
export function newDocument(write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  write(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Stores a new board (in a team space, with `spaceId`) with the document `update`, with fresh tokens, and answers 201 with its links. */
export async function createBoard(
  req: IncomingMessage,
  res: ServerResponse,
  context: ApiContext,
  update: Uint8Array,
  spaceId?: string,
  history?: readonly Change[],
): Promise<void> {
  const now = Date.now();
  const tokens = Object.fromEntries(ROLES.map((role) => [role, newToken()])) as Record<Role, string>;
  const record: BoardRecord = { id: newBoardId(), createdAt: now, updatedAt: now, tokens, ...(spaceId === undefined ? {} : { spaceId }) };
  await context.storage.createBoard(record, update, history);
  const origin = context.publicOrigin(req);
  const body: CreateBoardResponse = {
    id: record.id,
    tokens,
    links: Object.fromEntries(ROLES.map((role) => [role, boardLink(origin, record.id, tokens[role])])) as Record<Role, string>,
  };
  sendJson(res, 201, body);
}

/** A board's summary, read in a worker thread: a board of megabytes costs this request time, not everyone's. */
async function summarize(record: BoardRecord, role: Role, { rooms, work }: ApiContext, owner: string): Promise<BoardSummary> {
  const content = await work.run('summary', { updates: await rooms.updates(record.id) }, { owner });
  return {
    id: record.id,
    ...content,
    role,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
