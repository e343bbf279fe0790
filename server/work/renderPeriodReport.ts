import type { SpaceAction, SpaceBoard, SpaceRecurring } from '../../shared/protocol';
import { buildReport, longDate, reportBlocks, type Paper } from '../../shared/report';
import { periodReportBlocks } from '../../shared/space/periodReport';
import type { SpaceContentJob } from './readSpaceContents';
import { readStored } from './readStored';
import { reader, renderParts } from './renderExport';

/** A period report to make: the space's views of the period (made on the main thread), and each board to read. */
export interface PeriodReportJob {
  spaceName: string;
  from: string;
  to: string;
  format: 'md' | 'html' | 'pdf';
  paper: Paper;
  /** Milliseconds since the epoch: the report's date. */
  now: number;
  boards: Array<SpaceContentJob & { summary: SpaceBoard }>;
  actions: SpaceAction[];
  recurring: SpaceRecurring;
}

/** The period report (shared/space/periodReport.ts), with each board's own report read from its updates. */
export async function renderPeriodReport({ spaceName, from, to, format, paper, now, boards, actions, recurring }: PeriodReportJob): Promise<Uint8Array> {
  let dateStyle: 'dmy' | 'mdy' = 'dmy';
  const sections = boards.map(({ updates, letter, summary }) => {
    const board = readStored({ updates });
    dateStyle = board.dateStyle;
    const report = reportBlocks(buildReport(board, { participants: letter.participants, signOff: null, now, reader }));
    return { board: summary, report };
  });
  const generatedOn = new Date(now).toISOString().slice(0, 10);
  const parts = periodReportBlocks({ spaceName, from, to, boards: sections, actions, recurring, generatedOn, dateStyle });
  const body = await renderParts(parts, format, paper, longDate(generatedOn, dateStyle));
  return typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
}
