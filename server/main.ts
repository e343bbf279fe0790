import fs from 'node:fs';
import path from 'node:path';
import { SQLITE_FILE, readConfig } from './config';
import { startServer } from './createServer';
import { levelLogger } from './log';
import { pidFile } from './storage/sqliteBackup';

const config = readConfig();
const logger = levelLogger(config.logLevel);
const server = await startServer({ ...config, logger });
// Beside the SQLite file, this process's id: `npm run restore` refuses while a server has the database open.
const pid = config.databaseUrl ? undefined : pidFile(path.join(config.dataDir, SQLITE_FILE));
if (pid) {
  fs.writeFileSync(pid, `${process.pid}\n`);
  process.on('exit', () => fs.rmSync(pid, { force: true }));
}
console.info(`Whyboard is running on http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${server.port}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info('server.stopping', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('server.stop_failed', { error });
        process.exit(1);
      },
    );
  });
}
