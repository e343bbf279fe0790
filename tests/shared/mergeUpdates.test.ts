/**
 * Merging in rounds (`mergeUpdates`) and merging for storage (`mergeStored`) must give the document that applying the
 * updates one by one gives: whole logs, and runs from a history's middle that build on what came before them.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { mergeUpdates } from '../../shared/mergeUpdates';
import { mergeStored } from '../../server/mergeUpdates';
import { mulberry32 } from '../fixtures/random';

/** A seeded session of `people` documents kept in sync: typing, deleting, setting and replacing keys of a map. */
function session(seed: number, people: number, edits: number): Uint8Array[] {
  const random = mulberry32(seed);
  const docs = Array.from({ length: people }, () => new Y.Doc());
  const log: Uint8Array[] = [];
  const change = (doc: Y.Doc, write: () => void) => {
    const updates: Uint8Array[] = [];
    const listen = (update: Uint8Array) => updates.push(update);
    doc.on('update', listen);
    write();
    doc.off('update', listen);
    for (const update of updates) {
      log.push(update);
      for (const other of docs) if (other !== doc) Y.applyUpdate(other, update);
    }
  };
  for (let i = 0; i < edits; i++) {
    const doc = docs[Math.floor(random() * people)]!;
    const cards = doc.getMap<Y.Text>('cards');
    const keys = [...cards.keys()];
    const roll = random();
    if (keys.length === 0 || roll < 0.1) change(doc, () => cards.set(`card-${Math.floor(random() * 40)}`, new Y.Text('why')));
    else {
      const text = cards.get(keys[Math.floor(random() * keys.length)]!)!;
      if (roll < 0.75 || text.length === 0) change(doc, () => text.insert(Math.floor(random() * (text.length + 1)), 'ab'));
      else change(doc, () => text.delete(Math.floor(random() * text.length), 1));
    }
  }
  return log;
}

const contents = (doc: Y.Doc) => ({ cards: doc.getMap('cards').toJSON(), vector: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort() });

/** The document `before`, then `updates` applied as one (`merged`) or one by one. */
function applied(before: Uint8Array[], updates: Uint8Array[] | Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  for (const update of before) Y.applyUpdate(doc, update);
  for (const update of Array.isArray(updates) ? updates : [updates]) Y.applyUpdate(doc, update);
  return doc;
}

describe('merging many updates', () => {
  it('gives the same document as applying them one by one, for whole logs and for runs from the middle', () => {
    for (let seed = 1; seed <= 6; seed++) {
      // Over 32² updates: the merge takes three rounds.
      const log = session(seed, 5, 1200);
      expect(log.length).toBeGreaterThan(32 * 32);
      const random = mulberry32(seed * 7919);
      const cuts = [
        [0, log.length],
        ...Array.from({ length: 4 }, () => [Math.floor(random() * log.length), Math.floor(random() * log.length)].sort((a, b) => a - b)),
      ];
      for (const [from, to] of cuts) {
        const before = log.slice(0, from);
        const run = log.slice(from, to);
        const expected = contents(applied(before, run));
        for (const merge of [mergeUpdates, mergeStored]) {
          const doc = applied(before, merge(run));
          expect(contents(doc), `seed ${seed}, ${merge.name} of ${from}–${to}`).toEqual(expected);
          // Nothing left waiting for something that never comes.
          expect(doc.store.pendingStructs, `seed ${seed}, ${merge.name} of ${from}–${to}`).toBeNull();
          expect(doc.store.pendingDs).toBeNull();
        }
      }
    }
  });

  it('keeps a run from the middle of a history whole until what it builds on arrives', () => {
    const log = session(42, 3, 400);
    const run = mergeStored(log.slice(200));
    const doc = applied([], run);
    // Alone, the run cannot be placed: the document keeps it pending rather than dropping it.
    expect(doc.store.pendingStructs).not.toBeNull();
    for (const update of log.slice(0, 200)) Y.applyUpdate(doc, update);
    expect(contents(doc)).toEqual(contents(applied(log, [])));
  });

  it('stores typing compactly: neighbouring characters become one item', () => {
    const log = session(3, 2, 2000);
    expect(mergeStored(log).byteLength).toBeLessThan(mergeUpdates(log).byteLength / 2);
  });
});
