import * as Y from 'yjs';
import { mergeUpdates } from '../shared/mergeUpdates';

/**
 * Stored updates as one, as compact as Yjs writes a document: merged (linear in their bytes: `mergeUpdates`), then
 * applied to a fresh document and encoded again, which joins the neighbouring items of each client (typing: one item
 * a character becomes one item a run; 8 KB instead of 22 for 2,000 keystrokes). What they build on need not be among
 * them (a run of changes in the middle of a history): what a document cannot place yet, it keeps pending, and encodes
 * with the rest. One update is applied once; applying many one at a time would retry the pending ones each time
 * (1.4 s for 1,800 edits of a history's middle, against 13 ms).
 */
export function mergeStored(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, mergeUpdates(updates));
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}
