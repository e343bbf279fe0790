/**
 * The worker threads' entry (bundled by workerScript.ts, run by WorkPool.ts's Piscina pool): one job at a time, answered
 * with its result, or with the HTTP error the request should get.
 */
import { HttpError } from '../http';
import { importBoard, type ImportJob } from './importBoard';
import { summarizeStored, type BoardContent, type ReadJob } from './readStored';
import { readSpaceContents, type SpaceContentJob } from './readSpaceContents';
import { renderPeriodReport, type PeriodReportJob } from './renderPeriodReport';
import type { SpaceContent } from '../../shared/space/content';
import { historySteps, type HistoryStep } from '../../shared/history/steps';
import type { Change } from '../../shared/history/changes';
import { renderExport, type ExportJob, type ExportResult } from './renderExport';

/** Each kind of job: what it is given and what it answers. */
export interface Jobs {
  export: { job: ExportJob; result: ExportResult };
  import: { job: ImportJob; result: Uint8Array };
  summary: { job: ReadJob; result: BoardContent };
  /** What a space shows of each of many boards (its list, actions, recurring causes): one slot of the pool, however many boards. */
  spaceContents: { job: { boards: SpaceContentJob[] }; result: SpaceContent[] };
  /** A space's report of a period, in one format. */
  periodReport: { job: PeriodReportJob; result: Uint8Array };
  /** A board's history as the steps a person reads (shared/history/steps.ts). */
  history: { job: { changes: Change[] }; result: HistoryStep[] };
}
export type JobKind = keyof Jobs;
export type JobMessage = { [K in JobKind]: { kind: K; job: Jobs[K]['job'] } }[JobKind];
export type JobReply =
  | { result: Jobs[JobKind]['result'] }
  /** A refusal the request answers with (a 400 naming the problem). */
  | { refused: { status: number; code: HttpError['code']; message: string; field?: string } }
  /** A bug: the request gets a 500, the log gets this. */
  | { failed: string };

/** Runs one job (Piscina calls this in the worker thread) and answers with its result or its refusal. */
export default async function runJob(message: JobMessage): Promise<JobReply> {
  try {
    switch (message.kind) {
      case 'summary':
        return { result: summarizeStored(message.job) };
      case 'spaceContents':
        return { result: readSpaceContents(message.job.boards) };
      case 'periodReport':
        return { result: await renderPeriodReport(message.job) };
      case 'export':
        return { result: await renderExport(message.job) };
      case 'import':
        return { result: importBoard(message.job) };
      case 'history':
        return { result: historySteps(message.job.changes) };
    }
  } catch (error) {
    if (error instanceof HttpError) {
      const { status, code, message: text, field } = error;
      return { refused: { status, code, message: text, field } };
    }
    return { failed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
