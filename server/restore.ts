/**
 * `npm run restore -- <file>`: puts a backup (`npm run backup`) in place of the SQLite database, with the server
 * stopped. The database it replaces is kept beside it, never deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sqliteProgram } from './sqliteProgram';
import { DatabaseInUse, claimDatabase, restoreSqlite } from './storage/sqliteBackup';

const { file: from, database: target } = sqliteProgram('npm run restore -- <file>   (with the server stopped)', 'restore it with pg_restore or psql');
// Claimed as a server claims it: refused while one runs, and no server starts on it until the restore is done.
fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
try {
  process.on('exit', claimDatabase(target));
} catch (error) {
  if (!(error instanceof DatabaseInUse)) throw error;
  console.error(`A server (process ${error.pid}) is running on ${target}. Stop it first, then restore.`);
  process.exit(1);
}
try {
  const { boards, keptAs } = await restoreSqlite(from, target);
  const kept = keptAs ? ` The database it replaced is kept as ${keptAs}.` : '';
  console.info(`Restored ${boards} ${boards === 1 ? 'board' : 'boards'} from ${from} into ${target}.${kept}`);
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message}`);
  process.exit(1);
}
