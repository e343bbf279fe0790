import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ACTION_KINDS,
  ACTION_STATUSES,
  BoardError,
  CAUSE_STATUSES,
  COMPLAINT_ID,
  addAction,
  addSiblingCause,
  askWhy,
  deleteCause,
  editCause,
  markRootCause,
  moveCause,
  readBoard,
  updateAction,
  updateCause,
  updateLetter,
  type BoardSnapshot,
} from '../../shared/board';
import { readMeetingMessage } from '../../shared/meeting';
import { MessageType } from '../../shared/protocol';
import type { WhyboardServer } from '../../server/createServer';
import type { ServerLimits } from '../../server/limits';
import { connectionOf, type Origin } from '../../server/room/origins';
import { mustRun, services, startPostgres, startRedis, type Service } from '../../scripts/localServices';
import { mulberry32 } from '../fixtures/random';
import { connectClient, connectMeetingClient, createBoard, startTestServer, type TestClient } from '../fixtures/server';

/** Seeds on one server in `npm test`; WHYBOARD_FUZZ_SEEDS=10000 in `npm run test:long`. */
const SEEDS = Number(process.env.WHYBOARD_FUZZ_SEEDS ?? 200);
/** Seeds on two instances sharing PostgreSQL and Redis in `npm test`: fewer, the same meetings on another path. */
const CLUSTER_SEEDS = Number(process.env.WHYBOARD_FUZZ_CLUSTER_SEEDS ?? 100);
/**
 * Seeds running at once against the same server(s). Their messages then interleave on the server as a busy
 * server's do; the delete that once arrived after the check (seed 653) only showed with several seeds at once.
 */
const PARALLEL = Number(process.env.WHYBOARD_FUZZ_PARALLEL ?? 8);
/**
 * Seeds that once found a bug, replayed by name forever, on one server or on two instances. Add a failing seed here
 * with a word on what it found.
 */
const REGRESSIONS: Array<[seed: number, what: string]> = [];
const CLUSTER_REGRESSIONS: Array<[seed: number, what: string]> = [
  [3, 'an unlock heard from the other instance asks that instance’s editors for what they wrote during the lock'],
];
const ME = 'fuzz';
/** Generous limits: the fuzz is about convergence, and PARALLEL seeds share one address. */
const LIMITS: Partial<ServerLimits> = {
  connectionsPerIp: 1000,
  httpConnectionsPerIp: 2000,
  updatesPerSecond: 1000,
  updateBurst: 1000,
  boardsPerMinute: 100_000,
};

// Every y-websocket provider listens for the process's exit: PARALLEL seeds hold about a hundred at once.
process.setMaxListeners(0);

/** What a run did, to be sure it did something, and to print as its figures. */
interface Stats {
  /** Operations editors and the facilitator applied to their replicas (and refused, as the operations do). */
  applied: number;
  refused: number;
  /** Operations viewers applied to their own replicas: none may reach the board. */
  viewerWrites: number;
  /** Lock and unlock commands the facilitator sent mid-edit. */
  locks: number;
  /** Times the server told an editor the board was locked. */
  lockRefusals: number;
  drops: number;
  causes: number;
}
const newStats = (): Stats => ({ applied: 0, refused: 0, viewerWrites: 0, locks: 0, lockRefusals: 0, drops: 0, causes: 0 });

/** A WebSocket whose messages leave after a random delay (some at once, some up to 30 ms late, out of order). */
const delayedSocket = (random: () => number) =>
  class DelayedSocket extends WebSocket {
    // y-websocket calls send(data) only.
    override send(data: Uint8Array): void {
      if (random() < 0.6) return super.send(data);
      setTimeout(() => this.readyState === WebSocket.OPEN && super.send(data), random() * 30);
    }
  };

/** The board invariants every replica must satisfy after any merge. */
function checkInvariants(board: BoardSnapshot): void {
  expect(new Set(board.causeIds).size).toBe(board.causeIds.length);
  for (const id of board.causeIds) {
    const cause = board.causes[id]!;
    const parentDepth = cause.parentId === COMPLAINT_ID ? 0 : board.causes[cause.parentId]?.depth;
    expect(parentDepth, `the parent of ${id} is on the board`).toBeDefined();
    expect(cause.depth).toBe(parentDepth! + 1);
    const siblings = cause.parentId === COMPLAINT_ID ? board.complaint.childIds : board.causes[cause.parentId]!.childIds;
    expect(siblings).toContain(id);
  }
  expect(board.rootCauseIds.every((id) => board.causes[id]?.isRoot)).toBe(true);
  expect(board.actionIds.every((id) => board.causes[board.actions[id]!.causeId])).toBe(true);
}

