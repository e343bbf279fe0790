import * as Y from 'yjs';
import { ActionKey, CauseKey } from '../../shared/board/layout';
import { foldOf, type Fold, type StoredChange } from './Storage';

/**
 * What a change makes and what it builds on: its items' ids, by client, and the ids it refers to or deletes (Yjs's
 * own links); the records it adds (a cause, an action) and the records its values name (a cause's parent, an action's
 * cause: the board's links, which Yjs does not see).
 */
interface Footprint {
  made: Array<[client: number, from: number, to: number]>;
  refs: Array<[client: number, from: number, to: number]>;
  records: Set<string>;
  named: Set<string>;
}

/** The keys whose value names another record (layout.ts: a cause's parent, an action's cause). */
const NAMING_KEYS: ReadonlySet<string> = new Set([CauseKey.parentId, ActionKey.causeId]);

export function footprintOf(update: Uint8Array): Footprint {
  const { structs, ds } = Y.decodeUpdate(update);
  const print: Footprint = { made: [], refs: [], records: new Set(), named: new Set() };
  const refer = (id: unknown) => id instanceof Y.ID && print.refs.push([id.client, id.clock, id.clock + 1]);
  for (const struct of structs) {
    print.made.push([struct.id.client, struct.id.clock, struct.id.clock + struct.length]);
    if (!(struct instanceof Y.Item)) continue;
    refer(struct.origin);
    refer(struct.rightOrigin);
    refer(struct.parent);
    if (typeof struct.parent === 'string' && struct.parentSub !== null) print.records.add(struct.parentSub);
    const value = struct.content instanceof Y.ContentAny ? (struct.content.arr[0] as unknown) : undefined;
    if (struct.parentSub !== null && NAMING_KEYS.has(struct.parentSub) && typeof value === 'string') print.named.add(value);
  }
  ds.clients.forEach((deletions, client) => deletions.forEach(({ clock, len }) => print.refs.push([client, clock, clock + len])));
  return print;
}

/** Clock ranges of each client, with the change (its position) each came from. */
class RangesByClient {
  private readonly byClient = new Map<number, Array<[from: number, to: number, change: number]>>();

  add(change: number, ranges: Footprint['made']): void {
    for (const [client, from, to] of ranges) {
      const list = this.byClient.get(client);
      if (list) list.push([from, to, change]);
      else this.byClient.set(client, [[from, to, change]]);
    }
  }

  /** Adds to `into` the changes with a range that overlaps one of `ranges`. */
  overlapping(ranges: Footprint['refs'], into: Set<number>): void {
    for (const [client, from, to] of ranges) {
      for (const [start, end, change] of this.byClient.get(client) ?? []) if (from < end && start < to) into.add(change);
    }
  }
}

/** Record ids, with the changes (their positions) that added or named each. */
class ChangesById {
  private readonly byId = new Map<string, number[]>();

  add(change: number, ids: Set<string>): void {
    for (const id of ids) {
      const list = this.byId.get(id);
      if (list) list.push(change);
      else this.byId.set(id, [change]);
    }
  }

  of(ids: Set<string>, into: Set<number>): void {
    for (const id of ids) for (const change of this.byId.get(id) ?? []) into.add(change);
  }
}

/**
 * The changes seen so far, indexed by their footprints: which of them a change builds on (it refers to, deletes or
 * names what they made) or is built on by. A lookup costs what the change touches, not the number of changes.
 */
class Footprints {
  private readonly made = new RangesByClient();
  private readonly refs = new RangesByClient();
  private readonly records = new ChangesById();
  private readonly named = new ChangesById();

  add(change: number, print: Footprint): void {
    this.made.add(change, print.made);
    this.refs.add(change, print.refs);
    this.records.add(change, print.records);
    this.named.add(change, print.named);
  }

  /** The changes that `print` builds on, or that build on it: those it is not independent of. */
  entangled(print: Footprint): Set<number> {
    const changes = new Set<number>();
    this.made.overlapping(print.refs, changes);
    this.records.of(print.named, changes);
    this.refs.overlapping(print.made, changes);
    this.named.of(print.records, changes);
    return changes;
  }
}

/**
 * The runs of each person's changes among `rows` (oldest first, as stored), each to keep as one change where the run
 * began, at the time of its last. A change joins its author's run, across others' changes since the run began, only
 * where none of those builds on the run or is built on by it (someone answering a cause just added, someone ruling out
 * a cause someone else typed): every moment stays one the board really passed through, short of that person's last
 * seconds of typing. A milestone ends every run: what was said before it stays before it.
 *
 * Each change is looked up once in an index of those before it (`Footprints`), so a busy room's history folds in time
 * about proportional to its changes: comparing every change with every other of each run took 1.1 s for 2,200 changes
 * of 200 people, and blocked the writer meanwhile.
 */
export function historyRuns(rows: readonly StoredChange[], runMs: number): Fold[] {
  interface Run {
    /** Where the run began (a position in `rows`). */
    start: number;
    rows: StoredChange[];
    /** Whether someone else's change since the run began builds on it or is built on by it: it takes no more changes. */
    entangled: boolean;
  }
  const folds: Fold[] = [];
  const open = new Map<string, Run>();
  const keys: string[] = [];
  const footprints = new Footprints();
  const close = (key: string) => {
    const run = open.get(key)!;
    if (run.rows.length > 1) folds.push(foldOf(run.rows, run.rows[0]!.by));
    open.delete(key);
  };
  for (const [position, row] of rows.entries()) {
    if (row.milestone) {
      for (const key of [...open.keys()]) close(key);
      continue;
    }
    const key = row.by ? JSON.stringify([row.by.name, row.by.role]) : '';
    keys[position] = key;
    const print = footprintOf(row.update);
    const entangled = footprints.entangled(print);
    const run = open.get(key);
    // Others' changes since the run began are those of another author from its start on (each of the author's own
    // since then is in the run: one that did not join would have begun another).
    const joins =
      run !== undefined && !run.entangled && row.at - run.rows[0]!.at <= runMs && ![...entangled].some((other) => other >= run.start && keys[other] !== key);
    if (joins) run.rows.push(row);
    else {
      if (run) close(key);
      open.set(key, { start: position, rows: [row], entangled: false });
    }
    // This change is now among the others' changes of every other open run: it ends those it is entangled with.
    for (const other of entangled) {
      const otherRun = keys[other] === key ? undefined : open.get(keys[other]!);
      if (otherRun && other >= otherRun.start) otherRun.entangled = true;
    }
    footprints.add(position, print);
  }
  for (const key of [...open.keys()]) close(key);
  return folds;
}
