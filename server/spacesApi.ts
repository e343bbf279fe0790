/**
 * `/api/spaces`: team spaces, the boards a team starts from one (or adds to it) seen together. The same capability
 * model as boards: a space's links are bearer tokens, the admin's and the members' (see `SpaceRole`); a member starts
 * boards in the space and opens each of them as an editor (`boardAccess` in tokens.ts); a board's own links keep working.
 * The admin alone renames the space, replaces its links and takes boards out. Every link of the space reads its views
 * (each board's state, every action, what recurs) and its exports (the actions as CSV, the period report), made from
 * what the space shows of each board (server/spaceContents.ts, shared/space/).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  BoardAddedSchema,
  CreateBoardResponseSchema,
  CreateSpaceResponseSchema,
  RotatedSpaceLinkSchema,
  SpaceActionsSchema,
  SpaceLinksViewSchema,
  SpaceNameSchema,
  SpaceRecurringSchema,
  SpaceViewSchema,
} from '../shared/apiSchemas';
import { DATE_PATTERN, initBoard, isCalendarDay } from '../shared/board';
import { contentDisposition, fileStem } from '../shared/fileName';
import { ApiErrorCode, SPACE_ROLES, spaceLink, type SpaceAction, type SpaceRole } from '../shared/protocol';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS, CHECK_RESULT_LABELS, PAPER_SIZES, isoDay } from '../shared/report';
import { AdoptBoardBody, CreateBoardBody, CreateSpaceBody } from '../shared/schemas';
import { PERIOD_LIMITS } from '../shared/space/periodReport';
import { spaceActions, spaceBoard, spaceRecurring, type SpaceEntry } from '../shared/space/views';
import { adminOnly, type SpaceGrant } from './access';
import { BUSY, BoardIdParam, SERVER_ORIGIN, createBoard, newDocument, type ApiContext } from './api';
import { EXPORT_QUERY } from './exports';
import { HttpError, clientAddress, whileConnected } from './http';
import { operation } from './router';
import type { SpaceRecord } from './storage/Storage';
import { newBoardId, newToken, roleForToken } from './tokens';

const REPORT_TYPES = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;

const SpaceIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'There is no such space.' });
const SPACE_EXPORTS = ['actions.csv', 'report.md', 'report.html', 'report.pdf'] as const;
const dayQuery = (description: string) => ({ schema: z.string().regex(DATE_PATTERN), description });

/** `/api/spaces` and below. */
export const spaceOperations = [
  operation({
    method: 'POST',
    path: '/api/spaces',
    id: 'createSpace',
    tag: 'Spaces',
    summary: "Makes a team space, by its name; its admin's and members' links are shown this once.",
    body: CreateSpaceBody,
    quota: 'creations',
    answers: { 201: { description: 'The new space and its links.', json: CreateSpaceResponseSchema } },
    async handle({ req, context, body, json }) {
      const { name } = await body();
      const tokens = Object.fromEntries(SPACE_ROLES.map((role) => [role, newToken()])) as Record<SpaceRole, string>;
      const space: SpaceRecord = { id: newBoardId(), name, createdAt: Date.now(), tokens };
      await context.storage.createSpace(space);
      const origin = context.publicOrigin(req);
      const links = Object.fromEntries(SPACE_ROLES.map((role) => [role, spaceLink(origin, space.id, tokens[role])])) as Record<SpaceRole, string>;
      json(201, { id: space.id, name: space.name, tokens, links });
    },
  }),
  operation({
    method: 'GET',
    path: '/api/spaces/{space}',
    id: 'getSpace',
    tag: 'Spaces',
    summary: 'The space and its boards, oldest first, each with where it stands.',
    auth: 'space',
    params: { space: SpaceIdParam },
    answers: { 200: { description: 'The space.', json: SpaceViewSchema } },
    errors: BUSY,
    async handle({ req, grant, context, json }) {
      const { space, role } = grant;
      const { entries, today } = await readSpace(req, grant, context);
      json(200, { id: space.id, name: space.name, role, boards: entries.map((entry) => spaceBoard(entry, today)) });
    },
  }),
  operation({
    method: 'PATCH',
    path: '/api/spaces/{space}',
    id: 'renameSpace',
    tag: 'Spaces',
    summary: 'Renames the space (the admin).',
    auth: 'space',
    params: { space: SpaceIdParam },
    body: CreateSpaceBody,
    answers: { 200: { description: 'The new name.', json: SpaceNameSchema } },
    errors: { 403: "Only the space's admin may." },
    async handle({ grant, context, body, json }) {
      const space = adminOnly(grant);
      const { name } = await body();
      await context.storage.updateSpace(space.id, { name });
      context.logger.info('space.renamed', { space: space.id });
      json(200, { id: space.id, name });
    },
  }),
  operation({
    method: 'POST',
    path: '/api/spaces/{space}/boards',
    id: 'createSpaceBoard',
    tag: 'Spaces',
    summary: 'Starts an analysis in the space (a member or the admin): every link of the space opens it as an editor.',
    auth: 'space',
    params: { space: SpaceIdParam },
    body: CreateBoardBody,
    quota: 'creations',
    answers: { 201: { description: "The new board's id and links, shown this once.", json: CreateBoardResponseSchema } },
    async handle({ req, res, grant, context, body }) {
      const { space } = grant;
      const data = await body();
      await createBoard(
        req,
        res,
        context,
        newDocument((doc) => initBoard(doc, data, SERVER_ORIGIN)),
        space.id,
      );
    },
  }),
  operation({
    method: 'POST',
    path: '/api/spaces/{space}/boards/adopt',
    id: 'adoptBoard',
    tag: 'Spaces',
    summary: "Adds an existing board to the space (a member or the admin), with the board's facilitator token.",
    auth: 'space',
    params: { space: SpaceIdParam },
    body: AdoptBoardBody,
    answers: { 200: { description: 'The board is in the space.', json: BoardAddedSchema } },
    errors: {
      403: "The board's token is not its facilitator's (`field`: `token`): only whoever runs a board may add it to a space.",
      404: 'There is no such space, or no such board (`field`: `boardId`).',
      409: 'The board belongs to another space.',
    },
    async handle({ grant, context, body, json }) {
      const { space } = grant;
      const { boardId, token } = await body();
      const board = await context.storage.getBoard(boardId);
      if (!board) throw new HttpError(404, ApiErrorCode.notFound, 'There is no such board.', 'boardId');
      // Only whoever runs a board may put it in a space: the space's members will all open it as editors.
      if (roleForToken(board, token) !== 'facilitator') {
        throw new HttpError(403, ApiErrorCode.forbidden, "A board is added to a space with its facilitator's link.", 'token');
      }
      if (board.spaceId !== undefined && board.spaceId !== space.id) {
        throw new HttpError(409, ApiErrorCode.conflict, 'This board belongs to another space.', 'boardId');
      }
      await context.storage.addToSpace(board.id, space.id);
      context.logger.info('space.board_added', { space: space.id, board: board.id });
      json(200, { id: board.id, spaceId: space.id });
    },
  }),
  operation({
    method: 'DELETE',
    path: '/api/spaces/{space}/boards/{board}',
    id: 'removeSpaceBoard',
    tag: 'Spaces',
    summary: "Takes a board out of the space (the admin): it keeps its own links; the space's no longer open it.",
    auth: 'space',
    params: { space: SpaceIdParam, board: BoardIdParam },
    answers: { 204: { description: 'Taken out.' } },
    errors: { 403: "Only the space's admin may.", 404: 'There is no such space, or it has no such board.' },
    async handle({ res, params, grant, context }) {
      const space = adminOnly(grant);
      const board = await context.storage.getBoard(params.board);
      if (board?.spaceId !== space.id) throw new HttpError(404, ApiErrorCode.notFound, 'This space has no such board.');
      await context.storage.removeFromSpace(board.id, space.id);
      const closed = context.rooms.revoke(board.id, { links: 'space', reason: 'This board was taken out of the space.' });
      context.logger.info('space.board_removed', { space: space.id, board: board.id, closed });
      res.writeHead(204).end();
    },
  }),
  operation({
    method: 'GET',
    path: '/api/spaces/{space}/links',
    id: 'getSpaceLinks',
    tag: 'Spaces',
    summary: 'The links this token may pass on: the admin both, a member the member link.',
    auth: 'space',
    params: { space: SpaceIdParam },
    answers: { 200: { description: 'The links.', json: SpaceLinksViewSchema } },
    async handle({ req, grant, context, json }) {
      const { space, role } = grant;
      const shared = role === 'admin' ? SPACE_ROLES : (['member'] as const);
      const origin = context.publicOrigin(req);
      json(200, { role, links: Object.fromEntries(shared.map((each) => [each, spaceLink(origin, space.id, space.tokens[each])])) });
    },
  }),
  operation({
    method: 'POST',
    path: '/api/spaces/{space}/links/{role}/rotate',
    id: 'rotateSpaceLink',
    tag: 'Spaces',
    summary: "Replaces one of the space's links (the admin): whoever opened its boards with the old one is let go.",
    auth: 'space',
    params: { space: SpaceIdParam, role: z.enum(SPACE_ROLES, { error: `There is no such link: a space's links are ${SPACE_ROLES.join(', ')}.` }) },
    answers: { 200: { description: 'The new link.', json: RotatedSpaceLinkSchema } },
    errors: { 403: "Only the space's admin may." },
    async handle({ req, params, grant, context, json }) {
      const space = adminOnly(grant);
      const role = SPACE_ROLES.find((known) => known === params.role)!;
      const token = newToken();
      await context.storage.updateSpace(space.id, { tokens: { ...space.tokens, [role]: token } });
      // Whoever opened one of the space's boards with the old link is let go now.
      let closed = 0;
      for (const board of await context.storage.spaceBoards(space.id)) {
        closed += context.rooms.revoke(board.id, { links: 'space', spaceRole: role, reason: "This space's link was replaced. Ask its admin for the new one." });
      }
      context.logger.info('space.link_rotated', { space: space.id, role, closed });
      json(200, { role, link: spaceLink(context.publicOrigin(req), space.id, token), token });
    },
  }),
  operation({
    method: 'GET',
    path: '/api/spaces/{space}/actions',
    id: 'getSpaceActions',
    tag: 'Spaces',
    summary: 'Every live action of every board of the space, overdue first.',
    auth: 'space',
    params: { space: SpaceIdParam },
    answers: { 200: { description: 'The actions.', json: SpaceActionsSchema } },
    errors: BUSY,
    async handle({ req, grant, context, json }) {
      const { entries, today } = await readSpace(req, grant, context);
      json(200, spaceActions(entries, today));
    },
  }),
  operation({
    method: 'GET',
    path: '/api/spaces/{space}/recurring',
    id: 'getSpaceRecurring',
    tag: 'Spaces',
    summary: 'Root causes that come back across boards (themed, or worded alike), and customers who came back.',
    auth: 'space',
    params: { space: SpaceIdParam },
    answers: { 200: { description: 'What recurs.', json: SpaceRecurringSchema } },
    errors: BUSY,
    async handle({ req, grant, context, json }) {
      const { entries } = await readSpace(req, grant, context);
      json(200, spaceRecurring(entries));
    },
  }),
  operation({
    method: 'GET',
    path: '/api/spaces/{space}/export/{name}',
    id: 'exportSpace',
    tag: 'Exports',
    summary: "The space's actions as CSV, or its report over a period (Markdown, HTML or PDF).",
    description:
      'The CSV is UTF-8 with a byte-order mark, every cell quoted, and no cell a spreadsheet would run as a formula. The ' +
      'report covers the complaints received in the period (at most 200: a 400 asks for a shorter one), the recurring ' +
      'causes and repeat customers, and every action.',
    auth: 'space',
    params: { space: SpaceIdParam, name: z.enum(SPACE_EXPORTS, { error: `No such export. There are: ${SPACE_EXPORTS.join(', ')}.` }) },
    query: {
      from: dayQuery('A report’s first day (`YYYY-MM-DD`): complaints received on it or later. The CSV has every action.'),
      to: dayQuery('A report’s last day (`YYYY-MM-DD`).'),
      paper: { ...EXPORT_QUERY.paper, description: 'The paper of a PDF report, and of an HTML one printed: A4 (the default) or Letter.' },
    },
    answers: { 200: { description: 'The file, as an attachment.', file: ['text/csv; charset=utf-8', ...Object.values(REPORT_TYPES)], attachment: true } },
    errors: BUSY,
    async handle({ req, res, url, params, grant, context }) {
      const { space } = grant;
      const { entries, today } = await readSpace(req, grant, context);
      if (params.name === 'actions.csv') {
        return sendFile(res, req, 'text/csv; charset=utf-8', `${fileStem(space.name)}-actions.csv`, actionsCsv(spaceActions(entries, today)));
      }
      const format = params.name.split('.')[1] as keyof typeof REPORT_TYPES;
      const { from, to } = period(url);
      const paperParam = url.searchParams.get('paper') ?? 'A4';
      const paper = PAPER_SIZES.find((size) => size.toLowerCase() === paperParam.toLowerCase());
      if (!paper) throw new HttpError(400, ApiErrorCode.invalidBody, `Paper is one of ${PAPER_SIZES.join(', ')}.`, 'paper');
      const inPeriod = entries.filter((entry) => {
        const day = dayOf(entry);
        return (!from || day >= from) && (!to || day <= to);
      });
      if (inPeriod.length > PERIOD_LIMITS.boards) {
        throw new HttpError(
          400,
          ApiErrorCode.invalidBody,
          `This period holds ${inPeriod.length} complaints; a report covers at most ${PERIOD_LIMITS.boards}. Choose a shorter period.`,
          'from',
        );
      }
      inPeriod.sort((a, b) => dayOf(a).localeCompare(dayOf(b)));
      const actions = spaceActions(inPeriod, today);
      const boards = inPeriod.map((entry) => ({
        board: spaceBoard(entry, today),
        complaint: entry.content.complaint,
        rootCauses: entry.content.rootCauses,
        actions: actions.filter((action) => action.boardId === entry.id),
      }));
      // The boards' date style, when they agree (a space's teams usually share one); else day first.
      const styles = new Set(inPeriod.map((entry) => entry.content.dateStyle));
      const dateStyle = styles.size === 1 ? [...styles][0]! : 'dmy';
      const job = { spaceName: space.name, from, to, format, paper, now: Date.now(), boards, actions, recurring: spaceRecurring(inPeriod), dateStyle };
      const body = await context.work.run('periodReport', job, { owner: clientAddress(req), signal: whileConnected(res) });
      const stem = `${fileStem(space.name)}-report${from ? `-${from}` : ''}${to ? `-to-${to}` : ''}`;
      sendFile(res, req, REPORT_TYPES[format], `${stem}.${format}`, body);
    },
  }),
];

