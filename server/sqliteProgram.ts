/**
 * What `npm run backup` and `npm run restore` start with: the file named on their command line and the SQLite database
 * of this configuration; or they stop, saying why (no file named, or boards kept in PostgreSQL).
 */
import path from 'node:path';
import { SQLITE_FILE, readConfig } from './config';

export function sqliteProgram(usage: string, withPostgres: string): { file: string; database: string } {
  const config = readConfig();
  const file = process.argv[2];
  if (!file) {
    console.error(`Usage: ${usage}`);
    process.exit(2);
  }
  if (config.databaseUrl) {
    console.error(`This server keeps its boards in PostgreSQL (DATABASE_URL): ${withPostgres}, as the README says.`);
    process.exit(2);
  }
  return { file, database: path.join(config.dataDir, SQLITE_FILE) };
}
