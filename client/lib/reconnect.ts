import { CloseCode } from '../../shared/protocol';

/**
 * Reconnection policy. y-websocket backs off exponentially but without jitter, so after a server restart every client
 * comes back in the same instant; this spreads them out ("full jitter": a uniform delay up to the exponential cap).
 */
export const Backoff = { baseMs: 250, capMs: 10_000 } as const;

/** The delay before reconnection attempt `attempt` (0 for the first): uniform in [0, min(cap, base × 2^attempt)]. */
export function backoffDelay(attempt: number, random: () => number = Math.random, { baseMs, capMs } = Backoff): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(random() * ceiling);
}

/** Close codes 4400–4499 mean the server refused on purpose (bad token, no such board, malformed data): retrying cannot help. */
export const isTerminalClose = (code: number): boolean => code >= 4400 && code < 4500;

/**
 * Codes by which the server asks for a pause before coming back (too many updates a second; too much sent while the
 * board loaded). The backoff starts again at each sync, so its first retry alone could come within 250 ms.
 */
const PAUSE_CODES: ReadonlySet<number> = new Set([CloseCode.tooManyUpdates, CloseCode.bufferFull]);
/** The least pause those codes ask for; each client waits up to twice that (jittered, like the backoff). */
export const PAUSE_MS = 1000;

/** The delay before reconnection attempt `attempt` after a close with `code`. */
export function reconnectDelay(code: number, attempt: number, random: () => number = Math.random): number {
  const delay = backoffDelay(attempt, random);
  return PAUSE_CODES.has(code) ? Math.max(delay, PAUSE_MS + Math.round(random() * PAUSE_MS)) : delay;
}
