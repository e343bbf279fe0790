import type { Role } from '../../shared/protocol';
import { mergeUpdates } from '../mergeUpdates';

/** What the server keeps about a board besides its document. */
export interface BoardRecord {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  tokens: Record<Role, string>;
}

/** What one compaction did: the rows merged into one, and their bytes before and after. */
export interface Compaction {
  rows: number;
  bytesBefore: number;
  bytesAfter: number;
}

export const NOTHING_COMPACTED: Compaction = { rows: 0, bytesBefore: 0, bytesAfter: 0 };

/** Merges `rows` as `compact` stores them. */
export function compaction(rows: Uint8Array[]): { merged: Uint8Array; result: Compaction } {
  const merged = mergeUpdates(rows);
  return { merged, result: { rows: rows.length, bytesBefore: rows.reduce((sum, row) => sum + row.byteLength, 0), bytesAfter: merged.byteLength } };
}

/**
 * Where boards live. The document is an append-only log of Yjs updates, merged now and then by `compact`.
 * Every implementation passes the same contract suite (tests/server/storageContract.ts).
 */
export interface Storage {
  /** Stores a new board with the update that created its document. */
  createBoard(record: BoardRecord, initialUpdate: Uint8Array): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | undefined>;
  /** Replaces a board's tokens (a link rotated). */
  updateTokens(id: string, tokens: Record<Role, string>): Promise<void>;
  /** Every stored update of the board, oldest first; empty for an unknown board. */
  load(boardId: string): Promise<Uint8Array[]>;
  /** Appends one update durably: when the promise resolves, the update survives a crash. */
  append(boardId: string, update: Uint8Array): Promise<void>;
  /**
   * Replaces the updates stored so far by their merge (`mergeUpdates`), in one transaction. Updates appended while it
   * runs are kept. Says how many rows it merged and the log's bytes before and after.
   */
  compact(boardId: string): Promise<Compaction>;
  /** The board's meeting state (see shared/meeting), as the JSON last saved; undefined if none was. */
  loadMeeting(boardId: string): Promise<string | undefined>;
  /** Replaces the board's meeting state durably. */
  saveMeeting(boardId: string, json: string): Promise<void>;
  close(): Promise<void>;
}
