import { z } from 'zod';

/**
 * Limits at the network edge, each with a named close code or HTTP status (see SECURITY.md). Defaults suit a team's
 * server; `WHYBOARD_LIMITS` (JSON, e.g. `{"connectionsPerIp": 100}`) or the server options change any of them.
 */
export const ServerLimits = z.strictObject({
  /** One WebSocket message. Bigger: the socket is closed with 1009 (message too big). */
  messageBytes: z.number().int().positive().default(1024 * 1024),
  /** A board's document (its stored updates). An update that would pass it closes the socket with 4413. */
  boardBytes: z.number().int().positive().default(5 * 1024 * 1024),
  /** Document updates a connection may send a second, sustained (bursts of `updateBurst`); over it: 4429. */
  updatesPerSecond: z.number().positive().default(50),
  updateBurst: z.number().int().positive().default(200),
  /** People on one board at once; more: HTTP 503 at the upgrade. */
  connectionsPerBoard: z.number().int().positive().default(250),
  /** Sockets from one IP address (a meeting room behind one NAT counts once per person); more: HTTP 429. */
  connectionsPerIp: z.number().int().positive().default(100),
  /** A JSON request body (a new board); bigger: HTTP 413. */
  restBodyBytes: z.number().int().positive().default(64 * 1024),
  /** A board file to import, or a report with its canvas picture; bigger: HTTP 413. */
  importBodyBytes: z.number().int().positive().default(8 * 1024 * 1024),
  /** How long a board may take to load; sockets still waiting then are closed with 4503 (try again). */
  loadTimeoutMs: z.number().int().positive().default(15_000),
});
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
    throw new Error(`WHYBOARD_LIMITS: ${issue.path.join('.') || 'value'}: ${issue.code === 'unrecognized_keys' ? `unknown limit ${issue.keys.join(', ')}` : issue.message}`);
  }
  return parsed.data;
}
