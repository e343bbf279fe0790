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
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name));
    if (!tables.has('boards') || !tables.has('updates')) throw new Error(`${file} is a SQLite database, but not Whyboard's: it has no boards.`);
    const { boards } = db.prepare('SELECT count(*) AS boards FROM boards').get() as { boards: number };
    return { boards, bytes: fs.statSync(file).size };
  } finally {
    db.close();
  }
}

/**
 * Copies the live database `source` to `target` (a new file) with SQLite's online backup: writers carry on meanwhile,
 * and the copy is the database as of one moment, every committed write before it in and none half in. Then checks it.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupSummary> {
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source}: nothing to back up.`);
  if (fs.existsSync(target)) throw new Error(`${target} exists already. A backup never overwrites a file: name a new one.`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new Database(source, { fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const partial = `${target}.partial`;
  try {
    await db.backup(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  // Named only once whole: a backup cut short never passes for one.
  fs.renameSync(partial, target);
  return checkBackup(target);
}

/** The files SQLite keeps for a database: the file itself, its write-ahead log and the log's index. */
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

/**
 * Puts the backup `from` in place of the database `target`, which no server may have open. The database it replaces
 * is kept beside it (`<target>.before-restore-<time>`, with its log), never deleted. Returns what the backup holds and
 * where the old database went (undefined when there was none).
 */
export function restoreSqlite(from: string, target: string, now = new Date()): BackupSummary & { keptAs: string | undefined } {
  const summary = checkBackup(from);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const partial = `${target}.restoring`;
  fs.copyFileSync(from, partial);
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
