import { readConfig } from './config';
import { startServer } from './createServer';
import { consoleLogger } from './log';

const config = readConfig();
const server = await startServer({ ...config, logger: consoleLogger });
console.info(`Whyboard is running on http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${server.port}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info('server.stopping', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        consoleLogger.error('server.stop_failed', { error });
        process.exit(1);
      },
    );
  });
}
