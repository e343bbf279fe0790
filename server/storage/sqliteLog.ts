/**
 * The SQLite board log, written once: the connection settings, the batch commit, and compaction as a plan (read and
 * merged with no lock) and its write (one short transaction). The writer threads (`sqliteWriter.worker.ts`) run them:
 * the appends' writer every write, the compaction thread (read-only, at the lowest priority) the plans; the main thread
 * runs them when it has no writers (an in-memory database, or a writer that died).
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

/** Opens the database file as every connection that writes to it must: WAL, and a commit that survives a power cut. */
export function openDatabase(file: string, busyTimeoutMs = BUSY_TIMEOUT_MS): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('foreign_keys = ON');
  return db;
}

/** Opens the (WAL) database file to read only: a connection that cannot take the write lock, whatever it runs. */
export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
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

/** A compaction to write: the board's rows up to `upTo` (those read) replaced by their merge. */
export interface LogSwap {
  boardId: string;
  upTo: number;
  merged: Uint8Array;
  result: Compaction;
}

/** History folds to write, and how far the history was read for runs (`history_seen`; undefined: unchanged). */
export interface HistoryFolds {
  boardId: string;
  folds: Fold[];
  seenUpTo: number | undefined;
}

/** The reads of compaction: what it will write, computed with no lock held (rows appended meanwhile come after). */
export interface LogPlanner {
  /** The board's log read and merged; undefined when there is nothing to merge. */
  planCompaction(boardId: string): LogSwap | undefined;
  /** The history's runs since they were last read (see `historyRuns`), and the count of changes before. */
  planHistoryRuns(boardId: string, policy: HistoryPolicy): HistoryFolds & { before: number };
  /** The fold of the oldest changes when the history is over its budget, and the count of changes once written. */
  planHistoryBudget(boardId: string, policy: HistoryPolicy): { fold: HistoryFolds | undefined; after: number };
}

/** The writes of the board log: each one short transaction. */
export interface LogWriter {
  /** Commits a batch of appends in one transaction; returns the boards that do not exist (their appends fail alone). */
  commit(rows: readonly AppendRow[]): string[];
  /** Replaces the rows a plan read by their merge; rows appended since are not touched. */
  swap(plan: LogSwap): void;
  /** Writes history folds (only compaction changes rows already stored, one board at a time). */
  fold(folds: HistoryFolds): void;
}

/** A row of the history table. */
export type HistoryRow = HistoryColumns & { data: Buffer };

export function logWriter(db: Database.Database): LogWriter {
  const touch = db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?');
  const insert = db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)');
  const record = db.prepare('INSERT INTO history (board_id, at, author, data) VALUES (?, ?, ?, ?)');
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
  // Only compaction removes rows (one board at a time): appends committed since the plan read got later seqs and stay.
  const swap = db.transaction(({ boardId, upTo, merged }: LogSwap) => {
    deleteUpTo.run(boardId, upTo);
    insert.run(boardId, merged);
  });
  const setSeen = db.prepare('UPDATE boards SET history_seen = ? WHERE id = ?');
  const replaceChange = db.prepare('UPDATE history SET at = ?, author = ?, data = ? WHERE seq = ?');
  const deleteChange = db.prepare('DELETE FROM history WHERE seq = ?');
  const fold = db.transaction(({ boardId, folds, seenUpTo }: HistoryFolds) => {
    for (const { seqs, change } of folds) {
      replaceChange.run(change.at, authorColumn(change.by), change.update, seqs[0]);
      for (const seq of seqs.slice(1)) deleteChange.run(seq);
    }
    if (seenUpTo !== undefined) setSeen.run(seenUpTo, boardId);
  });
  return {
    commit: (rows) => commit(rows),
    swap: (plan) => swap.immediate(plan),
    fold: (folds) => fold.immediate(folds),
  };
}

export function logPlanner(db: Database.Database): LogPlanner {
  const load = db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq');
  const historySince = db.prepare<[string, number], HistoryRow>(
    'SELECT seq, at, author, milestone, data FROM history WHERE board_id = ? AND seq > ? ORDER BY seq',
  );
  const oldestChanges = db.prepare<[string, number], HistoryRow>(
    'SELECT seq, at, author, milestone, data FROM history WHERE board_id = ? AND milestone IS NULL ORDER BY seq LIMIT ?',
  );
  const countHistory = db.prepare<[string], { all: number }>('SELECT count(*) AS "all" FROM history WHERE board_id = ?');
  const sizes = db.prepare<[string], { bytes: number }>('SELECT length(data) AS bytes FROM history WHERE board_id = ? AND milestone IS NULL ORDER BY seq');
  const seen = db.prepare<[string], { history_seen: number }>('SELECT history_seen FROM boards WHERE id = ?');
  const count = (boardId: string) => countHistory.get(boardId)?.all ?? 0;
  return {
    planCompaction(boardId) {
      const rows = load.all(boardId);
      if (rows.length < 2) return undefined;
      const { merged, result } = compaction(rows.map((row) => new Uint8Array(row.data)));
      return { boardId, upTo: rows[rows.length - 1]!.seq, merged, result };
    },
    // Only the changes stored since the last time are read for runs: a board's whole history is never read again.
    planHistoryRuns(boardId, policy) {
      const rows = historySince.all(boardId, seen.get(boardId)?.history_seen ?? 0).map(changeFromColumns);
      return { boardId, folds: historyRuns(rows, policy.runMs), seenUpTo: rows.at(-1)?.seq, before: count(boardId) };
    },
    planHistoryBudget(boardId, policy) {
      const all = count(boardId);
      const over = overBudget(
        sizes.all(boardId).map((row) => row.bytes),
        policy,
      );
      if (over === 0) return { fold: undefined, after: all };
      const fold = foldOf(oldestChanges.all(boardId, over).map(changeFromColumns), null);
      return { fold: { boardId, folds: [fold], seenUpTo: undefined }, after: all - fold.seqs.length + 1 };
    },
  };
}

/**
 * Where compaction's plans run (`plan`: a `LogPlanner` method) and its writes (`swap`, `fold`: `LogWriter`'s): on the
 * writer threads, or all on one connection. `compactLog` merges the log; `compactHistory` folds the history's runs and
 * keeps it within its budget. What is written is what was planned; what was stored meanwhile comes after it.
 */
export interface Compactor {
  plan: <K extends keyof LogPlanner>(kind: K, ...args: Parameters<LogPlanner[K]>) => Promise<ReturnType<LogPlanner[K]>>;
  swap: (plan: LogSwap) => Promise<void>;
  fold: (folds: HistoryFolds) => Promise<void>;
}

export async function compactLog({ plan, swap }: Compactor, boardId: string): Promise<Compaction> {
  const planned = await plan('planCompaction', boardId);
  if (!planned) return NOTHING_COMPACTED;
  await swap(planned);
  return planned.result;
}

export async function compactHistory({ plan, fold }: Compactor, boardId: string, policy: HistoryPolicy): Promise<HistoryCompaction> {
  const { before, ...runs } = await plan('planHistoryRuns', boardId, policy);
  if (runs.folds.length > 0 || runs.seenUpTo !== undefined) await fold(runs);
  const budget = await plan('planHistoryBudget', boardId, policy);
  if (budget.fold) await fold(budget.fold);
  return { before, after: budget.after };
}
