import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { ApiErrorCode, CloseCode } from '../shared/protocol';
import { handleApi } from './api';
import type { Config } from './config';
import { HttpError, SECURITY_HEADERS, sendError } from './http';
import { consoleLogger, type Logger } from './log';
import { readLimits, type ServerLimits } from './limits';
import { RedisBus } from './RedisBus';
import { RoomManager } from './RoomManager';
import { PostgresStorage } from './storage/PostgresStorage';
import { SqliteStorage } from './storage/SqliteStorage';
import type { Storage } from './storage/Storage';
import { roleForToken } from './tokens';

export interface ServerOptions extends Partial<Config> {
  /** Defaults to SQLite in `dataDir`. */
  storage?: Storage;
  logger?: Logger;
  /** Over `WHYBOARD_LIMITS` and the defaults (server/limits.ts). */
  limits?: Partial<ServerLimits>;
}

export interface WhyboardServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  rooms: RoomManager;
  storage: Storage;
  /** Closes sockets, writes what is pending, closes storage. */
  close(): Promise<void>;
}

const PING_INTERVAL_MS = 30_000;

/** Starts Whyboard: the built client, the JSON API and the sync endpoint on one port. */
export async function startServer(options: ServerOptions = {}): Promise<WhyboardServer> {
  const logger = options.logger ?? consoleLogger;
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? path.resolve('data');
  const limits = readLimits(options.limitsJson, options.limits);
  const storage = options.storage ?? (options.databaseUrl ? new PostgresStorage(options.databaseUrl) : new SqliteStorage(path.join(dataDir, 'whyboard.db')));
  const bus = options.redisUrl ? new RedisBus(options.redisUrl, logger) : undefined;
  const rooms = new RoomManager({
    bus,
    storage,
    logger,
    idleMs: options.idleMs ?? 30_000,
    compactAfter: 500,
    loadBuffer: { messages: 1000, bytes: 8 * limits.messageBytes },
    limits,
  });
  const publicOrigin = (req: IncomingMessage) => options.publicUrl ?? `http://${req.headers.host ?? `${host}:${options.port ?? 8080}`}`;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  /** Sockets open per client address. */
  const perIp = new Map<string, number>();

  const staticDir = options.staticDir ?? path.resolve('dist');
  const serveStatic = fs.existsSync(path.join(staticDir, 'index.html'))
    ? sirv(staticDir, { single: true, etag: true, setHeaders: (res, pathname) => immutableAssets(res, pathname) })
    : undefined;

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    void handleRequest(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendError(res, error);
      logger.error('http.failed', { method: req.method, path: safePath(req), error });
      if (!res.headersSent) sendError(res, new HttpError(500, ApiErrorCode.internal, 'Something went wrong on the server.'));
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end('{"ok":true}');
    }
    if (url.pathname.startsWith('/api/')) {
      const handled = await handleApi(req, res, url, { storage, rooms, publicOrigin, logger, bodyLimit: limits.restBodyBytes, importLimit: limits.importBodyBytes });
      if (!handled) throw new HttpError(404, ApiErrorCode.notFound, 'No such API route.');
      return;
    }
    if (!serveStatic) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('The client is not built. Run `npm run build` (or `npm start`, which builds it).');
    }
    serveStatic(req, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.messageBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A socket without an error listener takes the process down when the peer misbehaves.
    socket.on('error', () => socket.destroy());
    void upgrade(req, socket, head).catch((error: unknown) => {
      logger.error('upgrade.failed', { path: safePath(req), error });
      refuseUpgrade(socket, 500, 'Something went wrong on the server.');
    });
  });

  /** Authenticates before the WebSocket exists: a refused client never receives a document byte. */
  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/sync\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
    if (!match) return refuseUpgrade(socket, 404, 'No such endpoint.');
    // Browsers always say which page opens a socket: only our own pages (and those configured) may. Other clients
    // (scripts, the stock y-websocket client in Node) send no Origin and are judged by their token alone.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== new URL(publicOrigin(req)).origin && !allowedOrigins.has(origin)) {
      logger.warn('upgrade.foreign_origin', { origin: origin.slice(0, 200) });
      return refuseUpgrade(socket, 403, 'This page may not open Whyboard boards.');
    }
    const ip = req.socket.remoteAddress ?? 'unknown';
    if ((perIp.get(ip) ?? 0) >= limits.connectionsPerIp) return refuseUpgrade(socket, 429, 'Too many connections from this address.');
    const boardId = match[1]!;
    const record = await storage.getBoard(boardId);
    if (!record) return refuseUpgrade(socket, 404, 'There is no such board.');
    const role = roleForToken(record, url.searchParams.get('token'));
    if (!role) return refuseUpgrade(socket, 401, 'This board needs a valid token.');
    if (rooms.connectionCount(boardId) >= limits.connectionsPerBoard) {
      return refuseUpgrade(socket, 503, 'This board has as many people as it can take.');
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
      ws.on('close', () => {
        const left = (perIp.get(ip) ?? 1) - 1;
        if (left > 0) perIp.set(ip, left);
        else perIp.delete(ip);
      });
      ws.on('error', (error) => logger.warn('ws.error', { board: boardId, error: String(error) }));
      const { searchParams } = url;
      rooms.get(boardId).join(ws, {
        role,
        name: searchParams.get('name') ?? '',
        ack: searchParams.get('ack') === '1',
        meeting: searchParams.get('meeting') === '1',
        person: searchParams.get('person'),
      });
      keepAlive(ws);
      logger.info('ws.joined', { board: boardId, role });
    });
  }

  /** Terminates sockets whose peer stopped answering pings (a laptop lid closed, a dropped network). */
  function keepAlive(ws: import('ws').WebSocket): void {
    let alive = true;
    ws.on('pong', () => (alive = true));
    const timer = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);
    timer.unref();
    ws.on('close', () => clearInterval(timer));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info('server.listening', { url, static: Boolean(serveStatic) });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    rooms,
    storage,
    close: () =>
      (closing ??= (async () => {
        server.close();
        await rooms.closeAll();
        for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'The server is shutting down.');
        wss.close();
        server.closeAllConnections();
        await storage.close();
        await bus?.close();
      })()),
  };
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { message } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The path without the query string: tokens travel in it and must never reach a log. */
function safePath(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0] ?? '';
}

/** Vite fingerprints everything under /assets, so those files can be cached for good; index.html never is. */
function immutableAssets(res: ServerResponse, pathname: string): void {
  res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
}
