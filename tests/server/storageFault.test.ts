/**
 * A storage fault while people edit: the SQLite file is locked by another process (as a stuck backup, a full disk or a
 * read-only volume would stop every write). The meeting goes on live; nobody is told "Saved" for what is not stored;
 * everyone is told the server cannot save; and once storage is back, everything is stored and acknowledged.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard } from '../../shared/board';
import { connectMeetingClient, connectSavingClient, createBoard, startTestServer, tempDir, type SavingClient } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const clockOf = (client: SavingClient) => Y.getState(client.doc.store, client.doc.clientID);

describe('storage fails while five people edit', () => {
  it('they keep seeing each other live, are told the server cannot save, get no ack, and all is stored once it is back', async () => {
    const dataDir = tempDir();
    const server = await startTestServer({ dataDir });
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const people = Array.from({ length: 5 }, () => connectSavingClient(server.url, board.id, board.tokens.editor));
    cleanup.push(() => people.forEach((person) => person.destroy()));
    await Promise.all(people.map((person) => person.synced));

    // Another process takes the database's write lock and keeps it.
    const locker = new Database(path.join(dataDir, 'whyboard.db'));
    cleanup.push(() => locker.open && locker.close());
    locker.exec('BEGIN IMMEDIATE');
    const savedBefore = people.map(clockOf);
    // The server shares this process: a server stuck waiting for the lock shows as a stalled event loop.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();

    // Someone joins the meeting meanwhile, and the facilitator moves it on: meeting saves fail too, without stopping
    // the server while they wait for the lock.
    const lead = connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran');
    cleanup.push(() => lead.destroy());
    await lead.synced;
    lead.send({ type: 'phase.set', phase: 'vote' });
    await vi.waitFor(() => expect(lead.state()?.phase).toBe('vote'));

    const written: string[] = [];
    for (let round = 0; round < 8; round++) {
      for (const [index, person] of people.entries()) written.push(askWhy(person.doc, COMPLAINT_ID, { text: `round ${round} by ${index}` }, 'local'));
      // Live: each round reaches everyone at once, while nothing can be written.
      await vi.waitFor(
        () => {
          for (const person of people) expect(readBoard(person.doc).causeIds.length).toBe(written.length);
        },
        { timeout: 2000, interval: 5 },
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The writer gives up on the lock after its busy timeout (5 s): everyone is told, nobody is told "Saved".
    await vi.waitFor(
      () => {
        for (const person of people) expect(person.canSave).toEqual([false]);
      },
      { timeout: 15_000 },
    );
    people.forEach((person, index) => expect(Math.max(0, ...person.acks)).toBeLessThanOrEqual(savedBefore[index]!));
    stalls.disable();
    expect(stalls.max / 1e6).toBeLessThan(1000); // ms: the longest the server stood still
    // Still live while the server says it cannot save.
    const late = askWhy(people[0]!.doc, COMPLAINT_ID, { text: 'written while the server cannot save' }, 'local');
    written.push(late);
    await vi.waitFor(
      () => {
        for (const person of people) expect(readBoard(person.doc).causes[late]).toBeDefined();
      },
      { timeout: 2000 },
    );

    locker.exec('COMMIT');
    locker.close();
    await vi.waitFor(
      () => {
        for (const person of people) {
          expect(person.canSave).toEqual([false, true]);
          expect(person.acks.at(-1)).toBe(clockOf(person));
        }
      },
      { timeout: 20_000 },
    );

    const stored = new Y.Doc();
    for (const update of await server.storage.load(board.id)) Y.applyUpdate(stored, update);
    expect(new Set(readBoard(stored).causeIds)).toEqual(new Set(written));
    await vi.waitFor(async () => expect(JSON.parse((await server.storage.loadMeeting(board.id)) ?? '{}')).toMatchObject({ phase: 'vote' }), {
      timeout: 10_000,
    });
  }, 60_000);
});