/** Whether `doc` holds every struct and every deletion `source` holds (and maybe more of its own). */
function holdsAll(doc: Y.Doc, source: Y.Doc): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.snapshot(copy);
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source, Y.encodeStateVector(copy)));
  const unchanged = Y.equalSnapshots(Y.snapshot(copy), before);
  copy.destroy();
  return unchanged;
}

/**
 * One seeded meeting on `instances` (clients spread over them in turn): 3–8 editors, a facilitator who edits too and
 * locks and unlocks the board mid-edit, and 1–2 viewers who edit their own replicas; 40 random operations with drops,
 * reconnects and late delivery. In the end the board must be exactly what the editors and the facilitator wrote (every
 * edit refused during a lock asked for again after it, nothing a viewer wrote), on every instance and every replica.
 */
async function runSeed(seed: number, instances: WhyboardServer[], stats: Stats): Promise<void> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const word = () =>
    pick(['form', 'price', 'till', 'order', 'manager', 'calendar', 'checklist', '']) + (random() < 0.3 ? ` ${Math.floor(random() * 100)}` : '');
  // Message delays draw from their own stream: which operations run is then the seed's alone, whatever the timing.
  const Socket = delayedSocket(mulberry32(~seed));
  const board = await createBoard(instances[seed % instances.length]!.url);

  // The board it must end as: its first state and every change made by those who may write, applied as they make them.
  const written = new Y.Doc();
  for (const update of await instances[0]!.storage.load(board.id)) Y.applyUpdate(written, update);
  // Each instance checks what it applies: never a viewer's update, never an editor's while it knows the board is locked.
  const misapplied: string[] = [];
  const watches = instances.map((instance) => {
    const room = instance.rooms.get(board.id);
    const watch = (_update: Uint8Array, origin: Origin) => {
      const connection = connectionOf(origin);
      if (!connection) return;
      if (connection.role === 'viewer') misapplied.push('a viewer’s update');
      if (connection.role === 'editor' && room.meetingState.locked) misapplied.push('an editor’s update during the lock');
    };
    room.doc.on('update', watch);
    return { room, stop: () => room.doc.off('update', watch) };
  });
  const rooms = watches.map(({ room }) => room);

  let joined = 0;
  const nextUrl = () => instances[joined++ % instances.length]!.url;
  // The first editor asks for the meeting, as Whyboard's page does (the server tells only such clients that the lock
  // dropped an edit); the others are stock y-websocket clients. Not all of them: participants joining on one instance
  // while the facilitator locks on the other can lose the lock there (the meeting travels as a whole state; see the
  // stop 27 note), which is a bug of its own to fix, not this test's subject.
  const editors = Array.from({ length: 3 + Math.floor(random() * 6) }, (_, i) =>
    connectClient(nextUrl(), board.id, board.tokens.editor, i === 0 ? { meeting: '1', person: 'fuzz-editor-0' } : {}, Socket),
  );
  const facilitator = connectMeetingClient(nextUrl(), board.id, board.tokens.facilitator, 'Fran');
  const viewers = Array.from({ length: 1 + Math.floor(random() * 2) }, () => connectClient(nextUrl(), board.id, board.tokens.viewer, {}, Socket));
  const writers: TestClient[] = [...editors, facilitator];
  const everyone = [...writers, ...viewers];
  for (const editor of editors) {
    editor.provider.messageHandlers[MessageType.meeting] = (_encoder, decoder) => {
      const message = readMeetingMessage(decoder);
      if (message.type === 'refused' && message.command === 'edit') stats.lockRefusals++;
    };
  }
  for (const writer of writers) writer.doc.on('update', (update: Uint8Array, origin: unknown) => origin === ME && Y.applyUpdate(written, update));
  try {
    // Bounded: a client that never syncs fails its seed (and says so) instead of holding the run for its hour.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(everyone.map((client) => client.synced)),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('a client did not finish its first sync within 15 s')), 15_000))),
    ]).finally(() => clearTimeout(timer));
    const ops: Array<(doc: Y.Doc, snapshot: BoardSnapshot) => unknown> = [
      (doc, b) => askWhy(doc, pick([COMPLAINT_ID, ...b.causeIds]), { text: word(), createdBy: 'fuzz' }, ME),
      (doc, b) => addSiblingCause(doc, pick(b.causeIds), { text: word() }, ME),
      (doc, b) => editCause(doc, pick(b.causeIds), word(), ME),
      (doc, b) => updateCause(doc, pick(b.causeIds), { status: pick(CAUSE_STATUSES), evidence: word(), inControl: random() < 0.8 }, ME),
      (doc, b) => markRootCause(doc, pick(b.causeIds), random() < 0.6, ME),
      (doc, b) => deleteCause(doc, pick(b.causeIds), ME),
      (doc, b) => moveCause(doc, pick(b.causeIds), pick([COMPLAINT_ID, ...b.causeIds]), ME),
      (doc, b) => addAction(doc, pick(b.causeIds), { text: word(), kind: pick(ACTION_KINDS), owner: word() }, ME),
      (doc, b) => updateAction(doc, pick(b.actionIds), { status: pick(ACTION_STATUSES), due: random() < 0.5 ? '2026-12-01' : '' }, ME),
      (doc) => updateLetter(doc, { text: word(), contactName: word() }, ME),
    ];
    let locked = false;
    for (let step = 0; step < 40; step++) {
      if (random() < 0.1 && facilitator.provider.wsconnected) {
        locked = !locked;
        facilitator.send({ type: 'lock.set', locked });
        stats.locks++;
      }
      const client = pick(everyone);
      if (random() < 0.08) {
        // A dropped connection (edits go on offline), or one coming back.
        if (client.provider.wsconnected || client.provider.wsconnecting) {
          client.provider.disconnect();
          stats.drops++;
        } else client.provider.connect();
      }
      const snapshot = readBoard(client.doc);
      const op = pick(ops);
      // Operations on a cause need one; with none yet, ask why first.
      try {
        (snapshot.causeIds.length === 0 ? ops[0]! : op)(client.doc, snapshot);
        if (viewers.includes(client)) stats.viewerWrites++;
        else stats.applied++;
      } catch (error) {
        // Operations refuse what makes no sense (a move under its own branch, a cause someone deleted): fine.
        if (!(error instanceof BoardError)) throw error;
        stats.refused++;
      }
      if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, random() * 10));
    }
    // Heal: everyone back online, and the meeting ends unlocked (every instance knows), so what editors wrote during
    // the lock is asked for again; every replica and instance must then converge on one board that holds together.
    for (const client of everyone) if (!client.provider.wsconnected && !client.provider.wsconnecting) client.provider.connect();
    await vi.waitFor(() => expect(facilitator.provider.wsconnected).toBe(true), { timeout: 15_000 });
    facilitator.send({ type: 'lock.set', locked: false });
    await vi.waitFor(() => expect(rooms.map((room) => room.meetingState.locked)).toEqual(rooms.map(() => false)), { timeout: 15_000 });
    // Converged means the same structs and the same deletions: a delete does not move a state vector, so state
    // vectors alone can look equal while a deletion is still on its way (what made seed 653 fail once).
    await vi.waitFor(
      () => {
        const expected = Y.snapshot(rooms[0]!.doc);
        const replicas = [
          ...rooms.map((room, i) => [`instance ${i}`, room.doc] as const),
          ...writers.map((writer, i) => [i < editors.length ? `editor ${i}` : 'the facilitator', writer.doc] as const),
        ];
        for (const [name, doc] of replicas) expect(Y.equalSnapshots(Y.snapshot(doc), expected), `${name} has converged`).toBe(true);
        // Viewers hold the board too, besides their own writes, which went nowhere.
        for (const [i, viewer] of viewers.entries()) expect(holdsAll(viewer.doc, rooms[0]!.doc), `viewer ${i} holds the board`).toBe(true);
      },
      { timeout: 15_000, interval: 20 },
    );
    expect(misapplied).toEqual([]);
    expect(Y.equalSnapshots(Y.snapshot(rooms[0]!.doc), Y.snapshot(written)), 'the board holds what its writers wrote, and nothing else').toBe(true);
    const reference = readBoard(rooms[0]!.doc);
    checkInvariants(reference);
    for (const writer of writers) expect(readBoard(writer.doc)).toEqual(reference);
    stats.causes += reference.causeIds.length;
  } finally {
    for (const client of everyone) client.destroy();
    for (const { stop } of watches) stop();
    written.destroy();
  }
}

