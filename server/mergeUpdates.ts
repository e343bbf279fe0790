import * as Y from 'yjs';

/**
 * Merges stored updates by applying them to a fresh document and encoding its state: linear, unlike
 * `Y.mergeUpdates`, which is superlinear in the number of updates (yjs issue 710).
 */
export function mergeUpdates(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}
