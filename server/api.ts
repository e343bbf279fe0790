import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { z } from 'zod';
import { BoardLinksViewSchema, BoardSummarySchema, CreateBoardResponseSchema, RotatedLinkSchema } from '../shared/apiSchemas';
import { initBoard } from '../shared/board';
import type { Change } from '../shared/history/changes';
import { exampleWithHistory } from '../shared/history/example';
import { CreateBoardBody } from '../shared/schemas';
import { ApiErrorCode, ROLES, boardLink, type BoardSummary, type CreateBoardResponse, type Role } from '../shared/protocol';
import { HttpError, clientAddress, readBody, sendJson } from './http';
import { operation } from './router';
import type { AddressQuota } from './AddressQuota';
import type { Config } from './config';
import type { Logger } from './log';
import type { RoomManager } from './RoomManager';
import type { SpaceContents } from './spaceContents';
import type { BoardRecord, Storage } from './storage/Storage';
import { newBoardId, newToken } from './tokens';
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
  /** What each board of a space shows, read for the space's views and exports. */
  spaces: SpaceContents;
  /** What keeps the server from serving people (storage down, stopping), in words; none when ready. */
  readiness(): Promise<string[]>;
  /** The bearer token `/metrics` takes (`WHYBOARD_METRICS_TOKEN`); metrics are off without one. */
  metricsToken: string | undefined;
}

export const SERVER_ORIGIN = 'server';

/** Which links each role may see and pass on: nobody can hand out more access than they have. */
const SHAREABLE: Record<Role, Role[]> = {
  facilitator: ['facilitator', 'editor', 'viewer'],
  editor: ['editor', 'viewer'],
  viewer: ['viewer'],
};

/** A board's id in a path: one that could not be a board's is no board. */
export const BoardIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'There is no such board.' });

/** The error of an operation whose work runs in the worker pool (exports, imports, reading boards). */
export const BUSY = {
  503: 'The server is busy with other long work (try again after `Retry-After`), or this work passed the time or memory one request may take (try a smaller board, or another format).',
} as const;

const created = { description: "The new board's id and links, shown this once.", json: CreateBoardResponseSchema } as const;

/** `/api/boards` and below: making boards, reading one, passing on and replacing its links. */
export const boardOperations = [
  operation({
    method: 'POST',
    path: '/api/boards',
    id: 'createBoard',
    tag: 'Boards',
    summary: "Starts an analysis from a customer's complaint, in the customer's words.",
    body: CreateBoardBody,
    quota: 'creations',
    answers: { 201: created },
    async handle({ req, res, context, body }) {
      const data = await body();
      await createBoard(
        req,
        res,
        context,
        newDocument((doc) => initBoard(doc, data, SERVER_ORIGIN)),
      );
    },
  }),
  operation({
    method: 'POST',
    path: '/api/boards/example',
    id: 'createExampleBoard',
    tag: 'Boards',
    summary: 'Makes a worked example, with the history of the meeting that made it: its replay shows how an analysis grows.',
    quota: 'creations',
    answers: { 201: created },
    async handle({ req, res, context }) {
      const { update, changes } = exampleWithHistory(Date.now(), SERVER_ORIGIN);
      await createBoard(req, res, context, update, undefined, changes);
    },
  }),
  operation({
    method: 'POST',
    path: '/api/boards/import',
    id: 'importBoard',
    tag: 'Boards',
    summary: 'Makes a board from a board file (the `board.json` export), with new links.',
    description:
      'A file of at most `importBodyBytes` (8 MiB by default). A malformed or hostile one (wrong types, unknown fields or ' +
      'version, texts past their limits, a parent not listed before its child, duplicate ids) is a 400 naming the ' +
      'problem, and nothing is made.',
    upload: { type: 'application/json', description: 'A board file, as `GET /api/boards/{board}/export/board.json` gives.' },
    quota: 'imports',
    answers: { 201: created },
    errors: { 413: 'The file is larger than the server takes (8 MiB by default), or makes a board larger than a board may be.', ...BUSY },
    async handle({ req, res, context }) {
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
    },
  }),
  operation({
    method: 'GET',
    path: '/api/boards/{board}',
    id: 'getBoard',
    tag: 'Boards',
    summary: 'The board in brief: its title, the complaint, how many causes, its root causes, and what this token grants.',
    auth: 'board',
    params: { board: BoardIdParam },
    answers: { 200: { description: "The board's summary.", json: BoardSummarySchema } },
    errors: BUSY,
    async handle({ req, grant: { record, role }, context, json }) {
      json(200, await summarize(record, role, context, clientAddress(req)));
    },
  }),
  operation({
    method: 'GET',
    path: '/api/boards/{board}/links',
    id: 'getBoardLinks',
    tag: 'Boards',
    summary: 'The links this token may pass on: the facilitator all three, an editor the editor and viewer links, a viewer the viewer link.',
    description:
      "A team space's link passes on none of the board's own (`viaSpace`): whoever leaves the space must not keep the board. " +
      "The space's admin may still replace them (`rotateBoardLink`).",
    auth: 'board',
    params: { board: BoardIdParam },
    answers: { 200: { description: 'The links, and the space the board belongs to.', json: BoardLinksViewSchema } },
    async handle({ req, grant: { record, role, spaceRole }, context, json }) {
      const origin = context.publicOrigin(req);
      // A space's link passes on the space, not the board's own links: those would outlive the member's place in it.
      const shareable = spaceRole ? [] : SHAREABLE[role];
      const links = Object.fromEntries(shareable.map((shared) => [shared, boardLink(origin, record.id, record.tokens[shared])]));
      const space = record.spaceId === undefined ? undefined : await context.storage.getSpace(record.spaceId);
      json(200, { role, links, viaSpace: spaceRole !== undefined, ...(space ? { space: { id: space.id, name: space.name } } : {}) });
    },
  }),
  operation({
    method: 'POST',
    path: '/api/boards/{board}/links/{role}/rotate',
    id: 'rotateBoardLink',
    tag: 'Boards',
    summary: "Replaces a role's link: whoever joined with the old one is let go, and it opens nothing from then on.",
    description: "The facilitator's, or the admin's of the board's space. Sockets opened with the old link are closed with 4401.",
    auth: 'board',
    params: { board: BoardIdParam, role: z.enum(ROLES, { error: `There is no such link: a board's links are ${ROLES.join(', ')}.` }) },
    answers: { 200: { description: 'The new link.', json: RotatedLinkSchema } },
    errors: { 403: "The token is neither the facilitator's nor the admin's of the board's space." },
    async handle({ req, params, grant: { record, role, spaceRole }, context, json }) {
      // The space's admin may too: a member who started a board holds its facilitator link, and may leave the team.
      if (role !== 'facilitator' && spaceRole !== 'admin') {
        throw new HttpError(403, ApiErrorCode.forbidden, "Only the facilitator (or the admin of the board's space) can replace a link.");
      }
      const rotated = ROLES.find((known) => known === params.role)!;
      const token = newToken();
      await context.storage.updateTokens(record.id, { ...record.tokens, [rotated]: token });
      // Whoever joined with the old link is let go now; the old link opens nothing from here on.
      const closed = context.rooms.revoke(record.id, { links: 'board', role: rotated, reason: 'This link was replaced. Ask the facilitator for the new one.' });
      context.logger.info('link.rotated', { board: record.id, role: rotated, closed });
      json(200, { role: rotated, link: boardLink(context.publicOrigin(req), record.id, token), token });
    },
  }),
];

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
