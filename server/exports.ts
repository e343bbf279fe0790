import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { participantNames } from '../shared/meeting';
import { ApiErrorCode } from '../shared/protocol';
import { contentDisposition, fileStem } from '../shared/fileName';
import { PAPER_SIZES } from '../shared/report';
import { momentAt, type Moment } from '../shared/history/changes';
import { BUSY, BoardIdParam, type ApiContext } from './api';
import { operation } from './router';
import { HttpError, clientAddress, whileConnected } from './http';

export const EXPORTS = ['report.md', 'report.html', 'report.pdf', 'letter.md', 'letter.html', 'letter.pdf', 'board.json'] as const;
export type ExportName = (typeof EXPORTS)[number];

const TYPES = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
} as const;
export const EXPORT_TYPES = Object.values(TYPES);

/** The query an export takes (`sendExport` reads it). */
const At = z.iso.datetime({ offset: true, error: 'A moment is an ISO time, such as 2026-12-05T14:30:00Z.' });

export const EXPORT_QUERY = {
  paper: { schema: z.enum(PAPER_SIZES), description: 'The paper of the PDF, and of the HTML printed: A4 (the default) or Letter.' },
  at: { schema: At, description: 'A moment (an ISO time): the board as it was then, from its history. A moment still to come is now.' },
} as const;

export const exportOperations = [
  operation({
    method: 'GET',
    path: '/api/boards/{board}/export/{name}',
    id: 'exportBoard',
    tag: 'Exports',
    summary: 'The internal report, the customer letter (Markdown, HTML or PDF), or the whole board as a file.',
    description:
      'Drawn from the board alone: as it is now, or as it was at `at` (from its history), dated then. The letter is ' +
      'marked Draft until the facilitator signs it off. `board.json` is `{"format": "whyboard.board", "version", ' +
      '"exportedAt", "board"}`, which `POST /api/boards/import` takes back.',
    auth: 'board',
    params: { board: BoardIdParam, name: z.enum(EXPORTS, { error: `No such export. There are: ${EXPORTS.join(', ')}.` }) },
    query: EXPORT_QUERY,
    answers: { 200: { description: 'The file, as an attachment.', file: EXPORT_TYPES, attachment: true } },
    errors: BUSY,
    async handle({ req, res, url, params, grant: { record }, context }) {
      await sendExport(res, req, url, record.id, params.name as ExportName, context);
    },
  }),
];

/**
 * Sends one export of a board: the internal report or the customer letter as Markdown, HTML or PDF (A4, or Letter
 * with `?paper=Letter`), or the whole board as JSON; as it is now, or as it was at `?at=` (an ISO time, from its
 * history: the document, who had worked on it and the letter's sign-off then, dated that day). The board is read and
 * the document made in a worker thread (server/work/renderExport.ts), so a big one costs its own request time, never
 * the other boards' meetings.
 */
export async function sendExport(
  res: ServerResponse,
  req: IncomingMessage,
  url: URL,
  boardId: string,
  name: ExportName,
  { rooms, work, storage }: Pick<ApiContext, 'rooms' | 'work' | 'storage'>,
): Promise<void> {
  const paperParam = url.searchParams.get('paper') ?? 'A4';
  const paper = PAPER_SIZES.find((size) => size.toLowerCase() === paperParam.toLowerCase());
  if (!paper && name !== 'board.json') throw new HttpError(400, ApiErrorCode.invalidBody, `Paper is one of ${PAPER_SIZES.join(', ')}.`, 'paper');
  const moment = await momentOf(url, boardId, { storage });
  const { updates, participants, signOff, sentLetters, at } = moment ?? (await now(boardId, rooms));
  const job = { name, updates, participants, signOff, sentLetters, now: at, paper: paper ?? 'A4', pastMoment: moment !== undefined };
  const { body, title } = await work.run('export', job, { owner: clientAddress(req), signal: whileConnected(res) });
  const format = name.split('.')[1] as keyof typeof TYPES;
  res.writeHead(200, {
    'Content-Type': TYPES[format],
    // A past moment's file says which moment it is, so it is never taken for the board as it is.
    'Content-Disposition': contentDisposition(
      `${fileStem(title)}-${moment ? `as-of-${new Date(at).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}-` : ''}${name}`,
      format === 'html' && req.headers.accept?.includes('text/html'),
    ),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** The board as it is now: from its room when open, otherwise from storage. */
async function now(boardId: string, rooms: ApiContext['rooms']): Promise<Moment> {
  const [updates, meeting] = await Promise.all([rooms.updates(boardId), rooms.meeting(boardId)]);
  const sentLetters = meeting.sentLetters.map(({ at, to }) => ({ at, to }));
  return { at: Date.now(), updates, participants: participantNames(meeting), signOff: meeting.signOff, sentLetters };
}

/**
 * The board as it was at the export's `?at=` (an ISO time), from its history; undefined without one. A moment before the
 * history begins is a 400 saying when it does.
 */
async function momentOf(url: URL, boardId: string, context: Pick<ApiContext, 'storage'>): Promise<Moment | undefined> {
  const param = url.searchParams.get('at');
  if (param === null) return undefined;
  const parsed = At.safeParse(param);
  if (!parsed.success) throw new HttpError(400, ApiErrorCode.invalidBody, parsed.error.issues[0]!.message, 'at');
  // A moment still to come is now: a document is never dated in the future.
  const at = Math.min(Date.parse(parsed.data), Date.now());
  const changes = await context.storage.history(boardId);
  const first = changes[0]?.at;
  if (first === undefined || at < first) {
    const since = first === undefined ? 'nothing is kept' : `it begins at ${new Date(first).toISOString()}`;
    throw new HttpError(400, ApiErrorCode.invalidBody, `The board’s history does not reach back to ${parsed.data}: ${since}.`, 'at');
  }
  return momentAt(changes, at);
}
