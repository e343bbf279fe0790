import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BOARD_SCHEMA } from '../../shared/board/schema';
import { COMPLAINT_ID, DocKey, addAction, askWhy, readBoard, type BoardSnapshot } from '../../shared/board';
import { EXPORTS } from '../../server/exports';
import { renderExport } from '../../server/work/renderExport';
import { historySteps } from '../../shared/history/steps';
import { mulberry32 } from '../fixtures/random';

/** Seeds in `npm test`: 1,000 damaged boards, each read and exported in every text format. */
const SEEDS = Number(process.env.WHYBOARD_SHAPE_SEEDS ?? 1000);
/** Every how many seeds the PDFs are made too (they take a few hundred milliseconds each). */
const PDF_EVERY = 100;

/**
 * Values of every kind a Y.Map can hold, including the ones no board should: the server refuses these now
 * (server/checkUpdate.ts), but a board damaged before it did, or written by another tool, may hold any of them.
 */
function randomValue(random: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  switch (Math.floor(random() * 14)) {
    case 0:
      return Math.floor(random() * 1e6) - 5e5;
    case 1:
      return pick([NaN, Infinity, -Infinity, -0, 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return random() < 0.5;
    case 3:
      return null;
    case 4:
      return pick([
        '',
        'hypothesis',
        'confirmed',
        'ruledOut',
        'open',
        'done',
        'verified',
        'corrective',
        'preventive',
        COMPLAINT_ID,
        '__proto__',
        'constructor',
        '2026-02-30',
        'not a date',
      ]);
    case 5:
      return 'x'.repeat(Math.floor(random() * 30_000));
    case 6:
      return `Łukasz \u202Egnp.exe\u202C ${'#'.repeat(3)} === \n---\n<script>alert(1)</script> | \`\`\` ${pick(['\u0000', '\uFFFF', '\uD800', '🙂'])}`;
    case 7:
      return [1, 'two', { three: 3 }];
    case 8:
      return { text: 'an object', nested: { deeper: [null] } };
    case 9:
      return new Uint8Array([1, 2, 3]);
    case 10:
      return new Y.Text(pick(['a text', '', 'x'.repeat(25_000), '\u202Eevil']));
    case 11: {
      const map = new Y.Map<unknown>();
      map.set('text', new Y.Text('a map where a value goes'));
      return map;
    }
    case 12:
      return Y.Array.from([1, 2, 3]);
    default:
      return undefined; // the key deleted
  }
}

/** A real board, then random values under every key of the schema and under ids of its collections. */
function damagedBoard(seed: number): { doc: Y.Doc; created: number } {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const doc = new Y.Doc();
  const ids: string[] = [];
  for (let i = 0; i < 3 + Math.floor(random() * 8); i++) {
    const parent = ids.length === 0 || random() < 0.3 ? COMPLAINT_ID : ids[Math.floor(random() * ids.length)]!;
    ids.push(askWhy(doc, parent, { text: `cause ${i}` }, 'fuzz'));
  }
  addAction(doc, ids[0]!, { text: 'an action' }, 'fuzz');
  const actionIds = [...doc.getMap(DocKey.actions).keys()];
  for (const [part, schema] of Object.entries(BOARD_SCHEMA)) {
    const map = doc.getMap<unknown>(part);
    if (schema.kind === 'record') {
      for (const key of Object.keys(schema.fields)) if (random() < 0.5) set(map, key, randomValue(random));
      continue;
    }
    // A collection: some entries replaced by anything, some entries' fields by anything, and strangers added.
    for (const id of part === DocKey.causes ? ids : actionIds) {
      const entry = map.get(id);
      if (random() < 0.15) set(map, id, randomValue(random));
      else if (entry instanceof Y.Map) for (const key of Object.keys(schema.item.fields)) if (random() < 0.3) set(entry, key, randomValue(random));
    }
    if (random() < 0.3) set(map, `stranger-${seed}`, randomValue(random));
    // Entries under names that mean something else: the complaint's own id (a loop in the tree), prototype names.
    for (const name of [COMPLAINT_ID, '__proto__', 'constructor']) {
      if (random() >= 0.2) continue;
      const entry = new Y.Map<unknown>();
      map.set(name, entry);
      for (const key of Object.keys(schema.item.fields)) if (random() < 0.5) set(entry, key, randomValue(random));
      if (random() < 0.5) entry.set(part === DocKey.causes ? 'parentId' : 'causeId', pick([COMPLAINT_ID, '__proto__', 'constructor', ...ids]));
    }
  }
  if (random() < 0.2) doc.getMap('not-a-part').set('x', 1);
  return { doc, created: ids.length };
}

function set(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

function checkInvariants(board: BoardSnapshot): void {
  for (const id of board.causeIds) {
    const cause = board.causes[id]!;
    expect(typeof cause.text).toBe('string');
    const parentDepth = cause.parentId === COMPLAINT_ID ? 0 : board.causes[cause.parentId]?.depth;
    expect(cause.depth).toBe(parentDepth! + 1);
  }
  for (const id of board.actionIds) expect(board.causes[board.actions[id]!.causeId]).toBeDefined();
  for (const text of [board.title, board.complaint.text, board.letter.text, board.complaint.receivedAt]) expect(typeof text).toBe('string');
}

describe(`a board holding anything under any key (${SEEDS} seeds)`, () => {
  it('is read without throwing, holds together, every export is made from it, and its history is told', async () => {
    const failures: string[] = [];
    let exported = 0;
    /** Boards where a cause was replaced by something else: proof the damage reached what is read. */
    let lostCauses = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      try {
        const { doc, created } = damagedBoard(seed);
        const board = readBoard(doc);
        if (board.causeIds.length < created) lostCauses++;
        checkInvariants(board);
        // What the server hands a worker thread: the board's whole state as one update.
        const updates = [Y.encodeStateAsUpdate(doc)];
        // Its history, told from that update as one change: every step has words.
        for (const step of historySteps([{ at: 1, by: null, update: updates[0]! }])) expect(step.summary.length).toBeGreaterThan(0);
        for (const name of EXPORTS) {
          if (name.endsWith('.pdf') && seed % PDF_EVERY !== 0) continue;
          const { body } = await renderExport({ name, updates, participants: ['Ada'], signOff: null, now: Date.UTC(2026, 10, 25), paper: 'A4' });
          expect(body.length).toBeGreaterThan(0);
          exported++;
        }
      } catch (error) {
        failures.push(`seed ${seed}: ${String(error).split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
    expect(exported).toBeGreaterThan(SEEDS * 5);
    expect(lostCauses).toBeGreaterThan(SEEDS / 10);
  }, 600_000);
});
