import { BoardError } from '../shared/board';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiErrorCode, CloseCode, boardIdInPath } from '../shared/protocol';
import { AddressQuota } from './AddressQuota';
import type { ApiContext } from './api';
import { router } from './operations';
import type { Found } from './router';
import { SpaceContents } from './spaceContents';
import { staticFiles } from './staticFiles';
import { SQLITE_FILE, type Config } from './config';
import { HttpError, SECURITY_HEADERS, clientAddress, errorBody, requestId, sendError } from './http';
import { limitConnectionsPerAddress } from './limitConnectionsPerAddress';
import { consoleLogger, inRequest, type Logger } from './log';
import { watchRooms } from './metrics';
import { readLimits, type ServerLimits } from './limits';
import { RedisBus } from './RedisBus';
import { RoomManager } from './RoomManager';
import { COMPACT_AFTER_APPENDS } from './room/BoardLog';
import { PostgresStorage } from './storage/PostgresStorage';
import { SqliteStorage } from './storage/SqliteStorage';
import type { Storage } from './storage/Storage';
import { boardAccess } from './tokens';
import { WorkPool } from './work/WorkPool';
import { workerScript } from './work/workerScript';
import { LOOPBACK_HOSTS, TrustedHosts } from './TrustedHosts';

export interface ServerOptions extends Partial<Config> {
  /** Defaults to SQLite in `dataDir`. */
  storage?: Storage;
  logger?: Logger;
  /** Over `WHYBOARD_LIMITS` and the defaults (server/limits.ts). */
  limits?: Partial<ServerLimits>;
  /** How long a quiet connection waits for a heartbeat (server/Room.ts); shorter in tests. */
  heartbeatMs?: number;
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
/** Node's default: an idle keep-alive connection is closed after 5 s (proxies in front keep theirs shorter). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Starts Whyboard: the built client, the JSON API and the sync endpoint on one port. */
export async function startServer(options: ServerOptions = {}): Promise<WhyboardServer> {
  const logger = options.logger ?? consoleLogger;
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? path.resolve('data');
  const limits = readLimits(options.limitsJson, options.limits);
  // Instances that share rooms must share their storage: an SQLite file belongs to one process (two processes
  // compacting one file's history at once could fold away a change).
  if (options.redisUrl && !options.databaseUrl && !options.storage) {
    throw new Error('REDIS_URL shares rooms between instances, which must then share PostgreSQL: set DATABASE_URL too (SQLite is for one process).');
  }
  const storage =
    options.storage ?? (options.databaseUrl ? new PostgresStorage(options.databaseUrl) : new SqliteStorage(path.join(dataDir, SQLITE_FILE), logger));
  const bus = options.redisUrl ? new RedisBus(options.redisUrl, logger) : undefined;
  /** Long work (exports, imports, reading boards that are not open) runs in worker threads, off the event loop. */
  const work = new WorkPool();
  // Its script built now (when the server runs from its sources), so the first summary or export does not wait for it.
  void workerScript('work').catch(() => undefined);
  const rooms = new RoomManager({
    bus,
    storage,
    logger,
    idleMs: options.idleMs ?? 30_000,
    compactAfter: COMPACT_AFTER_APPENDS,
    heartbeatMs: options.heartbeatMs,
    loadBuffer: { messages: 1000, bytes: 8 * limits.messageBytes },
    limits,
  });
  const trustedHosts = new TrustedHosts([
    ...LOOPBACK_HOSTS,
    ...(options.publicUrl ? [new URL(options.publicUrl).host] : []),
    // The address it binds, when it is one: an address is no DNS name, so it cannot be rebound.
    ...(host === '0.0.0.0' || host === '::' ? [] : [host.includes(':') ? `[${host}]` : host]),
    ...(options.allowedHosts ?? []),
  ]);
  // Requests and upgrades whose Host is not trusted are refused before anything reads it here.
  const publicOrigin = (req: IncomingMessage) => options.publicUrl ?? `http://${req.headers.host}`;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  /**
   * Whether a page at `origin` is this server's own: the public URL's; without one, the Host the request names (already
   * trusted) over http or https: behind a TLS proxy the page is https while this server hears http.
   */
  const ownOrigin = (origin: string, req: IncomingMessage): boolean => {
    if (options.publicUrl) return origin === new URL(options.publicUrl).origin;
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    return !!url && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin && url.host === req.headers.host?.toLowerCase();
  };
  /** Sockets open per client address. */
  const perIp = new Map<string, number>();
  /** The `POST` routes that create a board, each with its quota per address and what the quota allows, in words. */
  const creations = { perAddress: AddressQuota.perMinute(limits.boardsPerMinute), allows: `${limits.boardsPerMinute} new boards a minute` };
  const imports = { perAddress: AddressQuota.perMinute(limits.importsPerMinute), allows: `${limits.importsPerMinute} imports a minute` };
  const updateBytes = new AddressQuota({ perSecond: limits.updateBytesPerSecond, burst: limits.messageBytes });
  const historyBytes = AddressQuota.perMinute(limits.historyBytesPerMinute);
  const quotas = { creations, imports };

  const staticDir = options.staticDir ?? path.resolve('dist');
  const serveStatic = fs.existsSync(path.join(staticDir, 'index.html')) ? staticFiles(staticDir) : undefined;
  const boardHtml = fs.existsSync(path.join(staticDir, 'board.html'));

  // Slow requests are cut with 408: a client trickling bytes to hold connections open gets nothing for it. Node looks
  // for them every `connectionsCheckingInterval` (by default 30 s, which would triple a 10 s timeout).
  const timeouts = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  };
  // Metrics read the rooms when scraped; readiness asks storage, and the rooms whether their writes go through.
  const stopWatching = watchRooms({ boardsOpen: () => rooms.size, connectionsByRole: () => rooms.connectionsByRole() });
  async function unreadiness(): Promise<string[]> {
    if (closing) return ['The server is stopping.'];
    const problems: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${READY_WAIT_MS} ms`)), READY_WAIT_MS)));
    try {
      await Promise.race([storage.ping(), wait]);
    } catch (error) {
      // Said in the log, not to whoever asks (the probe is open to all): a driver's error can name hosts and users.
      logger.warn('storage.not_ready', { error });
      problems.push('Storage does not answer.');
    } finally {
      clearTimeout(timer);
    }
    const notSaving = rooms.notSaving();
    if (notSaving > 0) problems.push(`Storage refuses writes: ${notSaving} open ${notSaving === 1 ? 'board is' : 'boards are'} waiting to be saved.`);
    return problems;
  }

  const server = http.createServer(timeouts, (req, res) => {
    const request = requestId(req);
    res.setHeader('X-Request-Id', request);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (logger.debug) {
      // As asked for (before a board's address is served as board.html), without its query, and cut: a client chooses it.
      const asked = { method: req.method, path: safePath(req).slice(0, 200) };
      const started = performance.now();
      res.once('close', () => logger.debug?.('http.request', { request, ...asked, status: res.statusCode, ms: Math.round(performance.now() - started) }));
    }
    void inRequest(request, () => handleRequest(req, res)).catch((error: unknown) => {
      if (error instanceof HttpError) return sendError(res, error);
      // A board operation refusing what a request asked for (a day that does not exist): the request's fault, said as such.
      if (error instanceof BoardError && !res.headersSent) return sendError(res, new HttpError(400, ApiErrorCode.invalidBody, error.message));
      logger.error('http.failed', { method: req.method, path: safePath(req), error });
      if (!res.headersSent) sendError(res, new HttpError(500, ApiErrorCode.internal, 'Something went wrong on the server.'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  limitConnectionsPerAddress(server, limits.httpConnectionsPerIp, logger);

  const context: ApiContext = {
    storage,
    rooms,
    publicOrigin,
    logger,
    bodyLimit: limits.restBodyBytes,
    importLimit: limits.importBodyBytes,
    boardBytes: limits.boardBytes,
    work,
    mail: { smtpUrl: options.smtpUrl, smtpFrom: options.smtpFrom },
    historyBytes,
    spaces: new SpaceContents(rooms, work, storage, logger),
    readiness: unreadiness,
    metricsToken: options.metricsToken,
  };

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    let found: Found | undefined;
    let refused: HttpError | undefined;
    try {
      found = router.find(req.method ?? 'GET', url.pathname);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      refused = error;
    }
    // Probes and scrapes come before the Host check: a load balancer or Prometheus names the instance by its address.
    if (found?.operation.probe) return router.run(found, req, res, url, context);
    const misdirected = trustedHosts.refusal(req.headers.host);
    if (misdirected) throw misdirected;
    if (refused) throw refused;
    const quota = found?.operation.quota && quotas[found.operation.quota];
    if (quota && !quota.perAddress.take(clientAddress(req))) {
      const wait = quota.perAddress.retryAfterSeconds;
      throw new HttpError(
        429,
        ApiErrorCode.tooManyRequests,
        `This address may make ${quota.allows}. Try again in ${wait === 1 ? '1 second' : `${wait} seconds`}.`,
        undefined,
        wait,
      );
    }
    if (found) return router.run(found, req, res, url, context);
    // No page's path starts with `//`: a client whose base URL ends in a slash is told so, not sent the app.
    if (url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname.startsWith('//')) {
      throw new HttpError(404, ApiErrorCode.notFound, 'No such API route.');
    }
    onlyGetOrHead(req, res);
    if (!serveStatic) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('The client is not built. Run `npm run build` (or `npm start`, which builds it).');
    }
    // A board's address gets the page that asks for the board's chunks with the entry (vite.config.ts, board.html);
    // any other page's, the app's page. What is not sent (source maps, dotfiles): see staticFiles.ts.
    const page = boardIdInPath(url.pathname) && boardHtml ? '/board.html' : '/index.html';
    if (serveStatic.serve(req, res, url.pathname, page) === 'missing') throw new HttpError(404, ApiErrorCode.notFound, 'Not found.');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.messageBytes });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A socket without an error listener takes the process down when the peer misbehaves.
    socket.on('error', () => socket.destroy());
    void inRequest(requestId(req), () => upgrade(req, socket, head)).catch((error: unknown) => {
      logger.error('upgrade.failed', { path: safePath(req), error });
      refuseUpgrade(socket, new HttpError(500, ApiErrorCode.internal, 'Something went wrong on the server.'));
    });
  });

  /** Authenticates before the WebSocket exists: a refused client never receives a document byte. */
  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = requestUrl(req);
    const misdirected = trustedHosts.refusal(req.headers.host);
    if (misdirected) return refuseUpgrade(socket, misdirected);
    const match = /^\/sync\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
    if (!match) return refuseUpgrade(socket, new HttpError(404, ApiErrorCode.notFound, 'No such endpoint.'));
    // Browsers always say which page opens a socket: only our own pages (and those configured) may. Other clients
    // (scripts, the stock y-websocket client in Node) send no Origin and are judged by their token alone.
    const origin = req.headers.origin;
    if (origin !== undefined && !ownOrigin(origin, req) && !allowedOrigins.has(origin)) {
      logger.warn('upgrade.foreign_origin', { origin: origin.slice(0, 200) });
      return refuseUpgrade(socket, new HttpError(403, ApiErrorCode.forbidden, 'This page may not open Whyboard boards.'));
    }
    const ip = clientAddress(req);
    if ((perIp.get(ip) ?? 0) >= limits.connectionsPerIp)
      return refuseUpgrade(socket, new HttpError(429, ApiErrorCode.tooManyRequests, 'Too many connections from this address.'));
    const boardId = match[1]!;
    const record = await storage.getBoard(boardId);
    if (!record) return refuseUpgrade(socket, new HttpError(404, ApiErrorCode.notFound, 'There is no such board.'));
    const access = await boardAccess(storage, record, url.searchParams.get('token'));
    if (!access) return refuseUpgrade(socket, new HttpError(401, ApiErrorCode.unauthorized, 'This board needs a valid token.'));
    if (rooms.connectionCount(boardId) >= limits.connectionsPerBoard) {
      return refuseUpgrade(socket, new HttpError(503, ApiErrorCode.busy, 'This board has as many people as it can take.'));
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
        ...access,
        name: searchParams.get('name') ?? '',
        ack: searchParams.get('ack') === '1',
        meeting: searchParams.get('meeting') === '1',
        person: searchParams.get('person'),
        takeUpdateBytes: (bytes) => updateBytes.take(ip, bytes),
      });
      keepAlive(ws);
      logger.info('ws.joined', { board: boardId, role: access.role });
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
        stopWatching();
        server.close();
        await rooms.closeAll();
        for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'The server is shutting down.');
        wss.close();
        server.closeAllConnections();
        await work.close();
        await storage.close();
        await bus?.close();
      })()),
  };
}

/**
 * A request's URL, its path as sent: `//api/boards` is that path, not a URL of host `api` (as resolving it against a
 * base would make it). A request-target in absolute form (from a proxy) is read as the URL it is.
 */
function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  return target.startsWith('/') ? new URL(`http://localhost${target}`) : URL.canParse(target) ? new URL(target) : new URL('http://localhost/');
}

/** Refuses an upgrade with an error in the API's shape, and closes the socket. */
function refuseUpgrade(socket: Duplex, error: HttpError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(errorBody(error));
  socket.end(
    `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Static files are read-only: anything but GET and HEAD is a 405 naming those two (the API's methods are its table's). */
function onlyGetOrHead(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  res.setHeader('Allow', 'GET, HEAD');
  throw new HttpError(405, ApiErrorCode.methodNotAllowed, 'Use GET or HEAD here.');
}

/** The path without the query string: tokens travel in it and must never reach a log. */
function safePath(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0] ?? '';
}

/** How long the readiness probe waits for storage to answer. */
const READY_WAIT_MS = 1_000;
