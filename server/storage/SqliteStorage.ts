import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Role } from '../../shared/protocol';
import type { Worker } from 'node:worker_threads';
import { GroupCommit, type AppendBatch } from './GroupCommit';
import type { BoardRecord, Storage } from './Storage';
import { startWriter, type WriterBatch, type WriterReply } from './sqliteWriter';

interface BoardRow {
  id: string;
  created_at: number;
  updated_at: number;
  facilitator_token: string;
  editor_token: string;
  viewer_token: string;
}

/** How long a connection waits for the write lock (the writer thread's commits, compaction's trim). */
const BUSY_TIMEOUT_MS = 5000;
/** See `SqliteStorage.writeHere`: a new board or new links, which someone waits for. */
const REQUEST_WRITE_WAIT_MS = 1000;
/** See `SqliteStorage.writeHere`: a meeting save or a compaction, which the room retries. */
const BACKGROUND_WRITE_WAIT_MS = 200;

/**
 * The embedded default: one SQLite file in WAL mode with `synchronous = FULL`, so a committed append survives a
 * process crash and a power cut. better-sqlite3 is synchronous. Appends are committed together once per turn of the
 * event loop (group commit): every board's updates of that turn in one transaction, so one sync to disk serves them
 * all, and each append's promise resolves once its row is committed. The commits run in a worker thread
 * (`sqliteWriter.ts`), so waiting for the disk does not stop the event loop; reads and the rare other writes use this
 * thread's connection (WAL lets them run beside the writer).
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly appends = new GroupCommit((batch) => (this.writer && this.writerAlive ? this.commitInWriter(batch) : Promise.resolve(this.commitHere(batch))));
  /** The append writer (absent for an in-memory database, which a worker cannot share: appends commit here). */
  private readonly writer: Worker | undefined;
  private writerAlive = true;
  /** The batch the writer is committing, if any (one at a time). */
  private pending: { id: number; resolve: (missing: Set<string>) => void; reject: (error: Error) => void } | undefined;
  private nextBatch = 1;

  /**
   * Runs a write on this thread's connection, waiting at most `ms` for the write lock. better-sqlite3 waits
   * synchronously: a long wait (the file locked by a stuck process) would stop every board on this server. Background
   * writes (the meeting, compaction) are retried by the room and wait little; a request (a new board) waits longer.
   */
  private writeHere<T>(ms: number, write: () => T): T {
    this.db.pragma(`busy_timeout = ${ms}`);
    try {
      return write();
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('foreign_keys = ON');
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
    `);
    this.statements = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, created_at, updated_at, facilitator_token, editor_token, viewer_token) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getBoard: this.db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      touchBoard: this.db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?'),
      updateTokens: this.db.prepare('UPDATE boards SET facilitator_token = ?, editor_token = ?, viewer_token = ? WHERE id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)'),
      load: this.db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq'),
      deleteUpTo: this.db.prepare('DELETE FROM updates WHERE board_id = ? AND seq <= ?'),
      loadMeeting: this.db.prepare<[string], { state: string }>('SELECT state FROM meetings WHERE board_id = ?'),
      saveMeeting: this.db.prepare(
        'INSERT INTO meetings (board_id, state) VALUES (?, ?) ON CONFLICT (board_id) DO UPDATE SET state = excluded.state',
      ),
    };
    if (file !== ':memory:') {
      this.writer = startWriter(file);
      this.writer.on('message', (reply: WriterReply) => this.settle(reply));
      // A writer that dies fails what it held; the rooms retry those appends, which then commit on this thread.
      this.writer.on('error', (error) => this.writerStopped(error));
      this.writer.on('exit', () => this.writerStopped(new Error('The SQLite writer stopped.')));
    }
  }

  async createBoard(record: BoardRecord, initialUpdate: Uint8Array): Promise<void> {
    const { tokens } = record;
    this.writeHere(REQUEST_WRITE_WAIT_MS, () =>
      this.db.transaction(() => {
        this.statements.insertBoard.run(record.id, record.createdAt, record.updatedAt, tokens.facilitator, tokens.editor, tokens.viewer);
        this.statements.insertUpdate.run(record.id, initialUpdate);
      })(),
    );
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const row = this.statements.getBoard.get(id);
    if (!row) return undefined;
    return {
      id: row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      tokens: { facilitator: row.facilitator_token, editor: row.editor_token, viewer: row.viewer_token },
    };
  }

  async updateTokens(id: string, tokens: Record<Role, string>): Promise<void> {
    const { changes } = this.writeHere(REQUEST_WRITE_WAIT_MS, () => this.statements.updateTokens.run(tokens.facilitator, tokens.editor, tokens.viewer, id));
    if (changes === 0) throw new Error(`Board ${id} does not exist.`);
  }

  async load(boardId: string): Promise<Uint8Array[]> {
    return this.statements.load.all(boardId).map((row) => new Uint8Array(row.data));
  }

  append(boardId: string, update: Uint8Array): Promise<void> {
    return this.appends.append(boardId, update);
  }

  private commitInWriter(batch: AppendBatch): Promise<Set<string>> {
    return new Promise((resolve, reject) => {
      const message: WriterBatch = { id: this.nextBatch++, items: batch.map(({ boardId, update }) => ({ boardId, update })) };
      this.pending = { id: message.id, resolve, reject };
      this.writer!.ref(); // a commit in progress keeps the process alive
      this.writer!.postMessage(message);
    });
  }

  private settle(reply: WriterReply): void {
    if (reply.id !== this.pending?.id) return;
    const { resolve, reject } = this.pending;
    this.pending = undefined;
    this.writer?.unref();
    if ('error' in reply) reject(new Error(reply.error));
    else resolve(new Set(reply.missing));
  }

  /** The writer stopped: its batch fails (the rooms retry it), and from now on appends commit on this thread. */
  private writerStopped(error: Error): void {
    this.writerAlive = false;
    this.pending?.reject(error);
    this.pending = undefined;
  }

  /** Commits a batch in one transaction on this thread; returns the boards that do not exist. */
  private commitHere(batch: AppendBatch): Set<string> {
    const missing = new Set<string>();
    this.db.transaction(() => {
        const now = Date.now();
      const known = new Set<string>();
      for (const { boardId, update } of batch) {
        if (missing.has(boardId)) continue;
        if (!known.has(boardId)) {
          if (this.statements.touchBoard.run(now, boardId).changes === 0) {
            missing.add(boardId);
            continue;
          }
          known.add(boardId);
        }
        this.statements.insertUpdate.run(boardId, update);
      }
    })();
    return missing;
  }

  async compact(boardId: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    // Read, merge and trim in one transaction: rows appended by anyone else after the read are not touched. IMMEDIATE
    // takes the write lock first (waiting for the writer's commit), so the read and the trim see the same rows.
    return this.writeHere(BACKGROUND_WRITE_WAIT_MS, () =>
      this.db
        .transaction(() => {
          const rows = this.statements.load.all(boardId);
          if (rows.length < 2) return 0;
          const merged = merge(rows.map((row) => new Uint8Array(row.data)));
          this.statements.deleteUpTo.run(boardId, rows[rows.length - 1]!.seq);
          this.statements.insertUpdate.run(boardId, merged);
          return rows.length;
        })
        .immediate(),
    );
  }

  async loadMeeting(boardId: string): Promise<string | undefined> {
    return this.statements.loadMeeting.get(boardId)?.state;
  }

  async saveMeeting(boardId: string, json: string): Promise<void> {
    this.writeHere(BACKGROUND_WRITE_WAIT_MS, () => this.statements.saveMeeting.run(boardId, json));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Appends queued or committing finish first; then the writer closes its connection and exits.
    await this.appends.drain();
    if (this.writer && this.writerAlive) {
      const exited = new Promise((resolve) => this.writer!.once('exit', resolve));
      // Held until it exits: an unreferenced thread's exit does not keep the process alive, and a caller that closes
      // the server last (a script, a benchmark) would have ended with its close still pending (Node's exit code 13).
      this.writer.ref();
      this.writer.postMessage('close');
      await exited;
    }
    this.db.close();
  }


}
