import * as Y from 'yjs';
import { readBoard, type BoardSnapshot } from '../../shared/board';
import type { BoardSummary } from '../../shared/protocol';

/** A board's document as updates: what the store holds, or one update with an open board's whole state. */
export interface ReadJob {
  updates: Uint8Array[];
}

/**
 * A board read from its updates. Applying a few megabytes of updates takes the better part of a second: the server
 * does it in a worker thread (server/work/worker.ts), so reading one board never stalls the others.
 */
export function readStored({ updates }: ReadJob): BoardSnapshot {
  const doc = new Y.Doc();
  try {
    doc.transact(() => updates.forEach((update) => Y.applyUpdate(doc, update)));
    return readBoard(doc);
  } finally {
    doc.destroy();
  }
}

/** What `GET /api/boards/:id` tells of a board, read in the worker: only this crosses back, not the whole board. */
export type BoardContent = Pick<BoardSummary, 'title' | 'complaint' | 'causeCount' | 'rootCauses'>;

export function summarizeStored(job: ReadJob): BoardContent {
  const board = readStored(job);
  const { text, customer, channel, receivedAt } = board.complaint;
  return {
    title: board.title,
    complaint: { text, customer, channel, receivedAt },
    causeCount: board.causeIds.length,
    rootCauses: board.rootCauseIds.map((id) => ({ id, text: board.causes[id]!.text, depth: board.causes[id]!.depth })),
  };
}
