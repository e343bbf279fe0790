/**
 * The load generator, in its own process: `clients` stock y-websocket clients on one board, each making an edit every
 * `1 / rate` seconds for `seconds`. Each edit carries its send time; every other client notes how long it took to
 * arrive (fan-out latency). Prints one JSON line: latencies' percentiles, edits sent, arrivals, and its own CPU.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const [url, room, token, clientCount, rate, seconds] = process.argv.slice(2);
const clients = Number(clientCount);
const perSecond = Number(rate);
const duration = Number(seconds) * 1000;

const docs = Array.from({ length: clients }, () => new Y.Doc());
const providers = docs.map(
  (doc) =>
    new WebsocketProvider(url!, room!, doc, {
      params: token ? { token } : {},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    }),
);
await Promise.all(providers.map((provider) => new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())))));

const latencies: number[] = [];
let counting = false;
docs.forEach((doc, i) => {
  doc.getMap<number>('edits').observe((event) => {
    if (!counting || event.transaction.local) return;
    const now = performance.timeOrigin + performance.now();
    for (const key of event.keysChanged) if (!key.startsWith(`${i}:`)) latencies.push(now - doc.getMap<number>('edits').get(key)!);
  });
});

const cpuBefore = process.cpuUsage();
counting = true;
let sent = 0;
const started = performance.now();
const timers = docs.map((doc, i) => {
  const interval = 1000 / perSecond;
  // Spread the clients' first edits over one interval, as people do not type in step.
  return setTimeout(function tick() {
    if (performance.now() - started > duration) return;
    doc.getMap<number>('edits').set(`${i}:${sent++}`, performance.timeOrigin + performance.now());
    timers[i] = setTimeout(tick, interval);
  }, Math.random() * interval);
});
await new Promise((resolve) => setTimeout(resolve, duration + 1500));
counting = false;
timers.forEach((timer) => clearTimeout(timer));
const cpu = process.cpuUsage(cpuBefore);
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
console.info(JSON.stringify({ sent, arrivals: latencies.length, expected: sent * (clients - 1), p50: at(0.5), p99: at(0.99), cpuMs: (cpu.user + cpu.system) / 1000 }));
providers.forEach((provider) => provider.destroy());
process.exit(0);
