import { describe, expect, it } from 'vitest';
import { Backoff, PAUSE_MS, backoffDelay, isTerminalClose, reconnectDelay } from '../../client/lib/reconnect';

describe('reconnection backoff', () => {
  it('grows exponentially up to the cap', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5, 10, 50].map((attempt) => backoffDelay(attempt, top))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('is jittered over the whole interval, so clients spread out after a restart', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(1000);
    // 1,000 clients on their third retry, with evenly spread random draws: spread over the interval, not one instant.
    const delays = Array.from({ length: 1000 }, (_, i) => backoffDelay(2, () => (i + 0.5) / 1000));
    const buckets = new Set(delays.map((delay) => Math.min(9, Math.floor(delay / 100)))); // tenths of the interval
    expect(buckets.size).toBe(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(Backoff.baseMs * 4);
    expect(new Set(Array.from({ length: 50 }, () => backoffDelay(2))).size).toBeGreaterThan(1); // the real draw varies
  });

  it('pauses at least a second (jittered up to two) when the server asks for a pause, whatever the attempt', () => {
    for (const code of [4529, 4503]) {
      expect(reconnectDelay(code, 0, () => 0)).toBe(PAUSE_MS);
      expect(reconnectDelay(code, 0, () => 0.999_999)).toBe(2 * PAUSE_MS);
      expect(reconnectDelay(code, 10, () => 0.999_999)).toBe(Backoff.capMs); // later attempts back off as ever
    }
    expect(reconnectDelay(1006, 0, () => 0.5)).toBe(backoffDelay(0, () => 0.5)); // a dropped network comes back quickly
  });

  it('does not retry after a terminal refusal', () => {
    expect(isTerminalClose(4401)).toBe(true); // link revoked
    expect(isTerminalClose(4404)).toBe(true); // board gone
    expect(isTerminalClose(4400)).toBe(true); // malformed data
    expect(isTerminalClose(4503)).toBe(false); // try again later
    expect(isTerminalClose(1006)).toBe(false); // network dropped
    expect(isTerminalClose(1001)).toBe(false); // server restarting
  });
});
