import type { Role, SpaceRole } from '../../shared/protocol';
import { mergeUpdates } from '../mergeUpdates';

/** What the server keeps about a board besides its document. */
export interface BoardRecord {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  tokens: Record<Role, string>;
  /** The team space the board belongs to, if any (see `SpaceRecord`). */
  spaceId?: string;
}

/** What a space's links grant: the admin manages the space, members work in it (see shared/protocol `SpaceRole`). */
export type SpaceTokens = Record<SpaceRole, string>;

/** A team space: the boards a team started from it (or added to it), seen together. */
export interface SpaceRecord {
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  tokens: SpaceTokens;
}

/** What a space shows of a board, as JSON, and the key (the board's last change, its letter) it was read for. */
export interface StoredSpaceContent {
  key: string;
  json: string;
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
  /** Stores a new board (in its space, if `record.spaceId` names one) with the update that created its document. */
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
  createSpace(record: SpaceRecord): Promise<void>;
  getSpace(id: string): Promise<SpaceRecord | undefined>;
  /** Renames a space or replaces its links (a link rotated); throws for an unknown space. */
  updateSpace(id: string, change: { name?: string; tokens?: SpaceTokens }): Promise<void>;
  /** Puts an existing board in a space (a board is in one space at most: it moves). */
  addToSpace(boardId: string, spaceId: string): Promise<void>;
  /** Takes a board out of its space (it keeps its own links); throws unless the board is in `spaceId`. */
  removeFromSpace(boardId: string, spaceId: string): Promise<void>;
  /** The space's boards, oldest first (one read, however many). */
  spaceBoards(spaceId: string): Promise<BoardRecord[]>;
  /**
   * What a team space shows of each of these boards (server/spaceContents.ts), as stored beside them with the key it
   * was read for: a space opens after a restart without reading every board again. Boards with none are left out.
   */
  loadSpaceContents(boardIds: string[]): Promise<Map<string, StoredSpaceContent>>;
  /** Keeps (replaces) what a space shows of boards just read. */
  saveSpaceContents(contents: Array<StoredSpaceContent & { boardId: string }>): Promise<void>;
  close(): Promise<void>;
}
