import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateBoardResponse } from '../../shared/protocol';
import { expectWithinBudget, startAttackServer, underAttack, type AttackServer } from '../fixtures/attack';
import { ATTACKER_ADDRESS, postJson, slowConnection, type RawResponse, type SlowConnection } from '../fixtures/rawHttp';

// Issue 12, findings 6 and 9, replayed on the real server with its default limits: an outsider without any link floods
// board creation and import, then holds thousands of slow requests open. The attacker comes from 127.0.0.2 and the
// victim from 127.0.0.1, as two people on two networks would.

let server: AttackServer;
beforeAll(async () => {
  server = await startAttackServer();
});
afterAll(() => server.stop());

const BOARD = { title: 'Spam', complaint: { text: 'Spam.' } };
/** The defaults in server/limits.ts, which is what these attacks meet. */
const DEFAULTS = { boardsPerMinute: 60, importsPerMinute: 10, httpConnectionsPerIp: 300, headersTimeoutMs: 10_000 };

/** Runs `count` requests, `parallel` at a time, and tallies what came back. */
async function flood(count: number, parallel: number, send: () => Promise<RawResponse>) {
  const answers: RawResponse[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next++ < count) answers.push(await send());
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const refusals = answers.filter((answer) => answer.status === 429);
  return {
    seconds,
    created: answers.filter((answer) => answer.status === 201).length,
    refused: refusals.length,
    clear: refusals.every((answer) => Number(answer.headers['retry-after']) > 0 && JSON.parse(answer.body).error.code === 'too-many-requests'),
  };
}

const openFds = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;

describe('the HTTP edge under attack', () => {
  it('creating boards: 2,000 from one address get a minute’s worth, then 429 with Retry-After', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const outcome = await underAttack(server, () =>
      flood(2_000, 20, () => postJson(`${server.url}/api/boards`, BOARD, { agent, localAddress: ATTACKER_ADDRESS })),
    );
    agent.destroy();
    const { created, refused, seconds, clear } = outcome.result;
    console.info(`creation flood: ${created} boards created, ${refused} refused in ${seconds.toFixed(1)} s`);
    expectWithinBudget(outcome);
    expect(created).toBeLessThanOrEqual(DEFAULTS.boardsPerMinute + Math.ceil(seconds * (DEFAULTS.boardsPerMinute / 60)));
    expect(created + refused).toBe(2_000);
    expect(clear).toBe(true);
    // Someone else is not held back by it.
    expect((await postJson(`${server.url}/api/boards`, BOARD)).status).toBe(201);
  });

  it('importing boards: 300 board files from one address get ten, then 429 with Retry-After', async () => {
    const example = JSON.parse((await postJson(`${server.url}/api/boards/example`, {})).body) as CreateBoardResponse;
    const file = await (
      await fetch(`${server.url}/api/boards/${example.id}/export/board.json`, { headers: { Authorization: `Bearer ${example.tokens.viewer}` } })
    ).json();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    const outcome = await underAttack(server, () =>
      flood(300, 10, () => postJson(`${server.url}/api/boards/import`, file, { agent, localAddress: ATTACKER_ADDRESS })),
    );
    agent.destroy();
    const { created, refused, seconds, clear } = outcome.result;
    console.info(`import flood: ${created} boards imported, ${refused} refused in ${seconds.toFixed(1)} s`);
    expectWithinBudget(outcome);
    expect(created).toBeLessThanOrEqual(DEFAULTS.importsPerMinute + Math.ceil(seconds * (DEFAULTS.importsPerMinute / 60)));
    expect(created + refused).toBe(300);
    expect(clear).toBe(true);
  });

  it('slowloris: 3,000 slow requests from one address hold at most its share of connections, each cut after 10 s', async () => {
    const logFrom = server.output().length;
    const fdsBefore = openFds(server.pid);
    let fdsPeak = fdsBefore;
    const outcome = await underAttack(server, async () => {
      const connections: SlowConnection[] = [];
      for (let batch = 0; batch < 6; batch++) {
        for (let i = 0; i < 500; i++) connections.push(slowConnection(server.url, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', ATTACKER_ADDRESS));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // One byte a second on every connection still open: slow, never silent.
      const trickle = setInterval(() => connections.forEach(({ socket, isClosed }) => isClosed() || socket.write('a')), 1_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      fdsPeak = openFds(server.pid);
      const held = connections.filter(({ isClosed }) => !isClosed()).length;
      const cut = await Promise.race([
        Promise.all(connections.map(({ closed }) => closed)),
        new Promise<undefined>((resolve) => setTimeout(resolve, DEFAULTS.headersTimeoutMs + 3_000)),
      ]);
      clearInterval(trickle);
      connections.forEach(({ socket }) => socket.destroy());
      return { held, timedOut: cut?.filter((first) => first.startsWith('HTTP/1.1 408 ')).length, allCut: cut !== undefined };
    });
    const { held, timedOut, allCut } = outcome.result;
    const logLines = (event: string) =>
      server
        .output()
        .slice(logFrom)
        .split('\n')
        .filter((line) => line.includes(`"event":"${event}"`)).length;
    console.info(`slowloris: ${held} of 3000 held after 2 s, server fds ${fdsBefore} → ${fdsPeak}, all cut: ${allCut} (${timedOut} with 408)`);
    expectWithinBudget(outcome);
    expect(held).toBeLessThanOrEqual(DEFAULTS.httpConnectionsPerIp);
    expect(fdsPeak - fdsBefore).toBeLessThanOrEqual(DEFAULTS.httpConnectionsPerIp + 20);
    expect(allCut).toBe(true);
    expect(timedOut).toBe(held);
    expect(logLines('http.connections_refused')).toBe(1);
    expect(logLines('http.failed')).toBe(0);
  });
});
