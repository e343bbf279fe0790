import { renderToBuffer } from '@react-pdf/renderer';
import { createElement } from 'react';
import type { BoardSnapshot } from '../../shared/board';
import { exportBoardFile } from '../../shared/boardFile';
import { causeReader } from '../../shared/coach';
import * as language from '../../shared/language';
import {
  buildReport,
  isoDay,
  letterBlocks,
  longDate,
  renderHtml,
  renderMarkdown,
  reportBlocks,
  type DocumentParts,
  type Paper,
  type SignOff,
} from '../../shared/report';
import type { ExportName } from '../exports';
import { PdfDocument } from '../reportPdf';
import { readStored, type ReadJob } from './readStored';

/** Everything an export is made of: plain data, so it crosses to a worker thread as it is. */
export interface ExportJob extends ReadJob {
  name: ExportName;
  participants: string[];
  signOff: SignOff | null;
  /** When the letter went out (the report's timeline). */
  sentLetters?: Array<{ at: number; to: string }>;
  /** `now` is a past moment the board is exported as it was (`?at=`). */
  pastMoment?: boolean;
  /** Milliseconds since the epoch: the documents' date. */
  now: number;
  paper: Paper;
}

/** The document's bytes, and the board's title (for the file's name). */
export interface ExportResult {
  body: Uint8Array;
  title: string;
}

/**
 * One export of a board, read from its updates: the internal report or the customer letter as Markdown, HTML or PDF,
 * or the whole board as JSON. Built from one report model, so every format says the same. Runs in a worker thread
 * (server/work/worker.ts): reading and rendering a big board costs its own request time, never the other boards'.
 */
/** The coach's reading of answers, for the report's open questions. */
export const reader = causeReader(language);

export async function renderExport(job: ExportJob): Promise<ExportResult> {
  const board = readStored(job);
  const body = await render(board, job);
  return { body: typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body), title: board.title };
}

async function render(board: BoardSnapshot, { name, participants, signOff, sentLetters, now, paper, pastMoment }: ExportJob): Promise<string | Uint8Array> {
  const [document, format] = name.split('.') as ['report' | 'letter' | 'board', 'md' | 'html' | 'pdf'];
  if (document === 'board') return `${JSON.stringify(exportBoardFile(board, now), null, 2)}\n`;
  const model = buildReport(board, { participants, signOff, now, reader, ...(sentLetters ? { sentLetters } : {}), pastMoment: pastMoment === true });
  const parts = document === 'report' ? reportBlocks(model) : letterBlocks(model);
  return renderParts(parts, format, paper, longDate(isoDay(now), board.dateStyle));
}

/** A document in one of the formats every document has; `date` heads the PDF's pages. */
export function renderParts(parts: DocumentParts, format: 'md' | 'html' | 'pdf', paper: Paper, date: string): string | Promise<Uint8Array> {
  if (format === 'md') return renderMarkdown(parts);
  if (format === 'html') return renderHtml(parts, paper);
  return renderPdf(parts, paper, date);
}

function renderPdf(parts: DocumentParts, paper: Paper, date: string): Promise<Buffer> {
  return renderToBuffer(createElement(PdfDocument, { parts, paper, date }) as Parameters<typeof renderToBuffer>[0]);
}
