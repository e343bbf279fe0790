/**
 * `npm run restore -- <file>`: puts a backup (`npm run backup`) in place of the SQLite database, with the server
 * stopped. The database it replaces is kept beside it, never deleted.
 */
import path from 'node:path';
import { SQLITE_FILE, readConfig } from './config';
import { restoreSqlite, runningServer } from './storage/sqliteBackup';

const config = readConfig();
const from = process.argv[2];
if (!from) {
  console.error('Usage: npm run restore -- <file>   (with the server stopped)');
  process.exit(2);
}
if (config.databaseUrl) {
  console.error('This server keeps its boards in PostgreSQL (DATABASE_URL): restore it with pg_restore or psql, as the README says.');
  process.exit(2);
}
const target = path.join(config.dataDir, SQLITE_FILE);
const running = runningServer(target);
if (running !== undefined) {
  console.error(`A server (process ${running}) is running on ${target}. Stop it first, then restore.`);
  process.exit(1);
}
try {
  const { boards, keptAs } = await restoreSqlite(from, target);
  console.info(
    `Restored ${boards} ${boards === 1 ? 'board' : 'boards'} from ${from} into ${target}.${keptAs ? ` The database it replaced is kept as ${keptAs}.` : ''}`,
  );
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message}`);
  process.exit(1);
}
