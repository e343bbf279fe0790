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
import { initBoard, isCalendarDay } from '../shared/board';
import { contentDisposition, fileStem } from '../shared/fileName';
import {
  ApiErrorCode,
  SPACE_ROLES,
  spaceLink,
  type CreateSpaceResponse,
  type RotatedSpaceLink,
  type SpaceAction,
  type SpaceRole,
  type SpaceView,
} from '../shared/protocol';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS, CHECK_RESULT_LABELS, PAPER_SIZES, isoDay } from '../shared/report';
import { AdoptBoardBody, CreateBoardBody, CreateSpaceBody } from '../shared/schemas';
import { PERIOD_LIMITS } from '../shared/space/periodReport';
import { spaceActions, spaceBoard, spaceRecurring, type SpaceEntry } from '../shared/space/views';
import { SERVER_ORIGIN, allow, createBoard, invalidBody, newDocument, type ApiContext } from './api';
import { HttpError, bearerToken, clientAddress, readJson, sendJson, whileConnected } from './http';
import type { SpaceContents } from './spaceContents';
import type { SpaceRecord } from './storage/Storage';
import { newBoardId, newToken, roleForToken, spaceRoleForToken } from './tokens';

const ID = '([A-Za-z0-9_-]{1,64})';
const REPORT_TYPES = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;

/** Handles `/api/spaces` and below. Returns false when no route matches the path. */
export async function handleSpaces(req: IncomingMessage, res: ServerResponse, url: URL, context: ApiContext, contents: SpaceContents): Promise<boolean> {
  const path = url.pathname;
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
    await createBoard(
      req,
      res,
      context,
      newDocument((doc) => initBoard(doc, parsed.data, SERVER_ORIGIN)),
      space.id,
    );
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
  const rotate = new RegExp(`^/api/spaces/${ID}/links/([a-z]+)/rotate$`).exec(path);
  if (rotate) {
    allow(req, 'POST');
    const space = await authorizeAdmin(req, rotate[1]!, context);
    const role = SPACE_ROLES.find((known) => known === rotate[2]);
    if (!role) throw new HttpError(404, ApiErrorCode.notFound, `There is no ${rotate[2]} link: a space's links are ${SPACE_ROLES.join(', ')}.`);
    const token = newToken();
    await context.storage.updateSpace(space.id, { tokens: { ...space.tokens, [role]: token } });
    // Whoever opened one of the space's boards with the old link is let go now.
    let closed = 0;
    for (const board of await context.storage.spaceBoards(space.id)) {
      closed += context.rooms.revoke(board.id, { links: 'space', spaceRole: role, reason: "This space's link was replaced. Ask its admin for the new one." });
    }
    context.logger.info('space.link_rotated', { space: space.id, role, closed });
    sendJson(res, 200, { role, link: spaceLink(context.publicOrigin(req), space.id, token), token } satisfies RotatedSpaceLink);
    return true;
  }
  const remove = new RegExp(`^/api/spaces/${ID}/boards/${ID}$`).exec(path);
  if (remove) {
    allow(req, 'DELETE');
    const space = await authorizeAdmin(req, remove[1]!, context);
    const board = await context.storage.getBoard(remove[2]!);
    if (board?.spaceId !== space.id) throw new HttpError(404, ApiErrorCode.notFound, 'This space has no such board.');
    await context.storage.removeFromSpace(board.id, space.id);
    // The board keeps its own links; the space's no longer open it.
    const closed = context.rooms.revoke(board.id, { links: 'space', reason: 'This board was taken out of the space.' });
    context.logger.info('space.board_removed', { space: space.id, board: board.id, closed });
    res.writeHead(204).end();
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
  const rename = new RegExp(`^/api/spaces/${ID}$`).exec(path);
  if (rename && req.method === 'PATCH') {
    const space = await authorizeAdmin(req, rename[1]!, context);
    const parsed = CreateSpaceBody.safeParse(await readJson(req, context.bodyLimit));
    if (!parsed.success) throw invalidBody(parsed.error.issues[0]!);
    await context.storage.updateSpace(space.id, { name: parsed.data.name });
    context.logger.info('space.renamed', { space: space.id });
    sendJson(res, 200, { id: space.id, name: parsed.data.name });
    return true;
  }
  const read = new RegExp(`^/api/spaces/${ID}(|/actions|/recurring|/export/actions\\.csv|/export/report\\.(md|html|pdf))$`).exec(path);
  if (!read) return false;
  if (read[2] === '' && req.method !== 'GET') {
    throw new HttpError(405, ApiErrorCode.methodNotAllowed, 'Use GET here, or PATCH to rename the space.', undefined, undefined, 'GET, PATCH');
  }
  allow(req, 'GET');
  const { space, role } = await authorizeSpace(req, read[1]!, context);
  const today = isoDay(Date.now());
  const entries = await contents.entries(await context.storage.spaceBoards(space.id), clientAddress(req));
  switch (read[2]) {
    case '':
      sendJson(res, 200, { id: space.id, name: space.name, role, boards: entries.map((entry) => spaceBoard(entry, today)) } satisfies SpaceView);
      return true;
    case '/actions':
      sendJson(res, 200, spaceActions(entries, today));
      return true;
    case '/recurring':
      sendJson(res, 200, spaceRecurring(entries));
      return true;
    case '/export/actions.csv':
      sendFile(res, req, 'text/csv; charset=utf-8', `${fileStem(space.name)}-actions.csv`, actionsCsv(spaceActions(entries, today)));
      return true;
    default: {
      const format = read[3] as keyof typeof REPORT_TYPES;
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
      return true;
    }
  }
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

/** The space, when its bearer token is the admin's; 404 / 401 / 403 otherwise. */
async function authorizeAdmin(req: IncomingMessage, spaceId: string, context: ApiContext): Promise<SpaceRecord> {
  const { space, role } = await authorizeSpace(req, spaceId, context);
  if (role !== 'admin') throw new HttpError(403, ApiErrorCode.forbidden, "Only the space's admin can do this.");
  return space;
}

/** The space and the role its bearer token grants, or 404 / 401. */
async function authorizeSpace(req: IncomingMessage, spaceId: string, { storage }: ApiContext): Promise<{ space: SpaceRecord; role: SpaceRole }> {
  const space = await storage.getSpace(spaceId);
  if (!space) throw new HttpError(404, ApiErrorCode.notFound, 'There is no such space.');
  const role = spaceRoleForToken(space, bearerToken(req));
  if (!role) throw new HttpError(401, ApiErrorCode.unauthorized, 'This space needs a valid token: Authorization: Bearer <token>.');
  return { space, role };
}
