/**
 * `npm run backup -- <file>`: a consistent copy of the live SQLite database, taken while the server runs (its boards
 * stay live). With PostgreSQL (`DATABASE_URL`), use `pg_dump` instead: README, Deployment.
 */
import { sqliteProgram } from './sqliteProgram';
import { backupSqlite } from './storage/sqliteBackup';

const { file: target, database: source } = sqliteProgram('npm run backup -- <file>   (a new file: a backup never overwrites one)', 'back it up with pg_dump');
const started = performance.now();
try {
  const { boards, bytes } = await backupSqlite(source, target);
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.info(`Backed up ${boards} ${boards === 1 ? 'board' : 'boards'} (${(bytes / 1e6).toFixed(1)} MB) from ${source} to ${target} in ${took} s.`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
