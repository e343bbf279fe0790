import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/protocol';
import { consoleLogger, type Logger } from '../log';
import { GroupCommit } from './GroupCommit';
import { EMPTY_UPDATE, type Change, type Milestone } from '../../shared/history/changes';
import {
  authorColumn,
  changeFromColumns,
  firstChanges,
  type BoardRecord,
  type Compaction,
  type HistoryCompaction,
  type HistoryPolicy,
  type SpaceRecord,
  type Stamp,
  type Storage,
  type StoredChange,
  type StoredSpaceContent,
} from './Storage';
import {
  BUSY_TIMEOUT_MS,
  appendRows,
  compactHistory,
  compactLog,
  logPlanner,
  logWriter,
  openDatabase,
  type Compactor,
  type HistoryFolds,
  type HistoryRow,
  type LogPlanner,
  type LogSwap,
  type LogWriter,
} from './sqliteLog';
import { WriterThread, encodeAppends, type WriterReply, type WriterRequest } from './sqliteWriter';
import { PRIVATE_FILE } from './sqliteBackup';

interface BoardRow {
  id: string;
  created_at: number;
  updated_at: number;
  facilitator_token: string;
  editor_token: string;
  viewer_token: string;
  space_id: string | null;
}

interface SpaceRow {
  id: string;
  name: string;
  created_at: number;
  admin_token: string;
  member_token: string;
}

const boardRecord = (row: BoardRow): BoardRecord => ({
  id: row.id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  tokens: { facilitator: row.facilitator_token, editor: row.editor_token, viewer: row.viewer_token },
  ...(row.space_id === null ? {} : { spaceId: row.space_id }),
});

/** See `SqliteStorage.writeHere`: a new board or new links, which someone waits for. */
const REQUEST_WRITE_WAIT_MS = 1000;
/** See `SqliteStorage.writeHere`: a meeting save, which the room retries. */
const BACKGROUND_WRITE_WAIT_MS = 200;

