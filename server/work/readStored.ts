import * as Y from 'yjs';
import { readBoard, type BoardSnapshot } from '../../shared/board';

/** A stored board's updates, to read. */
export interface ReadJob {
  updates: Uint8Array[];
}

/**
 * A board that is not open, read from its stored updates. Applying a few megabytes of updates takes the better part
 * of a second: this runs in a worker thread (server/work/worker.ts), so reading one board never stalls the others.
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
