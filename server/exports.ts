import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderToBuffer } from '@react-pdf/renderer';
import { createElement } from 'react';
import { exportBoardFile } from '../shared/boardFile';
import { participantNames } from '../shared/meeting';
import { ApiErrorCode } from '../shared/protocol';
import {
  PAPER_SIZES,
  buildReport,
  isoDay,
  letterBlocks,
  longDate,
  renderHtml,
  renderMarkdown,
  reportBlocks,
  type DocumentParts,
  type Paper,
  type Picture,
} from '../shared/report';
import { PdfDocument } from './reportPdf';
import { HttpError } from './http';
import type { RoomManager } from './RoomManager';

export const EXPORTS = ['report.md', 'report.html', 'report.pdf', 'letter.md', 'letter.html', 'letter.pdf', 'board.json'] as const;
export type ExportName = (typeof EXPORTS)[number];

const TYPES = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', pdf: 'application/pdf', json: 'application/json; charset=utf-8' } as const;

/** A file name made of the board's title, safe in a Content-Disposition header on every system. */
const fileName = (title: string, name: string) => {
  const base = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'board';
  return `${base}-${name}`;
};

/**
 * Sends one export of a board: the internal report or the customer letter as Markdown, HTML or PDF (A4, or Letter
 * with `?paper=Letter`), or the whole board as JSON. Built from one report model, so every format says the same.
 */
export async function sendExport(
  res: ServerResponse,
  req: IncomingMessage,
  url: URL,
  boardId: string,
  name: ExportName,
  rooms: RoomManager,
  picture?: Picture,
): Promise<void> {
  const [board, meeting] = await Promise.all([rooms.snapshot(boardId), rooms.meeting(boardId)]);
  const now = Date.now();
  const [document, format] = name.split('.') as ['report' | 'letter' | 'board', keyof typeof TYPES];
  let body: string | Buffer;
  if (document === 'board') {
    body = `${JSON.stringify(exportBoardFile(board, now), null, 2)}\n`;
  } else {
    const paperParam = url.searchParams.get('paper') ?? 'A4';
    const paper = PAPER_SIZES.find((size) => size.toLowerCase() === paperParam.toLowerCase());
    if (!paper) throw new HttpError(400, ApiErrorCode.invalidBody, `Paper is one of ${PAPER_SIZES.join(', ')}.`, 'paper');
    const model = buildReport(board, { participants: participantNames(meeting), signOff: meeting.signOff, now });
    const parts = document === 'report' ? reportBlocks(model, picture) : letterBlocks(model);
    body = format === 'md' ? renderMarkdown(parts) : format === 'html' ? renderHtml(parts, paper) : await renderPdf(parts, paper, longDate(isoDay(now)));
  }
  res.writeHead(200, {
    'Content-Type': TYPES[format],
    'Content-Disposition': `${format === 'html' && req.headers.accept?.includes('text/html') ? 'inline' : 'attachment'}; filename="${fileName(board.title, name)}"`,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function renderPdf(parts: DocumentParts, paper: Paper, date: string): Promise<Buffer> {
  return renderToBuffer(createElement(PdfDocument, { parts, paper, date }) as Parameters<typeof renderToBuffer>[0]);
}
