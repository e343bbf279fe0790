/**
 * Backups of the SQLite database: a consistent copy taken while the server runs and writes (SQLite's online backup,
 * page by page, started again by SQLite when a write lands mid-copy), and putting one back with the server stopped.
 * PostgreSQL has its own tools (`pg_dump`, README: Deployment).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './sqliteLog';

/** What a copy holds, checked by opening it: SQLite's own integrity check, and Whyboard's tables. */
export interface BackupSummary {
  boards: number;
  bytes: number;
}

/** Opens `file` read-only and checks that it is a sound Whyboard database; says what is wrong otherwise. */
export function checkBackup(file: string): BackupSummary {
  if (!fs.existsSync(file)) throw new Error(`There is no file ${file}.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`${file} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    const integrity = (() => {
      try {
        return String(db.pragma('quick_check', { simple: true }));
      } catch (error) {
        return (error as Error).message; // "file is not a database"
      }
    })();
    if (integrity !== 'ok') throw new Error(`${file} is not a sound SQLite database: ${integrity}`);
    // Whyboard's tables, with the columns a server reads first (a file with tables of those names and nothing else
    // would pass a check of names, and stop the server at start).
    try {
      db.prepare('SELECT id, created_at, updated_at, facilitator_token, editor_token, viewer_token FROM boards LIMIT 1').all();
      db.prepare('SELECT seq, board_id, data FROM updates LIMIT 1').all();
    } catch {
      throw new Error(`${file} is a SQLite database, but not Whyboard's: it has no boards.`);
    }
    const { boards } = db.prepare('SELECT count(*) AS boards FROM boards').get() as { boards: number };
    return { boards, bytes: fs.statSync(file).size };
  } finally {
    db.close();
  }
}

/** Who may read a database or a copy of one: its owner (it holds every board's links). */
export const PRIVATE_FILE = 0o600;

/**
 * A self-contained copy of the database `source` (its write-ahead log included: SQLite's online backup reads through
 * it) at `target`, which must not exist. Written in a folder of its own first, readable by its owner only, then linked
 * into place: a file or a link already at the target (or planted beside it) is never written through or replaced.
 */
async function copyDatabase(source: string, target: string): Promise<void> {
  const folder = path.dirname(path.resolve(target));
  fs.mkdirSync(folder, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(folder, '.whyboard-copy-'));
  try {
    const db = new Database(source, { fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const copy = path.join(scratch, 'whyboard.db');
    try {
      await db.backup(copy);
    } finally {
      db.close();
    }
    fs.chmodSync(copy, PRIVATE_FILE);
    // Named only once whole (a copy cut short never passes for one), and never over an existing file: link fails then.
    fs.linkSync(copy, target);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies the live database `source` to `target` (a new file) with SQLite's online backup: writers carry on meanwhile,
 * and the copy is the database as of one moment, every committed write before it in and none half in. Then checks it.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupSummary> {
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source}: nothing to back up.`);
  if (fs.existsSync(target) || isLink(target)) throw new Error(`${target} exists already. A backup never overwrites a file: name a new one.`);
  try {
    await copyDatabase(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${target} exists already. A backup never overwrites a file: name a new one.`);
    throw error;
  }
  return checkBackup(target);
}

const isLink = (file: string) => {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
};

/** The files SQLite keeps for a database: the file itself, its write-ahead log and the log's index. */
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

/**
 * Puts the backup `from` in place of the database `target`, which no server may have open. The database it replaces
 * is kept beside it (`<target>.before-restore-<time>`, with its log), never deleted. Returns what the backup holds and
 * where the old database went (undefined when there was none).
 */
export async function restoreSqlite(from: string, target: string, now = new Date()): Promise<BackupSummary & { keptAs: string | undefined }> {
  const summary = checkBackup(from);
  // Copied through SQLite, not as a file: a database whose last writes are still in its log (a server that was killed,
  // or the copy a restore keeps aside) comes whole, as its check counted it.
  const partial = `${target}.restoring-${process.pid}`;
  fs.rmSync(partial, { force: true });
  await copyDatabase(from, partial);
  let keptAs: string | undefined;
  if (fs.existsSync(target)) {
    keptAs = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    for (const [file, kept] of sqliteFiles(target).map((file, i) => [file, sqliteFiles(keptAs!)[i]!] as const))
      if (fs.existsSync(file)) fs.renameSync(file, kept);
  }
  fs.renameSync(partial, target);
  return { ...summary, keptAs };
}

/** The file a running server names itself in (its process id), beside its database: restore refuses while it runs. */
export const pidFile = (database: string) => `${database}.pid`;

/** The process id of a server running on `database`, if one is (a file left by a server that died does not count). */
export function runningServer(database: string): number | undefined {
  const file = pidFile(database);
  if (!fs.existsSync(file)) return undefined;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** The database is claimed by another running process (`claimDatabase`). */
export class DatabaseInUse extends Error {
  constructor(
    database: string,
    readonly pid: number,
  ) {
    super(`Another server (process ${pid}) is running on ${database}. Stop it first, or give this one its own WHYBOARD_DATA_DIR.`);
  }
}

/**
 * Names this process (a server, or a restore) as the one using `database` (its pid file), or says which already is: two servers on one
 * SQLite file would each think they hold its boards. Created exclusively, so two starting at once cannot both win; a
 * file left by a server that died is taken over. Returns the release (removes the file if it still names this process).
 */
export function claimDatabase(database: string): () => void {
  const file = pidFile(database);
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: PRIVATE_FILE });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const running = runningServer(database);
      if (running !== undefined && running !== process.pid) throw new DatabaseInUse(database, running);
      fs.rmSync(file, { force: true }); // left by a server that died: taken over
    }
  }
  return () => {
    if (runningServer(database) === process.pid) fs.rmSync(file, { force: true });
  };
}
