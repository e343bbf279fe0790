/**
 * The board at any change of its history, fast enough to scrub: the changes are applied once, in order, and each
 * record (the complaint, a cause, an action…) keeps a version of its values every time a change touches it. The board
 * at change `i` is then each record's latest version up to `i`, read by `readSource` as the live board is: no document
 * is rebuilt per frame (a 1,000-cause board takes 90 ms to rebuild, against a few for this; `npm run bench`).
 */
import * as Y from 'yjs';
import { DocKey } from '../board/layout';
import type { Fields } from '../board/indexTree';
import { readSource, type BoardSnapshot } from '../board/readBoard';
import type { Change } from './changes';
import { StepReader, type HistoryStep } from './steps';

/** A record's values at some change: texts as strings, other values as they are. */
type Values = ReadonlyMap<string, unknown>;

/** The versions of one record: `from[k]` is the change from which `values[k]` holds (null: the record is gone). */
interface Versions {
  from: number[];
  values: Array<Values | null>;
}

const EMPTY: Values = new Map();

const valuesOf = (record: Y.Map<unknown>): Values => {
  const values = new Map<string, unknown>();
  record.forEach((value, key) => values.set(key, value instanceof Y.Text ? value.toString() : value instanceof Y.AbstractType ? undefined : value));
  return values;
};

/** The version of `versions` that holds at change `index` (the last that starts at or before it). */
function versionAt(versions: Versions, index: number): Values | null | undefined {
  let low = 0;
  let high = versions.from.length - 1;
  if (high < 0 || versions.from[0]! > index) return undefined;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (versions.from[mid]! <= index) low = mid;
    else high = mid - 1;
  }
  return versions.values[low];
}

const SINGLE_RECORDS = [DocKey.meta, DocKey.complaint, DocKey.letter] as const;

export class Replay {
  private readonly single = new Map<string, Versions>(SINGLE_RECORDS.map((key) => [key, { from: [], values: [] }]));
  private readonly causes = new Map<string, Versions>();
  private readonly actions = new Map<string, Versions>();
  private last: { index: number; board: BoardSnapshot } | undefined;
  /** The history as the steps a person reads (see steps.ts), read in the same pass. */
  steps: HistoryStep[] = [];

  private constructor(readonly length: number) {}

  /**
   * Reads `changes` (oldest first). Yields to the page every `sliceMs` (a long history must not freeze it), and says how
   * far it is; stops when `signal` aborts.
   */
  static async build(
    changes: readonly Change[],
    { sliceMs = 12, signal, progress }: { sliceMs?: number; signal?: AbortSignal; progress?: (done: number) => void } = {},
  ): Promise<Replay> {
    const replay = new Replay(changes.length);
    const doc = new Y.Doc();
    const touched = { single: new Set<string>(), causes: new Set<string>(), actions: new Set<string>() };
    for (const key of SINGLE_RECORDS) doc.getMap(key).observeDeep(() => touched.single.add(key));
    const watch = (collection: Y.Map<unknown>, into: Set<string>) =>
      collection.observeDeep((events) => {
        for (const event of events) {
          if (event.path.length > 0) into.add(String(event.path[0]));
          else event.changes.keys.forEach((_, id) => into.add(id));
        }
      });
    const causes = doc.getMap<unknown>(DocKey.causes);
    const actions = doc.getMap<unknown>(DocKey.actions);
    watch(causes, touched.causes);
    watch(actions, touched.actions);
    const steps = new StepReader(doc);

    let slice = performance.now();
    for (let index = 0; index < changes.length; index++) {
      const change = changes[index]!;
      if (!change.milestone) Y.applyUpdate(doc, change.update);
      steps.read(change, index);
      for (const key of touched.single) replay.record(replay.single.get(key)!, index, valuesOf(doc.getMap(key)));
      for (const [ids, collection, versions] of [
        [touched.causes, causes, replay.causes],
        [touched.actions, actions, replay.actions],
      ] as const) {
        for (const id of ids) {
          const record = collection.get(id);
          let own = versions.get(id);
          if (!own) versions.set(id, (own = { from: [], values: [] }));
          replay.record(own, index, record instanceof Y.Map ? valuesOf(record) : null);
        }
        ids.clear();
      }
      touched.single.clear();
      if (performance.now() - slice > sliceMs) {
        progress?.(index + 1);
        await new Promise((resolve) => setTimeout(resolve, 0));
        signal?.throwIfAborted();
        slice = performance.now();
      }
    }
    doc.destroy();
    replay.steps = steps.steps;
    progress?.(changes.length);
    return replay;
  }

  private record(versions: Versions, index: number, values: Values | null): void {
    if (versions.from.at(-1) === index) versions.values[versions.values.length - 1] = values;
    else {
      versions.from.push(index);
      versions.values.push(values);
    }
  }

  /** The board just after change `index` (0 is the first). */
  boardAt(index: number): BoardSnapshot {
    if (this.last?.index === index) return this.last.board;
    const at = (versions: Versions | undefined): Fields => versionAt(versions!, index) ?? EMPTY;
    const collection = (records: Map<string, Versions>) => {
      const present = new Map<string, Fields>();
      for (const [id, versions] of records) {
        const values = versionAt(versions, index);
        if (values) present.set(id, values);
      }
      return present;
    };
    const board = readSource({
      meta: at(this.single.get(DocKey.meta)),
      complaint: at(this.single.get(DocKey.complaint)),
      letter: at(this.single.get(DocKey.letter)),
      causes: collection(this.causes),
      actions: collection(this.actions),
    });
    this.last = { index, board };
    return board;
  }
}
