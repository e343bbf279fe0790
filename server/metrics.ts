/**
 * How the server is doing, in the Prometheus text format (`GET /metrics`, behind `WHYBOARD_METRICS_TOKEN`): boards
 * open, connections by role, updates in and frames out, the latency of an update, of its acknowledgement, of storage
 * and of Redis, storage errors; and prom-client's process metrics (event loop delay, memory, CPU, garbage collection).
 * Rates ("per second") are Prometheus's to compute from the counters: `rate(whyboard_updates_received_total[1m])`.
 *
 * One registry per process. The code that does the work counts it here (`metrics.updatesIn.inc()`), as it logs: a
 * counter is an addition, cheap enough for every frame.
 */
import client from 'prom-client';
import type { Role } from '../shared/protocol';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

/** Buckets for work measured in milliseconds: applying an update, a commit, a publish (in seconds, as Prometheus has it). */
const FAST = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** A latency histogram in seconds, on the fast buckets, in the registry. */
const seconds = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
  new client.Histogram<L>({ name, help, labelNames, buckets: FAST, registers: [registry] });

/** What storage does, for its latency and its errors. */
export type StorageOp = 'append' | 'meeting' | 'milestone' | 'compaction';

export const metrics = {
  updatesIn: new client.Counter({
    name: 'whyboard_updates_received_total',
    help: 'Document updates received from clients and applied.',
    registers: [registry],
  }),
  updatesRefused: new client.Counter({
    name: 'whyboard_updates_refused_total',
    help: 'Document updates refused (a viewer, a locked board, over a limit, a change the schema refuses).',
    registers: [registry],
  }),
  framesOut: new client.Counter({ name: 'whyboard_frames_sent_total', help: 'WebSocket frames sent to clients.', registers: [registry] }),
  updateSeconds: seconds('whyboard_update_seconds', 'From an update received to its relay to the board: checked, applied and sent at the end of its turn.'),
  ackSeconds: seconds('whyboard_ack_seconds', 'From an update received to the moment it is durable, and its sender can be told "Saved".'),
  storageSeconds: seconds('whyboard_storage_seconds', 'Storage writes that succeeded, by operation.', ['op'] as const),
  storageErrors: new client.Counter({
    name: 'whyboard_storage_errors_total',
    help: 'Storage writes that failed (each is retried), by operation.',
    labelNames: ['op'] as const,
    registers: [registry],
  }),
  redisPublishSeconds: seconds('whyboard_redis_publish_seconds', 'Publishing a change to the other instances through Redis.'),
};

/** What the gauges read when scraped: the rooms of each server running in this process (tests run several). */
export interface RoomsView {
  boardsOpen(): number;
  connectionsByRole(): Record<Role, number>;
}
const views = new Set<RoomsView>();

new client.Gauge({
  name: 'whyboard_boards_open',
  help: 'Boards loaded in memory (open, or idle for a moment after the last person left).',
  registers: [registry],
  collect() {
    this.set([...views].reduce((sum, view) => sum + view.boardsOpen(), 0));
  },
});
new client.Gauge({
  name: 'whyboard_connections',
  help: 'Sockets open, by the role their link grants.',
  labelNames: ['role'] as const,
  registers: [registry],
  collect() {
    const totals: Record<Role, number> = { facilitator: 0, editor: 0, viewer: 0 };
    for (const view of views) for (const [role, count] of Object.entries(view.connectionsByRole()) as Array<[Role, number]>) totals[role] += count;
    for (const [role, count] of Object.entries(totals)) this.set({ role }, count);
  },
});

/** Counts a server's rooms in the gauges until the returned function is called (when it closes). */
export function watchRooms(view: RoomsView): () => void {
  views.add(view);
  return () => views.delete(view);
}

/** Runs `work`, observing how long it took in `histogram` when it succeeds. */
export async function timed<T>(histogram: client.Histogram, work: () => Promise<T>): Promise<T> {
  const stop = histogram.startTimer();
  const result = await work();
  stop();
  return result;
}
