/**
 * A real local try-out of a multi-instance deployment: PostgreSQL and Redis on loopback, and two Whyboard instances
 * sharing them (ports 8081 and 8082). Open a board on one and the same board on the other: edits, presence and the
 * meeting cross over. Ctrl+C stops everything. Production runs each piece on its own (see the README).
 */
import { startServer } from '../server/createServer';
import { consoleLogger } from '../server/log';
import { startPostgres, startRedis } from './localServices';

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
const instances = await Promise.all(
  [8081, 8082].map((port) =>
    startServer({ port, databaseUrl: postgres.url, redisUrl: redis.url, publicUrl: `http://localhost:${port}`, logger: consoleLogger }),
  ),
);
console.info(`PostgreSQL ${postgres.url}\nRedis ${redis.url}\nWhyboard on http://localhost:8081 and http://localhost:8082 (Ctrl+C stops all)`);

process.once('SIGINT', () => {
  void (async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await Promise.all([postgres.stop(), redis.stop()]);
    process.exit(0);
  })();
});
