import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Role } from '../../shared/protocol';
import type { Worker } from 'node:worker_threads';
import type { BoardRecord, QueuedAppend, Storage } from './Storage';
import { startWriter, type WriterBatch, type WriterReply } from './sqliteWriter';

interface BoardRow {
  id: string;
  created_at: number;
  updated_at: number;
  facilitator_token: string;
  editor_token: string;
  viewer_token: string;
}

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
  private queue: QueuedAppend[] = [];
  /** The append writer (absent for an in-memory database, which a worker cannot share: appends commit here). */
  private readonly writer: Worker | undefined;
  private writerAlive = true;
  private readonly inFlight = new Map<number, QueuedAppend[]>();
  private nextBatch = 1;
  /** Called when the last batch in flight is settled (closing waits for it). */
  private drained: (() => void) | undefined;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
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
      this.writer.on('error', (error) => this.failInFlight(error));
      this.writer.on('exit', () => this.failInFlight(new Error('The SQLite writer stopped.')));
    }
  }

  async createBoard(record: BoardRecord, initialUpdate: Uint8Array): Promise<void> {
    const { tokens } = record;
    this.db.transaction(() => {
      this.statements.insertBoard.run(record.id, record.createdAt, record.updatedAt, tokens.facilitator, tokens.editor, tokens.viewer);
      this.statements.insertUpdate.run(record.id, initialUpdate);
    })();
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
    const { changes } = this.statements.updateTokens.run(tokens.facilitator, tokens.editor, tokens.viewer, id);
    if (changes === 0) throw new Error(`Board ${id} does not exist.`);
  }

  async load(boardId: string): Promise<Uint8Array[]> {
    return this.statements.load.all(boardId).map((row) => new Uint8Array(row.data));
  }

  append(boardId: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ boardId, update, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.commitAppends());
    });
  }

  /**
   * Hands the queued appends to the writer (or commits them here, see `writer`). One batch at a time: what is appended
   * while the writer commits waits for the next, so under load the batches grow and the syncs to disk do not.
   */
  private commitAppends(): void {
    if (this.queue.length === 0 || (this.writer && this.writerAlive && this.inFlight.size > 0)) return;
    const queue = this.queue;
    this.queue = [];
    if (this.writer && this.writerAlive) {
      const batch: WriterBatch = { id: this.nextBatch++, items: queue.map(({ boardId, update }) => ({ boardId, update })) };
      this.inFlight.set(batch.id, queue);
      this.writer.ref(); // pending commits keep the process alive
      this.writer.postMessage(batch);
      return;
    }
    this.commitHere(queue);
  }

  private settle(reply: WriterReply): void {
    const queue = this.inFlight.get(reply.id);
    if (!queue) return;
    this.inFlight.delete(reply.id);
    if ('error' in reply) {
      for (const item of queue) item.reject(new Error(reply.error));
    } else {
      const missing = new Set(reply.missing);
      for (const item of queue) {
        if (missing.has(item.boardId)) item.reject(new Error(`Board ${item.boardId} does not exist.`));
        else item.resolve();
      }
    }
    this.commitAppends(); // what queued meanwhile
    if (this.inFlight.size === 0) {
      this.writer?.unref();
      this.drained?.();
    }
  }

  private failInFlight(error: Error): void {
    this.writerAlive = false;
    for (const queue of this.inFlight.values()) for (const item of queue) item.reject(error);
    this.inFlight.clear();
    this.commitAppends(); // what waited behind the lost batch commits here
    this.drained?.();
  }

  /** Commits appends in one transaction on this thread; an append to an unknown board fails alone. */
  private commitHere(queue: QueuedAppend[]): void {
    const missing = new Set<string>();
    try {
      this.db.transaction(() => {
        const now = Date.now();
        const known = new Set<string>();
        for (const { boardId, update } of queue) {
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
    } catch (error) {
      for (const item of queue) item.reject(error as Error);
      return;
    }
    for (const item of queue) {
      if (missing.has(item.boardId)) item.reject(new Error(`Board ${item.boardId} does not exist.`));
      else item.resolve();
    }
  }

  async compact(boardId: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
    // Read, merge and trim in one transaction: rows appended by anyone else after the read are not touched. IMMEDIATE
    // takes the write lock first (waiting for the writer's commit), so the read and the trim see the same rows.
    return this.db.transaction(() => {
      const rows = this.statements.load.all(boardId);
      if (rows.length < 2) return 0;
      const merged = merge(rows.map((row) => new Uint8Array(row.data)));
      this.statements.deleteUpTo.run(boardId, rows[rows.length - 1]!.seq);
      this.statements.insertUpdate.run(boardId, merged);
      return rows.length;
    }).immediate();
  }

  async loadMeeting(boardId: string): Promise<string | undefined> {
    return this.statements.loadMeeting.get(boardId)?.state;
  }

  async saveMeeting(boardId: string, json: string): Promise<void> {
    this.statements.saveMeeting.run(boardId, json);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.commitAppends();
    // Commits in flight (and those queued behind them) finish first; then the writer closes its connection and exits.
    if (this.writer && this.inFlight.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    if (this.writer && this.writerAlive) {
      const exited = new Promise((resolve) => this.writer!.once('exit', resolve));
      this.writer.postMessage('close');
      await exited;
    }
    this.commitAppends(); // anything left if the writer failed commits here
    this.db.close();
  }

}
