import pg from 'pg';
import { EMPTY_UPDATE, type Change, type Milestone } from '../../shared/history/changes';
import type { Role } from '../../shared/protocol';
import { GroupCommit, type AppendBatch } from './GroupCommit';
import {
  NOTHING_COMPACTED,
  authorColumn,
  changeFromColumns,
  firstChanges,
  compaction,
  foldOf,
  overBudget,
  type BoardRecord,
  type Compaction,
  type Fold,
  type HistoryColumns,
  type HistoryCompaction,
  type HistoryPolicy,
  type SpaceRecord,
  type Stamp,
  type Storage,
  type StoredChange,
  type StoredSpaceContent,
} from './Storage';
import { historyRuns } from './historyRuns';

interface BoardRow {
  id: string;
  created_at: string;
  updated_at: string;
  facilitator_token: string;
  editor_token: string;
  viewer_token: string;
  space_id: string | null;
}

interface SpaceRow {
  id: string;
  name: string;
  created_at: string;
  admin_token: string;
  member_token: string;
}

const boardRecord = (row: BoardRow): BoardRecord => ({
  id: row.id,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  tokens: { facilitator: row.facilitator_token, editor: row.editor_token, viewer: row.viewer_token },
  ...(row.space_id === null ? {} : { spaceId: row.space_id }),
});

type HistoryRow = HistoryColumns & { data: Buffer };

const bytea = (update: Uint8Array) => Buffer.from(update.buffer, update.byteOffset, update.byteLength);

const HISTORY_COLUMNS = 'seq, at, author, milestone, data';

/** The part of the schema made last: a database that has it has the whole schema. */
const NEWEST_SCHEMA_PART = 'history';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS boards (
    id text PRIMARY KEY,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    facilitator_token text NOT NULL,
    editor_token text NOT NULL,
    viewer_token text NOT NULL
  );
  CREATE TABLE IF NOT EXISTS updates (
    seq bigserial PRIMARY KEY,
    board_id text NOT NULL REFERENCES boards (id),
    data bytea NOT NULL
  );
  CREATE INDEX IF NOT EXISTS updates_by_board ON updates (board_id, seq);
  CREATE TABLE IF NOT EXISTS meetings (
    board_id text PRIMARY KEY REFERENCES boards (id),
    state text NOT NULL
  );
  CREATE TABLE IF NOT EXISTS spaces (
    id text PRIMARY KEY,
    name text NOT NULL,
    created_at bigint NOT NULL,
    admin_token text NOT NULL,
    member_token text NOT NULL
  );
  ALTER TABLE boards ADD COLUMN IF NOT EXISTS space_id text REFERENCES spaces (id);
  CREATE INDEX IF NOT EXISTS boards_by_space ON boards (space_id, created_at);
  CREATE TABLE IF NOT EXISTS space_contents (
    board_id text PRIMARY KEY REFERENCES boards (id),
    key text NOT NULL,
    json text NOT NULL
  );
  -- Every change with when and who (see Storage.history). Boards stored before it was kept start with their stored
  -- updates, by nobody, at their last change.
  CREATE TABLE history (
    seq bigserial PRIMARY KEY,
    board_id text NOT NULL REFERENCES boards (id),
    at bigint NOT NULL,
    author text,
    milestone text,
    data bytea NOT NULL
  );
  CREATE INDEX history_by_board ON history (board_id, seq);
  INSERT INTO history (board_id, at, data) SELECT updates.board_id, boards.updated_at, updates.data FROM updates JOIN boards ON boards.id = updates.board_id ORDER BY updates.seq;
  ALTER TABLE boards ADD COLUMN IF NOT EXISTS history_seen bigint NOT NULL DEFAULT 0;
