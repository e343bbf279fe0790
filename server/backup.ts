/**
 * `npm run backup -- <file>`: a consistent copy of the live SQLite database, taken while the server runs (its boards
 * stay live). With PostgreSQL (`DATABASE_URL`), use `pg_dump` instead: README, Deployment.
 */
import path from 'node:path';
import { SQLITE_FILE, readConfig } from './config';
import { backupSqlite } from './storage/sqliteBackup';

const config = readConfig();
const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run backup -- <file>   (a new file: a backup never overwrites one)');
  process.exit(2);
}
if (config.databaseUrl) {
  console.error('This server keeps its boards in PostgreSQL (DATABASE_URL): back it up with pg_dump, as the README says.');
  process.exit(2);
}
const source = path.join(config.dataDir, SQLITE_FILE);
const started = performance.now();
try {
  const { boards, bytes } = await backupSqlite(source, target);
  console.info(
    `Backed up ${boards} ${boards === 1 ? 'board' : 'boards'} (${(bytes / 1e6).toFixed(1)} MB) from ${source} to ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