/**
 * Divergences after which a run starts no more seeds: each one waits out its timeout, so a server that diverges on
 * every other seed would turn 10,000 seeds into hours; ten say enough.
 */
const MAX_FAILURES = 10;

/** What a run of seeds came to: how many ran, and how each failing seed failed. */
interface Outcome {
  ran: number;
  failures: string[];
}

/** Runs seeds 0…count-1, PARALLEL at a time (fewer once MAX_FAILURES have failed). */
async function runSeeds(count: number, run: (seed: number) => Promise<void>): Promise<Outcome> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count && failures.length < MAX_FAILURES) {
      const seed = next++;
      await run(seed).catch((error: unknown) => failures.push(`seed ${seed}: ${String(error).split('\n')[0]}`));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, count) }, worker));
  return { ran: next, failures };
}

/** Prints a run's figures (`npm run test:long` collects the lines) and checks it did what it was meant to. */
function report(name: string, seeds: number, { ran, failures }: Outcome, stats: Stats, started: number): void {
  console.info(
    `[figures] fuzz ${name}: ${ran} of ${seeds} seeds, ${PARALLEL} at a time; ${stats.applied} operations applied (${stats.refused} refused), ` +
      `${stats.viewerWrites} viewer writes dropped, ${stats.locks} locks and unlocks (${stats.lockRefusals} edits refused while locked), ` +
      `${stats.drops} drops; ${failures.length} divergences; ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  expect(failures).toEqual([]);
  expect(ran).toBe(seeds);
  expect(stats.applied).toBeGreaterThan(seeds * 20);
  expect(stats.viewerWrites).toBeGreaterThan(seeds);
  expect(stats.locks).toBeGreaterThan(seeds);
  expect(stats.lockRefusals).toBeGreaterThan(0);
  expect(stats.drops).toBeGreaterThan(seeds);
  expect(stats.causes).toBeGreaterThan(seeds * 5);
}

describe('fuzz: a meeting of editors, a facilitator and viewers, with drops, reconnects, late delivery and locks', () => {
  let server: WhyboardServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: LIMITS });
  });
  afterAll(() => server.close());

  it(`converges on the writers' board, and nothing else, for each of ${SEEDS} seeds`, async () => {
    const stats = newStats();
    const started = performance.now();
    const outcome = await runSeeds(SEEDS, (seed) => runSeed(seed, [server], stats));
    report('on one server', SEEDS, outcome, stats, started);
  }, 3_600_000);

  for (const [seed, what] of REGRESSIONS) it(`seed ${seed}: ${what}`, () => runSeed(seed, [server], newStats()), 60_000);
});

