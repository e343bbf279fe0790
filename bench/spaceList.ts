/**
 * A team space of 1,000 boards (issue 16: `GET /api/spaces/:id` under 200 ms): the real server on SQLite, each board a
 * stored analysis of twelve causes with root causes and actions. Measured: the first listing (every board read in
 * the worker pool), the first after a restart (what the space shows of each board is kept beside it), then listings
 * once read (median), the actions and recurring views, and a listing after one board changed. The baseline, in the same run, is `GET /api/spaces/:id/links`: the same request path, token check and space
 * read, without a board.
 */
import * as Y from 'yjs';
import { addAction, initBoard, markRootCause, updateCause } from '../shared/board';
import type { CreateSpaceResponse, SpaceView } from '../shared/protocol';
import { startTestServer, tempDir } from '../tests/fixtures/server';
import { growTree } from '../tests/fixtures/growTree';

const BOARDS = 1000;
const TARGET_MS = 200;

const dataDir = tempDir();
const server = await startTestServer({ dataDir });
try {
  const space = (await (
    await fetch(`${server.url}/api/spaces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Bench' }) })
  ).json()) as CreateSpaceResponse;
  const themes = ['Payment retries', 'Price forms', 'Courier hand-over', 'Refund training'];
  const started = performance.now();
  for (let i = 0; i < BOARDS; i++) {
    const doc = new Y.Doc();
    initBoard(
      doc,
      {
        title: `Complaint ${i + 1}`,
        complaint: {
          text: 'You charged me twice and nobody called me back.',
          customer: `Customer ${i % 700}`,
          receivedAt: `2026-${String((i % 11) + 1).padStart(2, '0')}-15`,
        },
      },
      'bench',
    );
    const ids = growTree(doc, 12, 3, 'bench');
    const root = ids.at(-1)!;
    markRootCause(doc, root, true, 'bench');
    updateCause(doc, root, { theme: themes[i % themes.length] }, 'bench');
    addAction(doc, root, { text: 'Change the step that allowed it', owner: 'Team lead', due: '2026-11-30' }, 'bench');
    const now = Date.now();
    await server.storage.createBoard(
      { id: `bench-${i}`, createdAt: now, updatedAt: now, tokens: { facilitator: `f${i}`, editor: `e${i}`, viewer: `v${i}` }, spaceId: space.id },
      Y.encodeStateAsUpdate(doc),
    );
  }
  console.info(`${BOARDS} boards stored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  const get = async (path: string) => {
    const before = performance.now();
    const response = await fetch(`${server.url}/api/spaces/${space.id}${path}`, { headers: { Authorization: `Bearer ${space.tokens.member}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now() - before;
  };
  const median = async (path: string, times = 11) => {
    const samples: number[] = [];
    for (let i = 0; i < times; i++) samples.push(await get(path));
    return samples.sort((a, b) => a - b)[Math.floor(times / 2)]!;
  };

  const first = await get('');
  // A restart: what the space shows of each board was kept beside it, and is read from there.
  const restarted = await startTestServer({ dataDir });
  const afterRestart = await (async () => {
    try {
      const before = performance.now();
      const response = await fetch(`${restarted.url}/api/spaces/${space.id}`, { headers: { Authorization: `Bearer ${space.tokens.member}` } });
      await response.arrayBuffer();
      return performance.now() - before;
    } finally {
      await restarted.close();
    }
  })();
  const baseline = await median('/links');
  const list = await median('');
  const actions = await median('/actions');
  const recurring = await median('/recurring');
  // One board changes (an edit stored): the next listing reads that board again, and only it.
  await server.storage.append('bench-0', Y.encodeStateAsUpdate(new Y.Doc()), { at: Date.now(), by: null });
  const afterEdit = await get('');
  const view = (await (
    await fetch(`${server.url}/api/spaces/${space.id}`, { headers: { Authorization: `Bearer ${space.tokens.member}` } })
  ).json()) as SpaceView;
  if (view.boards.length !== BOARDS) throw new Error(`listed ${view.boards.length} boards, not ${BOARDS}`);

  const rows: Array<[string, number, number?]> = [
    ['baseline: GET /links (no board read)', baseline],
    ['first listing (every board read)', first],
    ['first listing after a restart (kept)', afterRestart, TARGET_MS],
    ['listing, boards read before', list, TARGET_MS],
    ['listing after one board changed', afterEdit, TARGET_MS],
    ['actions view', actions, TARGET_MS],
    ['recurring view', recurring, TARGET_MS],
  ];
  console.info(`Space of ${BOARDS} boards, SQLite, median of 11 (first listing and the one after a change: once)\n`);
  for (const [what, ms, target] of rows) {
    console.info(
      `${what.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms  ×${(ms / Math.max(baseline, 0.01)).toFixed(1)} baseline${target ? `  (target ${target} ms)` : ''}`,
    );
  }
  const over = rows.filter(([, ms, target]) => target !== undefined && ms > target);
  if (over.length > 0) {
    console.error(`over target: ${over.map(([what]) => what).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await server.close();
}