/** What each board of the space shows, and today. */
async function readSpace(req: IncomingMessage, { space }: SpaceGrant, context: ApiContext) {
  const entries = await context.spaces.entries(await context.storage.spaceBoards(space.id), clientAddress(req));
  return { entries, today: isoDay(Date.now()) };
}

/** The day a complaint belongs to: the day it was received, else the day its board was started. */
const dayOf = (entry: SpaceEntry) => entry.content.receivedAt || isoDay(entry.createdAt);

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD`, each optional; a malformed or reversed period is a 400 naming it. */
function period(url: URL): { from: string; to: string } {
  const [from, to] = (['from', 'to'] as const).map((name) => {
    const value = url.searchParams.get(name) ?? '';
    if (value && !isCalendarDay(value)) throw new HttpError(400, ApiErrorCode.invalidBody, `"${name}" is a date like 2026-11-23.`, name);
    return value;
  }) as [string, string];
  if (from && to && from > to) throw new HttpError(400, ApiErrorCode.invalidBody, 'The period ends before it starts.', 'to');
  return { from, to };
}

/** What a spreadsheet may take for the start of a formula, after any blank or invisible characters it trims. */
const FORMULA_START = /^[\s\u00a0\u00ad\u180e\u200b-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]*[=+\-@]|^[\t\r]/u;

/**
 * People's text as a CSV cell: one that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return, after blanks) is prefixed with an apostrophe. People's texts are not code.
 */
const textCell = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/**
 * The space's actions as CSV, one row each, for a spreadsheet. Every cell is quoted, so a line break inside a text
 * stays inside its cell (RFC 4180) and can never start a row of its own.
 */
export function actionsCsv(actions: SpaceAction[]): string {
  const header = [
    'Complaint',
    'Customer',
    'Root cause',
    'Kind',
    'Action',
    'Owner',
    'Due',
    'Status',
    'Overdue',
    'Check by',
    'Check result',
    'How it was checked',
    'Board',
  ];
  const rows = actions.map((action) => [
    ...[action.boardTitle, action.customer, action.causeText].map(textCell),
    ACTION_KIND_LABELS[action.kind],
    ...[action.text, action.owner].map(textCell),
    action.due,
    ACTION_STATUS_LABELS[action.status],
    action.overdue ? 'yes' : 'no',
    action.checkBy,
    CHECK_RESULT_LABELS[action.checkResult],
    textCell(action.checkNote),
    action.boardId,
  ]);
  // A byte-order mark: spreadsheets read the file as UTF-8 ("Łukasz", not "Å\u0081ukasz").
  return `\ufeff${stringify([header, ...rows], { record_delimiter: 'windows', quoted: true })}`;
}

function sendFile(res: ServerResponse, req: IncomingMessage, type: string, name: string, body: string | Uint8Array): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Disposition': contentDisposition(name, type.startsWith('text/html') && Boolean(req.headers.accept?.includes('text/html'))),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
