import { Author, Milestone, type Change } from '../../shared/history/changes';
import type { Role, SpaceRole } from '../../shared/protocol';
import { mergeStored } from '../mergeUpdates';

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
  const merged = mergeStored(rows);
  return { merged, result: { rows: rows.length, bytesBefore: rows.reduce((sum, row) => sum + row.byteLength, 0), bytesAfter: merged.byteLength } };
}

/** When a change was stored and who made it (see shared/history/changes.ts). */
export interface Stamp {
  at: number;
  by: Author | null;
}

/** A change as a backend stores it: its place in the board's history (`seq`, ascending) with what it holds. */
export interface StoredChange extends Change {
  seq: number;
}

/**
 * How a board's history stays small (see `historyRuns`, `overBudget`). Typing is a change a keystroke: a person's
 * changes within `runMs` of their first are one change, whoever else typed meanwhile, at the time of the last. The
 * steps a person reads join such edits anyway; a moment inside such a run shows that person's part of it once the run
 * ends (the history is exact to `runMs` a person). Past `maxChanges` changes, the oldest are folded into one "the board
 * as it was then", down to three quarters of the limit: the most recent are kept, and every milestone is. `npm run
 * bench` measures an hour of a busy meeting against it.
 */
export interface HistoryPolicy {
  runMs: number;
  maxChanges: number;
  /** Bytes of changes a board's history keeps (its document is at most 5 MiB; its history, this). */
  maxBytes: number;
}

export const DEFAULT_HISTORY_POLICY: HistoryPolicy = { runMs: 10_000, maxChanges: 20_000, maxBytes: 10 * 1024 * 1024 };

/** Stored changes to replace by one: the first of `seqs` takes `change`, the others go. */
export interface Fold {
  seqs: number[];
  change: Change;
}

/** `rows` with each fold applied, as every storage applies them: the first row of a fold takes its merge, the others go. */
export function applyFolds(rows: readonly StoredChange[], folds: readonly Fold[]): StoredChange[] {
  const replaced = new Map(folds.map((fold) => [fold.seqs[0]!, fold.change]));
  const gone = new Set(folds.flatMap((fold) => fold.seqs.slice(1)));
  return rows.filter((row) => !gone.has(row.seq)).map((row) => (replaced.has(row.seq) ? { seq: row.seq, ...replaced.get(row.seq)! } : row));
}

/**
 * The changes `rows` (as stored, no milestone among them) as one, by `by`, at the time of the latest: a moment before
 * it never shows what came after.
 */
export function foldOf(rows: readonly StoredChange[], by: Author | null): Fold {
  const at = rows.reduce((latest, row) => Math.max(latest, row.at), 0);
  return { seqs: rows.map((row) => row.seq), change: { at, by, update: mergeStored(rows.map((row) => row.update)) } };
}

/**
 * How many of the oldest changes (milestones aside; `sizes`: their bytes, oldest first) to fold into one when a board
 * holds more changes or bytes than `policy` keeps: down to three quarters of either. 0 within the limits.
 */
export function overBudget(sizes: readonly number[], policy: HistoryPolicy): number {
  let fold = sizes.length > policy.maxChanges ? sizes.length - Math.floor((policy.maxChanges * 3) / 4) + 1 : 0;
  let bytes = sizes.reduce((sum, size) => sum + size, 0);
  if (bytes > policy.maxBytes) {
    let oldest = 0;
    while (oldest < sizes.length && bytes > (policy.maxBytes * 3) / 4) bytes -= sizes[oldest++]!;
    fold = Math.max(fold, oldest);
  }
  fold = Math.min(fold, sizes.length);
  return fold >= 2 ? fold : 0;
}

/** A history row as the SQL backends keep it: who and the milestone as JSON. */
export interface HistoryColumns {
  seq: number | string;
  at: number | string;
  author: string | null;
  milestone: string | null;
  data: Uint8Array;
}

/** A row as a change: its JSON was written by this server, and is checked all the same as it is read back. */
export const changeFromColumns = (row: HistoryColumns): StoredChange => ({
  seq: Number(row.seq),
  at: Number(row.at),
  by: row.author === null ? null : Author.parse(JSON.parse(row.author)),
  update: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
  ...(row.milestone === null ? {} : { milestone: Milestone.parse(JSON.parse(row.milestone)) }),
});

export const authorColumn = (by: Author | null): string | null => (by === null ? null : JSON.stringify(by));

/** The history a new board starts with (see `Storage.createBoard`). */
export const firstChanges = (record: BoardRecord, initialUpdate: Uint8Array, history?: readonly Change[]): readonly Change[] =>
  history ?? [{ at: record.createdAt, by: null, update: initialUpdate }];

/** What one history compaction did: changes before and after. */
export interface HistoryCompaction {
  before: number;
  after: number;
}

/**
 * Where boards live. The document is an append-only log of Yjs updates, merged now and then by `compact`; beside it,
 * the board's history: every change with when and who (`history`), kept through compaction.
 * Every implementation passes the same contract suite (tests/server/storageContract.ts).
 */
export interface Storage {
  /**
   * Stores a new board (in its space, if `record.spaceId` names one) with the update that created its document, and its
   * history: `history` (the changes that made it, as the example board has), or by default that update as its first
   * change, at `record.createdAt`, by nobody (made through the API, where nobody is named).
   */
  createBoard(record: BoardRecord, initialUpdate: Uint8Array, history?: readonly Change[]): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | undefined>;
  /** Replaces a board's tokens (a link rotated). */
  updateTokens(id: string, tokens: Record<Role, string>): Promise<void>;
  /** Every stored update of the board, oldest first; empty for an unknown board. */
  load(boardId: string): Promise<Uint8Array[]>;
  /**
   * Appends one update durably, and to the board's history with `stamp`, in one transaction: when the promise
   * resolves, the update survives a crash.
   */
  append(boardId: string, update: Uint8Array, stamp: Stamp): Promise<void>;
  /**
   * Replaces the updates stored so far by their merge (`mergeStored`), in one transaction. Updates appended while it
   * runs are kept. Says how many rows it merged and the log's bytes before and after. The history is not merged: it is
   * kept small by `compactHistory`.
   */
  compact(boardId: string): Promise<Compaction>;
  /** Keeps the board's history within `policy` (see `HistoryPolicy`): every state it can rebuild stays rebuildable. */
  compactHistory(boardId: string, policy: HistoryPolicy): Promise<HistoryCompaction>;
  /** Every change of the board's history, oldest first (empty for an unknown board). */
  history(boardId: string): Promise<StoredChange[]>;
  /** Adds a moment of the meeting to the board's history (no update). */
  recordMilestone(boardId: string, stamp: Stamp, milestone: Milestone): Promise<void>;
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
  /**
   * Answers when storage answers (a trivial read, within the caller's wait): the readiness probe's question. Writes that
   * fail are the rooms' to notice (`BoardLog`).
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}