const clusterHere = (services.postgres && services.redis) || mustRun;
describe.skipIf(!clusterHere)('fuzz: the same meetings on two instances sharing PostgreSQL and Redis', () => {
  let postgres: Service;
  let redis: Service;
  let instances: WhyboardServer[];
  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const shared = { databaseUrl: postgres.url, redisUrl: redis.url, limits: LIMITS };
    instances = await Promise.all([startTestServer(shared), startTestServer(shared)]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(instances?.map((instance) => instance.close()) ?? []);
    await Promise.all([postgres?.stop(), redis?.stop()]);
  });

  it('an editor on the other instance is asked again, after the unlock, for what it wrote during the lock', async () => {
    const [a, b] = instances;
    const board = await createBoard(a!.url);
    const facilitator = connectMeetingClient(a!.url, board.id, board.tokens.facilitator, 'Fran');
    const editor = connectMeetingClient(b!.url, board.id, board.tokens.editor, 'Ed');
    try {
      await Promise.all([facilitator.synced, editor.synced]);
      facilitator.send({ type: 'lock.set', locked: true });
      await vi.waitFor(() => expect(editor.state()?.locked).toBe(true));
      const id = askWhy(editor.doc, COMPLAINT_ID, { text: 'written during the lock' }, ME);
      await vi.waitFor(() => expect(editor.refusal()).toMatch(/locked the board/));
      facilitator.send({ type: 'lock.set', locked: false });
      await vi.waitFor(() => expect(editor.state()?.locked).toBe(false));
      await vi.waitFor(() => expect(readBoard(facilitator.doc).causes[id]?.text).toBe('written during the lock'), { timeout: 5_000 });
    } finally {
      facilitator.destroy();
      editor.destroy();
    }
  });

  it(`converges on the writers' board on both instances for each of ${CLUSTER_SEEDS} seeds`, async () => {
    const stats = newStats();
    const started = performance.now();
    const outcome = await runSeeds(CLUSTER_SEEDS, (seed) => runSeed(seed, instances, stats));
    report('on two instances', CLUSTER_SEEDS, outcome, stats, started);
  }, 3_600_000);

  for (const [seed, what] of CLUSTER_REGRESSIONS) it(`seed ${seed}: ${what}`, () => runSeed(seed, instances, newStats()), 60_000);
});
