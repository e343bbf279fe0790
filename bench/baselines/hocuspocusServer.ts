/**
 * The second baseline: Hocuspocus 4 (`@hocuspocus/server`), no extensions, no persistence, no auth hook. Run as its own
 * process by the benchmark, on `PORT` (default: any free port); prints it.
 */
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT ?? 0), address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
console.info(JSON.stringify({ port: server.address.port }));
