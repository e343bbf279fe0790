/**
 * The baseline: the minimal reference y-websocket server, `setupWSConnection` from @y/websocket-server 0.1.1 on `ws`,
 * no persistence, no auth. Run as its own process by the benchmark, on `PORT` (default: any free port); prints it.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const server = http.createServer((_req, res) => res.end('baseline'));
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => setupWSConnection(ws, req, { gc: true }));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.info(JSON.stringify({ port: (server.address() as { port: number }).port })));
