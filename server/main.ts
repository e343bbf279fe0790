import fs from 'node:fs';
import path from 'node:path';
import { SQLITE_FILE, readConfig } from './config';
import { startServer } from './createServer';
import { levelLogger } from './log';
import { claimDatabase } from './storage/sqliteBackup';

const config = readConfig();
const logger = levelLogger(config.logLevel);
// Beside the SQLite file, this process's id: a second server on the same file refuses to start, and `npm run restore`
// refuses while one runs.
if (!config.databaseUrl) {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    process.on('exit', claimDatabase(path.join(config.dataDir, SQLITE_FILE)));
  } catch (error) {
    logger.error('server.not_started', { error });
    console.error((error as Error).message);
    process.exit(1);
  }
}
// Listened for before the server starts: a stop asked for while it starts (a supervisor's SIGTERM as soon as it says it
// listens) closes it once started, rather than killing it mid-way. A second signal meanwhile changes nothing.
const stopAsked = new Promise<NodeJS.Signals>((resolve) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => resolve(signal));
});
const server = await startServer({ ...config, logger });
console.info(`Whyboard is running on http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${server.port}`);

const signal = await stopAsked;
logger.info('server.stopping', { signal });
server.close().then(
  () => process.exit(0),
  (error: unknown) => {
    logger.error('server.stop_failed', { error });
    process.exit(1);
  },
);
