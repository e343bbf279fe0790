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
