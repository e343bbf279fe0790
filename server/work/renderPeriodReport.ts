import { longDate, type Paper } from '../../shared/report';
import { periodReportBlocks, type PeriodReportInput } from '../../shared/space/periodReport';
import { renderParts } from './renderExport';

/** A period report to make (shared/space/periodReport.ts), in one format. */
export interface PeriodReportJob extends Omit<PeriodReportInput, 'generatedOn'> {
  format: 'md' | 'html' | 'pdf';
  paper: Paper;
  /** Milliseconds since the epoch: the report's date. */
  now: number;
}

/** Renders a period report: in a worker thread, since a PDF of two hundred complaints takes its time. */
export async function renderPeriodReport({ format, paper, now, ...input }: PeriodReportJob): Promise<Uint8Array> {
  const generatedOn = new Date(now).toISOString().slice(0, 10);
  const body = await renderParts(periodReportBlocks({ ...input, generatedOn }), format, paper, longDate(generatedOn, input.dateStyle));
  return typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
}
