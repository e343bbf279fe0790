import { renderToBuffer } from '@react-pdf/renderer';
import { createElement } from 'react';
import type { BoardSnapshot } from '../../shared/board';
import { exportBoardFile } from '../../shared/boardFile';
import { buildReport, isoDay, letterBlocks, longDate, renderHtml, renderMarkdown, reportBlocks, type DocumentParts, type Paper, type Picture, type SignOff } from '../../shared/report';
import type { ExportName } from '../exports';
import { PdfDocument } from '../reportPdf';


/** Everything an export is made of: plain data, so it crosses to a worker thread as it is. */
export interface ExportJob {
  name: ExportName;
  board: BoardSnapshot;
  participants: string[];
  signOff: SignOff | null;
  /** Milliseconds since the epoch: the documents' date. */
  now: number;
  paper: Paper;
  picture?: Picture;
}

/**
 * One export of a board: the internal report or the customer letter as Markdown, HTML or PDF, or the whole board as
 * JSON. Built from one report model, so every format says the same. Runs in a worker thread (server/work/worker.ts).
 */
export async function renderExport({ name, board, participants, signOff, now, paper, picture }: ExportJob): Promise<string | Uint8Array> {
  const [document, format] = name.split('.') as ['report' | 'letter' | 'board', 'md' | 'html' | 'pdf' | 'json'];
  if (document === 'board') return `${JSON.stringify(exportBoardFile(board, now), null, 2)}\n`;
  const model = buildReport(board, { participants, signOff, now });
  const parts = document === 'report' ? reportBlocks(model, picture) : letterBlocks(model);
  if (format === 'md') return renderMarkdown(parts);
  if (format === 'html') return renderHtml(parts, paper);
  return renderPdf(parts, paper, longDate(isoDay(now)));
}

function renderPdf(parts: DocumentParts, paper: Paper, date: string): Promise<Buffer> {
  return renderToBuffer(createElement(PdfDocument, { parts, paper, date }) as Parameters<typeof renderToBuffer>[0]);
}
