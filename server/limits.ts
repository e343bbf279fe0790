import { z } from 'zod';

/** A whole number above zero, `fallback` when not given. */
const count = (fallback: number) => z.number().int().positive().default(fallback);

/**
 * Limits at the network edge, each with a named close code or HTTP status (see SECURITY.md). Defaults suit a team's
 * server; `WHYBOARD_LIMITS` (JSON, e.g. `{"connectionsPerIp": 100}`) or the server options change any of them.
 */
export const ServerLimits = z
  .strictObject({
    /** One WebSocket message. Bigger: the socket is closed with 1009 (message too big). */
    messageBytes: count(1024 * 1024),
    /** A board's document (its stored updates). An update that would pass it closes the socket with 4413. */
    boardBytes: count(5 * 1024 * 1024),
    /** Document updates a connection may send a second, sustained (bursts of `updateBurst`); over it: 4529. */
    updatesPerSecond: z.number().positive().default(50),
    /**
     * Bytes of document updates one IP address may send a second, sustained; bursts up to `messageBytes`. Each byte of an
     * update costs time to check and apply on the event loop every board shares (up to ~150 ms for a 1 MiB update of
     * characters typed backwards): people typing send a few kilobytes a second, an attacker reconnecting to send megabyte
     * after megabyte is cut off. Over it: 4529 (reconnect after a pause; nothing is lost).
     */
    updateBytesPerSecond: count(256 * 1024),
    updateBurst: count(200),
    /** People on one board at once; more: HTTP 503 at the upgrade. */
    connectionsPerBoard: count(250),
    /** Sockets from one IP address (a meeting room behind one NAT counts once per person); more: HTTP 429. */
    connectionsPerIp: count(100),
    /**
     * TCP connections one IP address holds open at once, whatever they carry: requests, and sync sockets once upgraded
     * (each is a file descriptor either way). A room of `connectionsPerIp` people keeps one socket each plus a few
     * short-lived requests while pages load; more: the connection is closed before a byte is read.
     */
    httpConnectionsPerIp: count(300),
    /** How long a client may take to send a request's headers (Node's default is a minute); longer: HTTP 408, closed. */
    headersTimeoutMs: count(10_000),
    /** How long a client may take to send a whole request, body included (an 8 MiB import at 1.2 Mbit/s); longer: 408. */
    requestTimeoutMs: count(60_000),
    /**
     * Boards one IP address may create a minute (`POST /api/boards` and `/api/boards/example`), a minute's worth at once:
     * a whole class behind one NAT opening the example together fits; a script creating thousands does not. More: 429.
     */
    boardsPerMinute: count(60),
    /** Board files one IP address may import a minute (each up to `importBodyBytes` to parse and store); more: 429. */
    importsPerMinute: count(10),
    /**
     * Bytes of board history (`GET /api/boards/:id/history/changes`, the replay's) one IP address may download a minute,
     * a minute's worth at once: a long history is a few megabytes, read and sent on the event loop. More: 429.
     */
    historyBytesPerMinute: count(64 * 1024 * 1024),
    /** A JSON request body (a new board); bigger: HTTP 413. */
    restBodyBytes: count(64 * 1024),
    /** A board file to import; bigger: HTTP 413. */
    importBodyBytes: count(8 * 1024 * 1024),
    /** How long a board may take to load; sockets still waiting then are closed with 4503 (try again). */
    loadTimeoutMs: count(15_000),
  })
  // Node refuses to start an HTTP server otherwise: the headers are part of the request.
  .refine((limits) => limits.headersTimeoutMs <= limits.requestTimeoutMs, { path: ['headersTimeoutMs'], message: 'must not be longer than requestTimeoutMs' });
export type ServerLimits = z.infer<typeof ServerLimits>;

/** The limits from `WHYBOARD_LIMITS` and the options, over the defaults; a bad value stops the server with a clear error. */
export function readLimits(json: string | undefined, overrides: Partial<ServerLimits> = {}): ServerLimits {
  let fromEnv: unknown = {};
  if (json) {
    try {
      fromEnv = JSON.parse(json);
    } catch {
      throw new Error('WHYBOARD_LIMITS must be JSON, for example {"connectionsPerIp": 100}.');
    }
  }
  const parsed = ServerLimits.safeParse({ ...(fromEnv as object), ...overrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `WHYBOARD_LIMITS: ${issue.path.join('.') || 'value'}: ${issue.code === 'unrecognized_keys' ? `unknown limit ${issue.keys.join(', ')}` : issue.message}`,
    );
  }
  return parsed.data;
}
