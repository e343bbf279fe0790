/**
 * The SQLite board log's writes, written once: the connection settings, the batch commit and compaction. The writer
 * thread (`sqliteWriter.worker.ts`) runs them; the main thread runs them too when it has no writer (an in-memory
 * database, or a writer that died).
 */
import Database from 'better-sqlite3';
import type { AppendBatch } from './GroupCommit';
import {
  NOTHING_COMPACTED,
  authorColumn,
  changeFromColumns,
  compaction,
  foldOf,
  overBudget,
  type Compaction,
  type Fold,
  type HistoryColumns,
  type HistoryCompaction,
  type HistoryPolicy,
} from './Storage';
import { historyRuns } from './historyRuns';

/** How long a connection waits for the write lock (the other connection's commit) before it fails. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * How long the writer thread waits for the write lock: a commit that fails is retried by its room, and the people on
 * the board are told the server cannot save when one fails, so they hear of a stuck file within about a second, not
 * five (found by an outside attack holding the lock).
 */
export const WRITER_BUSY_TIMEOUT_MS = 1000;

/** Opens the database file as every connection to it must: WAL, and a commit that survives a power cut. */
export function openDatabase(file: string, busyTimeoutMs = BUSY_TIMEOUT_MS): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('foreign_keys = ON');
  return db;
}

/** An append as the log stores it: who made it already as its column (JSON), ready to cross to the writer. */
export interface AppendRow {
  boardId: string;
  update: Uint8Array;
  at: number;
  author: string | null;
}

export const appendRows = (batch: AppendBatch): AppendRow[] =>
  batch.map(({ boardId, update, stamp }) => ({ boardId, update, at: stamp.at, author: authorColumn(stamp.by) }));

export interface BoardLog {
  /** Commits a batch of appends in one transaction; returns the boards that do not exist (their appends fail alone). */
  commit(rows: readonly AppendRow[]): string[];
  /**
   * Replaces a board's rows by their merge: rows appended by anyone after the read are not touched. Merged outside
   * the write lock; the swap is one short transaction.
   */
  compact(boardId: string): Compaction;
  /** Keeps a board's history within `policy` (see `HistoryPolicy`); folded outside the write lock, as `compact` merges. */
  compactHistory(boardId: string, policy: HistoryPolicy): HistoryCompaction;
}

/** A row of the history table. */
export type HistoryRow = HistoryColumns & { data: Buffer };

export function boardLog(db: Database.Database): BoardLog {
  const touch = db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?');
  const insert = db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)');
  const record = db.prepare('INSERT INTO history (board_id, at, author, data) VALUES (?, ?, ?, ?)');
  const load = db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq');
  const deleteUpTo = db.prepare('DELETE FROM updates WHERE board_id = ? AND seq <= ?');
  const commit = db.transaction((rows: readonly AppendRow[]) => {
    const now = Date.now();
    const known = new Set<string>();
    const missing = new Set<string>();
    for (const { boardId, update, at, author } of rows) {
      if (missing.has(boardId)) continue;
      if (!known.has(boardId)) {
        if (touch.run(now, boardId).changes === 0) {
          missing.add(boardId);
          continue;
        }
        known.add(boardId);
      }
      insert.run(boardId, update);
      record.run(boardId, at, author, update);
    }
    return [...missing];
  });
  const replaceRows = db.transaction((boardId: string, upTo: number, merged: Uint8Array) => {
    deleteUpTo.run(boardId, upTo);
    insert.run(boardId, merged);
  });
  // Read and merged outside any transaction, and only the swap holds the write lock: appends committed meanwhile get
  // later seqs and stay, and only compaction ever removes rows (one at a time: the compaction writer is one thread).
  const compact = (boardId: string): Compaction => {
    const rows = load.all(boardId);
    if (rows.length < 2) return NOTHING_COMPACTED;
    const { merged, result } = compaction(rows.map((row) => new Uint8Array(row.data)));
    replaceRows.immediate(boardId, rows[rows.length - 1]!.seq, merged);
    return result;
  };
  const historySince = db.prepare<[string, number], HistoryRow>(
    'SELECT seq, at, author, milestone, data FROM history WHERE board_id = ? AND seq > ? ORDER BY seq',
  );
  const oldestChanges = db.prepare<[string, number], HistoryRow>(
    'SELECT seq, at, author, milestone, data FROM history WHERE board_id = ? AND milestone IS NULL ORDER BY seq LIMIT ?',
  );
  const countHistory = db.prepare<[string], { all: number }>('SELECT count(*) AS "all" FROM history WHERE board_id = ?');
  const sizes = db.prepare<[string], { bytes: number }>('SELECT length(data) AS bytes FROM history WHERE board_id = ? AND milestone IS NULL ORDER BY seq');
  const seen = db.prepare<[string], { history_seen: number }>('SELECT history_seen FROM boards WHERE id = ?');
  const setSeen = db.prepare('UPDATE boards SET history_seen = ? WHERE id = ?');
  const replaceChange = db.prepare('UPDATE history SET at = ?, author = ?, data = ? WHERE seq = ?');
  const deleteChange = db.prepare('DELETE FROM history WHERE seq = ?');
  const apply = (folds: Fold[]) => {
    for (const { seqs, change } of folds) {
      replaceChange.run(change.at, authorColumn(change.by), change.update, seqs[0]);
      for (const seq of seqs.slice(1)) deleteChange.run(seq);
    }
  };
  const applyFolds = db.transaction((boardId: string, folds: Fold[], seenUpTo: number | undefined) => {
    apply(folds);
    if (seenUpTo !== undefined) setSeen.run(seenUpTo, boardId);
  });
  // Only the changes stored since the last time are read for runs: a board's whole history is never read again. As
  // with the log, what is read and folded is read and folded outside the write lock; the changes stored meanwhile come
  // after, and only this compaction changes rows already stored.
  const compactHistory = (boardId: string, policy: HistoryPolicy): HistoryCompaction => {
    const before = countHistory.get(boardId)?.all ?? 0;
    const rows = historySince.all(boardId, seen.get(boardId)?.history_seen ?? 0).map(changeFromColumns);
    applyFolds.immediate(boardId, historyRuns(rows, policy.runMs), rows.at(-1)?.seq);
    const over = overBudget(
      sizes.all(boardId).map((row) => row.bytes),
      policy,
    );
    if (over > 0) applyFolds.immediate(boardId, [foldOf(oldestChanges.all(boardId, over).map(changeFromColumns), null)], undefined);
    return { before, after: countHistory.get(boardId)?.all ?? 0 };
  };
  return {
    commit: (rows) => commit(rows),
    compact,
    compactHistory,
  };
}
