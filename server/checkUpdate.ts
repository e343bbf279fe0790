import * as Y from 'yjs';

/**
 * The largest clock a struct may reach: far beyond what people type in a board's lifetime (each character is one
 * tick), far below what would let one update claim a client's whole clock space or make lengths meaningless.
 */
export const MAX_CLOCK = 2 ** 31;
/** Structs one update may carry: a full board of 2,000 causes with all their text fits well inside. */
export const MAX_STRUCTS = 200_000;

/**
 * Checks an update from a client before it is applied, so what reaches the document is shaped like something a
 * person's edits produce. Decoding a V1 update is bounded by its size (every struct and range reads bytes; the
 * run-length bombs of yjs issue 687 live in the V2 format, which the sync protocol never carries); this adds bounds on
 * what decoded structs may claim. Throws with a short reason; the caller closes that connection only.
 */
export function checkUpdate(update: Uint8Array): void {
  const { structs, ds } = Y.decodeUpdate(update);
  if (structs.length > MAX_STRUCTS) throw new Error(`update has ${structs.length} structs`);
  for (const struct of structs) {
    if (struct.id.clock + struct.length > MAX_CLOCK) throw new Error('update claims clocks past the limit');
  }
  for (const ranges of ds.clients.values()) {
    for (const range of ranges) if (range.clock + range.len > MAX_CLOCK) throw new Error('update deletes past the clock limit');
  }
}
