import type { IncomingMessage, ServerResponse } from 'node:http';
import { participantNames } from '../shared/meeting';
import { ApiErrorCode } from '../shared/protocol';
import { contentDisposition, fileStem } from '../shared/fileName';
import { PAPER_SIZES } from '../shared/report';
import type { Moment } from '../shared/history/changes';
import type { ApiContext } from './api';
import { momentOf } from './historyApi';
import { HttpError, clientAddress, whileConnected } from './http';

export const EXPORTS = ['report.md', 'report.html', 'report.pdf', 'letter.md', 'letter.html', 'letter.pdf', 'board.json'] as const;
export type ExportName = (typeof EXPORTS)[number];

const TYPES = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
} as const;

/** A file name made of the board's title, safe in a Content-Disposition header on every system. */

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