/**
 * The embedded default: one SQLite file in WAL mode with `synchronous = FULL`, so a committed append survives a
 * process crash and a power cut. better-sqlite3 is synchronous. Appends are committed together once per turn of the
 * event loop (group commit): every board's updates of that turn in one transaction, so one sync to disk serves them
 * all, and each append's promise resolves once its row is committed. Two threads keep the disk and the merging off the
 * event loop (`sqliteWriter.worker.ts`): the appends' writer commits every write of the log, compaction's too, and the
 * compaction thread reads and merges on a read-only connection. Reads and the rare other writes use this thread's
 * connection (WAL lets them run beside the writers).
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements;
  /** The log's writes and compaction's reads on this thread, without writer threads (an in-memory database, or one died). */
  private readonly log: LogWriter;
  private readonly planner: LogPlanner;
  private readonly appends = new GroupCommit(async (batch) => {
    const rows = appendRows(batch);
    return new Set(
      await this.inWriter(
        this.appender,
        (id) => ({ id, kind: 'append', rows: encodeAppends(rows) }),
        (reply) => ('missing' in reply ? reply.missing : []),
        () => this.log.commit(rows),
      ),
    );
  });
  /** Compaction: planned (read and merged) by the compaction thread, written by the appends' writer. */
  private readonly compaction: Compactor = {
    plan: (kind, ...args) =>
      this.inWriter(
        this.compactor,
        (id) => ({ id, kind: 'plan', plan: kind, args }),
        (reply) => ('planned' in reply ? reply.planned : undefined) as ReturnType<LogPlanner[typeof kind]>,
        () => (this.planner[kind] as (...args: unknown[]) => ReturnType<LogPlanner[typeof kind]>)(...args),
      ),
    swap: (plan) => this.compactionWrite({ kind: 'swap', plan }, () => this.log.swap(plan)),
    fold: (folds) => this.compactionWrite({ kind: 'fold', folds }, () => this.log.fold(folds)),
  };

  /** A compaction's write, by the appends' writer (`here`: on this thread's connection, without one). */
  private compactionWrite(request: { kind: 'swap'; plan: LogSwap } | { kind: 'fold'; folds: HistoryFolds }, here: () => void): Promise<void> {
    return this.inWriter(
      this.appender,
      (id) => ({ id, ...request }),
      () => undefined,
      here,
    );
  }

  /**
   * The writer threads (never for an in-memory database, which a worker cannot share): one commits the appends (and
   * compaction's writes), the other reads and merges for compaction. A compaction merges a whole board (up to hundreds
   * of milliseconds for a big one) before its short write, and the appends behind it would have waited as long:
   * acknowledgement p99 was 300 ms in a room of 200.
   */
  private readonly appender: WriterThread | undefined;
  private readonly compactor: WriterThread | undefined;

  /**
   * Runs a write on this thread's connection, waiting at most `ms` for the write lock. better-sqlite3 waits
   * synchronously: a long wait (the file locked by a stuck process) would stop every board on this server. Background
   * writes (the meeting) are retried by the room and wait little; a request (a new board) waits longer.
   */
  private writeHere<T>(ms: number, write: () => T): T {
    this.db.pragma(`busy_timeout = ${ms}`);
    try {
      return write();
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  constructor(
    file: string,
    private readonly logger: Logger = consoleLogger,
  ) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.db = openDatabase(file);
    // Its owner's only (it holds every board's links); SQLite gives its log the same mode.
    if (file !== ':memory:') for (const part of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(part)) fs.chmodSync(part, PRIVATE_FILE);
    const integrity = this.db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The database ${file} failed its integrity check: ${String(integrity)}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS boards (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        facilitator_token TEXT NOT NULL,
        editor_token TEXT NOT NULL,
        viewer_token TEXT NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        board_id TEXT NOT NULL REFERENCES boards(id),
        data BLOB NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS updates_by_board ON updates (board_id, seq);
      CREATE TABLE IF NOT EXISTS meetings (
        board_id TEXT PRIMARY KEY REFERENCES boards(id),
        state TEXT NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS space_contents (
        board_id TEXT PRIMARY KEY REFERENCES boards(id),
        key TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS spaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        admin_token TEXT NOT NULL,
        member_token TEXT NOT NULL
      ) STRICT;
    `);
    // Boards stored before spaces existed gain the column (SQLite has no ADD COLUMN IF NOT EXISTS).
    const columns = this.db.pragma('table_info(boards)') as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'space_id')) this.db.exec('ALTER TABLE boards ADD COLUMN space_id TEXT REFERENCES spaces(id)');
    this.db.exec('CREATE INDEX IF NOT EXISTS boards_by_space ON boards (space_id, created_at)');
    this.createHistory(columns.some((column) => column.name === 'history_seen'));
    this.log = logWriter(this.db);
    this.planner = logPlanner(this.db);
    this.statements = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, created_at, updated_at, facilitator_token, editor_token, viewer_token, space_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      insertSpace: this.db.prepare('INSERT INTO spaces (id, name, created_at, admin_token, member_token) VALUES (?, ?, ?, ?, ?)'),
      getSpace: this.db.prepare<[string], SpaceRow>('SELECT * FROM spaces WHERE id = ?'),
      setSpace: this.db.prepare('UPDATE boards SET space_id = ? WHERE id = ?'),
      leaveSpace: this.db.prepare('UPDATE boards SET space_id = NULL WHERE id = ? AND space_id = ?'),
      updateSpace: this.db.prepare(
        'UPDATE spaces SET name = coalesce(?, name), admin_token = coalesce(?, admin_token), member_token = coalesce(?, member_token) WHERE id = ?',
      ),
      spaceBoards: this.db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE space_id = ? ORDER BY created_at, id'),
      loadSpaceContents: this.db.prepare<[string], { board_id: string; key: string; json: string }>(
        'SELECT board_id, key, json FROM space_contents WHERE board_id IN (SELECT value FROM json_each(?))',
      ),
      saveSpaceContent: this.db.prepare(
        'INSERT INTO space_contents (board_id, key, json) VALUES (?, ?, ?) ON CONFLICT (board_id) DO UPDATE SET key = excluded.key, json = excluded.json',
      ),
      getBoard: this.db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      updateTokens: this.db.prepare('UPDATE boards SET facilitator_token = ?, editor_token = ?, viewer_token = ? WHERE id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)'),
      insertHistory: this.db.prepare('INSERT INTO history (board_id, at, author, milestone, data) VALUES (?, ?, ?, ?, ?)'),
      history: this.db.prepare<[string], HistoryRow>('SELECT seq, at, author, milestone, data FROM history WHERE board_id = ? ORDER BY seq'),
      load: this.db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq'),
      loadMeeting: this.db.prepare<[string], { state: string }>('SELECT state FROM meetings WHERE board_id = ?'),
      saveMeeting: this.db.prepare('INSERT INTO meetings (board_id, state) VALUES (?, ?) ON CONFLICT (board_id) DO UPDATE SET state = excluded.state'),
    };
    if (file !== ':memory:') {
      this.appender = new WriterThread(file, 'appends', logger);
      this.compactor = new WriterThread(file, 'compaction', logger);
    }
  }

  /**
   * The history table, and the column that says how far its runs were folded (`compactHistory`). A database from
   * before history was kept gets its stored updates as the first changes, by nobody, at the board's last change: the
   * board can be rebuilt as it was then, and every change from now on has its time and author.
   */
  private createHistory(exists: boolean): void {
    if (exists) return;
    this.db.transaction(() => {
      this.db.exec(`
        CREATE TABLE history (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          board_id TEXT NOT NULL REFERENCES boards(id),
          at INTEGER NOT NULL,
          author TEXT,
          milestone TEXT,
          data BLOB NOT NULL
        ) STRICT;
        CREATE INDEX history_by_board ON history (board_id, seq);
        INSERT INTO history (board_id, at, data) SELECT updates.board_id, boards.updated_at, updates.data FROM updates JOIN boards ON boards.id = updates.board_id ORDER BY updates.seq;
        ALTER TABLE boards ADD COLUMN history_seen INTEGER NOT NULL DEFAULT 0;
      `);
    })();
  }

  async createBoard(record: BoardRecord, initialUpdate: Uint8Array, history?: readonly Change[]): Promise<void> {
    const { tokens } = record;
    this.writeHere(REQUEST_WRITE_WAIT_MS, () =>
      this.db.transaction(() => {
        this.statements.insertBoard.run(
          record.id,
          record.createdAt,
          record.updatedAt,
          tokens.facilitator,
          tokens.editor,
          tokens.viewer,
          record.spaceId ?? null,
        );
        this.statements.insertUpdate.run(record.id, initialUpdate);
        for (const change of firstChanges(record, initialUpdate, history)) {
          this.statements.insertHistory.run(
            record.id,
            change.at,
            authorColumn(change.by),
            change.milestone ? JSON.stringify(change.milestone) : null,
            change.update,
          );
        }
      })(),
    );
  }

  async history(boardId: string): Promise<StoredChange[]> {
    return this.statements.history.all(boardId).map(changeFromColumns);
  }

  async recordMilestone(boardId: string, stamp: Stamp, milestone: Milestone): Promise<void> {
    this.writeHere(BACKGROUND_WRITE_WAIT_MS, () =>
      this.statements.insertHistory.run(boardId, stamp.at, authorColumn(stamp.by), JSON.stringify(milestone), EMPTY_UPDATE),
    );
  }

  compactHistory(boardId: string, policy: HistoryPolicy): Promise<HistoryCompaction> {
    return compactHistory(this.compaction, boardId, policy);
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const row = this.statements.getBoard.get(id);
    return row && boardRecord(row);
  }

  async createSpace(record: SpaceRecord): Promise<void> {
    this.writeHere(REQUEST_WRITE_WAIT_MS, () =>
      this.statements.insertSpace.run(record.id, record.name, record.createdAt, record.tokens.admin, record.tokens.member),
    );
  }

  async getSpace(id: string): Promise<SpaceRecord | undefined> {
    const row = this.statements.getSpace.get(id);
    return row && { id: row.id, name: row.name, createdAt: row.created_at, tokens: { admin: row.admin_token, member: row.member_token } };
  }

  async addToSpace(boardId: string, spaceId: string): Promise<void> {
    const { changes } = this.writeHere(REQUEST_WRITE_WAIT_MS, () => this.statements.setSpace.run(spaceId, boardId));
    if (changes === 0) throw new Error(`Board ${boardId} does not exist.`);
  }

  async updateSpace(id: string, { name, tokens }: { name?: string; tokens?: SpaceRecord['tokens'] }): Promise<void> {
    const { changes } = this.writeHere(REQUEST_WRITE_WAIT_MS, () =>
      this.statements.updateSpace.run(name ?? null, tokens?.admin ?? null, tokens?.member ?? null, id),
    );
    if (changes === 0) throw new Error(`Space ${id} does not exist.`);
  }

  async removeFromSpace(boardId: string, spaceId: string): Promise<void> {
    const { changes } = this.writeHere(REQUEST_WRITE_WAIT_MS, () => this.statements.leaveSpace.run(boardId, spaceId));
    if (changes === 0) throw new Error(`Board ${boardId} is not in space ${spaceId}.`);
  }

  async loadSpaceContents(boardIds: string[]): Promise<Map<string, StoredSpaceContent>> {
    const rows = this.statements.loadSpaceContents.all(JSON.stringify(boardIds));
    return new Map(rows.map((row) => [row.board_id, { key: row.key, json: row.json }]));
  }

  async saveSpaceContents(contents: Array<StoredSpaceContent & { boardId: string }>): Promise<void> {
    if (contents.length === 0) return;
    this.writeHere(BACKGROUND_WRITE_WAIT_MS, () =>
      this.db.transaction(() => contents.forEach(({ boardId, key, json }) => this.statements.saveSpaceContent.run(boardId, key, json)))(),
    );
  }

  async spaceBoards(spaceId: string): Promise<BoardRecord[]> {
    return this.statements.spaceBoards.all(spaceId).map(boardRecord);
  }

  async updateTokens(id: string, tokens: Record<Role, string>): Promise<void> {
    const { changes } = this.writeHere(REQUEST_WRITE_WAIT_MS, () => this.statements.updateTokens.run(tokens.facilitator, tokens.editor, tokens.viewer, id));
    if (changes === 0) throw new Error(`Board ${id} does not exist.`);
  }

  async load(boardId: string): Promise<Uint8Array[]> {
    return this.statements.load.all(boardId).map((row) => new Uint8Array(row.data));
  }

  append(boardId: string, update: Uint8Array, stamp: Stamp): Promise<void> {
    return this.appends.append({ boardId, update, stamp });
  }

  compact(boardId: string): Promise<Compaction> {
    return compactLog(this.compaction, boardId);
  }

  /** A request to `writer`; without one (an in-memory database), `here` runs on this thread. */
  private async inWriter<T>(
    writer: WriterThread | undefined,
    request: (id: number) => Exclude<WriterRequest, 'close'>,
    read: (reply: WriterReply) => T,
    here: () => T,
  ): Promise<T> {
    return writer ? writer.run(request, read, here) : here();
  }

  async loadMeeting(boardId: string): Promise<string | undefined> {
    return this.statements.loadMeeting.get(boardId)?.state;
  }

  async saveMeeting(boardId: string, json: string): Promise<void> {
    this.writeHere(BACKGROUND_WRITE_WAIT_MS, () => this.statements.saveMeeting.run(boardId, json));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Appends queued or committing finish first; then the writer closes its connection and exits.
    await this.appends.drain();
    await Promise.all([this.appender?.close(), this.compactor?.close()]);
    this.db.close();
  }
}
