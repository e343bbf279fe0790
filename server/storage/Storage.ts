import type { Role } from '../../shared/protocol';

/** What the server keeps about a board besides its document. */
export interface BoardRecord {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  tokens: Record<Role, string>;
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
   * Replaces the updates stored so far by `merge(updates)`, in one transaction. Updates appended while it runs are kept.
   * Returns how many rows it merged.
   */
  compact(boardId: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number>;
  /** The board's meeting state (see shared/meeting), as the JSON last saved; undefined if none was. */
  loadMeeting(boardId: string): Promise<string | undefined>;
  /** Replaces the board's meeting state durably. */
  saveMeeting(boardId: string, json: string): Promise<void>;
  close(): Promise<void>;
}