`;

/**
 * Boards in PostgreSQL, for a deployment of several instances (`DATABASE_URL`). The same contract as SQLite: an append
 * that resolved is committed (PostgreSQL's default `synchronous_commit = on` waits for the WAL flush), and compaction
 * deletes exactly the rows it merged, so an update another instance appends meanwhile is never lost.
 */
export class PostgresStorage implements Storage {
  private readonly pool: pg.Pool;
  /** The schema, made (or found) once; a failed attempt (PostgreSQL not reachable yet) is tried again on next use. */
  private schema: Promise<void> | undefined;
  private readonly appends = new GroupCommit((batch) => this.insertAll(batch));

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
    // An idle client that loses its server must not take the process down; the next query reports the problem.
    this.pool.on('error', () => undefined);
    // Two instances starting at once may both create the schema: a lock makes the second wait for the first. The second
    // then finds it complete and runs no DDL: even `IF NOT EXISTS`, DDL locks its tables (ALTER TABLE all of `boards`)
    // and deadlocked with the first instance's writes, which had started meanwhile (found by the cluster tests).
    // Started now, awaited by every query: a database not reachable yet does not stop the server (its readiness says
    // so, and queries fail until it answers).
    void this.ready().catch(() => undefined);
  }

  private ready(): Promise<void> {
    this.schema ??= this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7031)');
      const { rows } = await client.query<{ newest: string | null }>(`SELECT to_regclass('${NEWEST_SCHEMA_PART}') AS newest`);
      if (rows[0]?.newest === null) await client.query(SCHEMA);
    }).catch((error: unknown) => {
      this.schema = undefined;
      throw error;
    });
    return this.schema;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    await this.ready();
    return this.pool.query<R>(text, values);
  }

  async createBoard(record: BoardRecord, initialUpdate: Uint8Array, history?: readonly Change[]): Promise<void> {
    await this.ready();
    const { tokens } = record;
    await this.transaction(async (client) => {
      await client.query(
        'INSERT INTO boards (id, created_at, updated_at, facilitator_token, editor_token, viewer_token, space_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [record.id, record.createdAt, record.updatedAt, tokens.facilitator, tokens.editor, tokens.viewer, record.spaceId ?? null],
      );
      await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [record.id, Buffer.from(initialUpdate)]);
      for (const change of firstChanges(record, initialUpdate, history)) {
        await client.query('INSERT INTO history (board_id, at, author, milestone, data) VALUES ($1, $2, $3, $4, $5)', [
          record.id,
          change.at,
          authorColumn(change.by),
          change.milestone ? JSON.stringify(change.milestone) : null,
          bytea(change.update),
        ]);
      }
    });
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const { rows } = await this.query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id]);
    return rows[0] && boardRecord(rows[0]);
  }

  async updateTokens(id: string, tokens: Record<Role, string>): Promise<void> {
    const { rowCount } = await this.query('UPDATE boards SET facilitator_token = $1, editor_token = $2, viewer_token = $3 WHERE id = $4', [
      tokens.facilitator,
      tokens.editor,
      tokens.viewer,
      id,
    ]);
    if (rowCount === 0) throw new Error(`Board ${id} does not exist.`);
  }

  async load(boardId: string): Promise<Uint8Array[]> {
    const { rows } = await this.query<{ data: Buffer }>('SELECT data FROM updates WHERE board_id = $1 ORDER BY seq', [boardId]);
    return rows.map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength));
  }

  append(boardId: string, update: Uint8Array, stamp: Stamp): Promise<void> {
    return this.appends.append({ boardId, update, stamp });
  }

  /**
   * One statement for a batch (one round trip, one commit): the boards are touched, and their updates inserted in the
   * log and in the history.
   */
  private async insertAll(batch: AppendBatch): Promise<Set<string>> {
    const { rows } = await this.query<{ board_id: string }>(
      `WITH touched AS (UPDATE boards SET updated_at = $1 WHERE id = ANY($2::text[]) RETURNING id),
       queued AS (
         SELECT * FROM unnest($2::text[], $3::bytea[], $4::bigint[], $5::text[]) WITH ORDINALITY AS queued (board_id, data, at, author, n)
         WHERE queued.board_id IN (SELECT id FROM touched)
       ),
       recorded AS (INSERT INTO history (board_id, at, author, data) SELECT board_id, at, author, data FROM queued ORDER BY n)
       INSERT INTO updates (board_id, data) SELECT board_id, data FROM queued ORDER BY n
       RETURNING board_id`,
      [
        Date.now(),
        batch.map((item) => item.boardId),
        batch.map((item) => bytea(item.update)),
        batch.map((item) => item.stamp.at),
        batch.map((item) => authorColumn(item.stamp.by)),
      ],
    );
    const stored = new Set(rows.map((row) => row.board_id));
    return new Set(batch.map((item) => item.boardId).filter((id) => !stored.has(id)));
  }

  async compact(boardId: string): Promise<Compaction> {
    await this.ready();
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE board_id = $1 ORDER BY seq FOR UPDATE', [
        boardId,
      ]);
      if (rows.length < 2) return NOTHING_COMPACTED;
      const { merged, result } = compaction(rows.map((row) => new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength)));
      // Exactly the rows read: one another instance commits meanwhile stays, whatever its sequence number.
      await client.query('DELETE FROM updates WHERE board_id = $1 AND seq = ANY($2::bigint[])', [boardId, rows.map((row) => row.seq)]);
      await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [boardId, Buffer.from(merged)]);
      return result;
    });
  }

  async history(boardId: string): Promise<StoredChange[]> {
    const { rows } = await this.query<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM history WHERE board_id = $1 ORDER BY seq`, [boardId]);
    return rows.map(changeFromColumns);
  }

  async recordMilestone(boardId: string, stamp: Stamp, milestone: Milestone): Promise<void> {
    await this.query('INSERT INTO history (board_id, at, author, milestone, data) VALUES ($1, $2, $3, $4, $5)', [
      boardId,
      stamp.at,
      authorColumn(stamp.by),
      JSON.stringify(milestone),
      bytea(EMPTY_UPDATE),
    ]);
  }

  /**
   * As SQLite's (see `HistoryPolicy`), one board at a time across instances (an advisory lock on the board, which
   * appends do not take): only the rows read are replaced or deleted, so a change another instance commits meanwhile
   * stays, whatever its sequence number.
   */
  async compactHistory(boardId: string, policy: HistoryPolicy): Promise<HistoryCompaction> {
    await this.ready();
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7032, hashtext($1))', [boardId]);
      const count = async () => (await client.query<{ all: string }>('SELECT count(*) AS all FROM history WHERE board_id = $1', [boardId])).rows[0]!;
      const apply = async (folds: Fold[]) => {
        for (const { seqs, change } of folds) {
          await client.query('UPDATE history SET at = $1, author = $2, data = $3 WHERE seq = $4', [
            change.at,
            authorColumn(change.by),
            bytea(change.update),
            seqs[0],
          ]);
          await client.query('DELETE FROM history WHERE seq = ANY($1::bigint[])', [seqs.slice(1)]);
        }
      };
      const before = Number((await count()).all);
      const seen = (await client.query<{ history_seen: string }>('SELECT history_seen FROM boards WHERE id = $1', [boardId])).rows[0]?.history_seen ?? '0';
      const rows = (
        await client.query<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM history WHERE board_id = $1 AND seq > $2 ORDER BY seq`, [boardId, seen])
      ).rows.map(changeFromColumns);
      await apply(historyRuns(rows, policy.runMs));
      if (rows.length > 0) await client.query('UPDATE boards SET history_seen = $1 WHERE id = $2', [rows[rows.length - 1]!.seq, boardId]);
      const sizes = await client.query<{ bytes: number }>(
        'SELECT octet_length(data) AS bytes FROM history WHERE board_id = $1 AND milestone IS NULL ORDER BY seq',
        [boardId],
      );
      const over = overBudget(
        sizes.rows.map((row) => Number(row.bytes)),
        policy,
      );
      if (over > 0) {
        const oldest = await client.query<HistoryRow>(
          `SELECT ${HISTORY_COLUMNS} FROM history WHERE board_id = $1 AND milestone IS NULL ORDER BY seq LIMIT $2`,
          [boardId, over],
        );
        await apply([foldOf(oldest.rows.map(changeFromColumns), null)]);
      }
      return { before, after: Number((await count()).all) };
    });
  }

  async loadMeeting(boardId: string): Promise<string | undefined> {
    const { rows } = await this.query<{ state: string }>('SELECT state FROM meetings WHERE board_id = $1', [boardId]);
    return rows[0]?.state;
  }

  async saveMeeting(boardId: string, json: string): Promise<void> {
    await this.query('INSERT INTO meetings (board_id, state) VALUES ($1, $2) ON CONFLICT (board_id) DO UPDATE SET state = excluded.state', [boardId, json]);
  }

  async createSpace(record: SpaceRecord): Promise<void> {
    await this.query('INSERT INTO spaces (id, name, created_at, admin_token, member_token) VALUES ($1, $2, $3, $4, $5)', [
      record.id,
      record.name,
      record.createdAt,
      record.tokens.admin,
      record.tokens.member,
    ]);
  }

  async getSpace(id: string): Promise<SpaceRecord | undefined> {
    const { rows } = await this.query<SpaceRow>('SELECT * FROM spaces WHERE id = $1', [id]);
    const row = rows[0];
    return row && { id: row.id, name: row.name, createdAt: Number(row.created_at), tokens: { admin: row.admin_token, member: row.member_token } };
  }

  async addToSpace(boardId: string, spaceId: string): Promise<void> {
    const { rowCount } = await this.query('UPDATE boards SET space_id = $1 WHERE id = $2', [spaceId, boardId]);
    if (rowCount === 0) throw new Error(`Board ${boardId} does not exist.`);
  }

  async updateSpace(id: string, { name, tokens }: { name?: string; tokens?: SpaceRecord['tokens'] }): Promise<void> {
    const { rowCount } = await this.query(
      'UPDATE spaces SET name = coalesce($1, name), admin_token = coalesce($2, admin_token), member_token = coalesce($3, member_token) WHERE id = $4',
      [name ?? null, tokens?.admin ?? null, tokens?.member ?? null, id],
    );
    if (rowCount === 0) throw new Error(`Space ${id} does not exist.`);
  }

  async removeFromSpace(boardId: string, spaceId: string): Promise<void> {
    const { rowCount } = await this.query('UPDATE boards SET space_id = NULL WHERE id = $1 AND space_id = $2', [boardId, spaceId]);
    if (rowCount === 0) throw new Error(`Board ${boardId} is not in space ${spaceId}.`);
  }

  async loadSpaceContents(boardIds: string[]): Promise<Map<string, StoredSpaceContent>> {
    const { rows } = await this.query<{ board_id: string; key: string; json: string }>(
      'SELECT board_id, key, json FROM space_contents WHERE board_id = ANY($1::text[])',
      [boardIds],
    );
    return new Map(rows.map((row) => [row.board_id, { key: row.key, json: row.json }]));
  }

  async saveSpaceContents(contents: Array<StoredSpaceContent & { boardId: string }>): Promise<void> {
    if (contents.length === 0) return;
    await this.query(
      `INSERT INTO space_contents (board_id, key, json) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (board_id) DO UPDATE SET key = excluded.key, json = excluded.json`,
      [contents.map((each) => each.boardId), contents.map((each) => each.key), contents.map((each) => each.json)],
    );
  }

  async spaceBoards(spaceId: string): Promise<BoardRecord[]> {
    const { rows } = await this.query<BoardRow>('SELECT * FROM boards WHERE space_id = $1 ORDER BY created_at, id', [spaceId]);
    return rows.map(boardRecord);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.schema?.catch(() => undefined);
    // Appends still queued are committed first (the rooms have waited for theirs; this is for anyone else).
    await this.appends.drain();
    await this.pool.end();
  }
}
