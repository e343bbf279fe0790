import * as Y from 'yjs';
import { COMPLAINT_ID } from '../shared/board';
import { BOARD_SCHEMA, ID, fitsField, type CollectionSchema, type FieldSchema, type RecordSchema } from '../shared/board/schema';

/**
 * The largest clock a struct may reach: far beyond what people type in a board's lifetime (each character is one
 * tick), far below what would let one update claim a client's whole clock space or make lengths meaningless.
 */
export const MAX_CLOCK = 2 ** 31;
/** Structs one update may carry: a full board of 2,000 causes with all their text fits inside. */
export const MAX_STRUCTS = 100_000;
/**
 * Structs a board may hold. A struct costs about 250 bytes of memory and can take 7 bytes on the wire (text typed
 * backwards: one struct a character), so bytes alone do not bound a board's memory. A real board of 2,000 causes,
 * typed the way people type, holds about a quarter of this.
 */
export const MAX_BOARD_STRUCTS = 400_000;
/**
 * How far concurrent typing may take a text past its limit. People's clients keep each text within its limit, but two
 * people typing in one card at once can pass it together (readBoard cuts what is over); no honest edit goes further.
 */
export const TEXT_SLACK = 2;

export type UpdateVerdict =
  /** Fits the board: apply it. `structs` is how many it adds (for the board's budget). */
  | { ok: true; structs: number }
  /** Builds on changes the server does not have (yet): not applied; the sender is asked for everything it has. */
  | { ok: false; missing: true; reason: string }
  /** Would break the board's shape or limits: refused. */
  | { ok: false; missing: false; reason: string };

/** Where a type lives in the board, as far as the schema is concerned. */
type Place =
  | { kind: 'root'; name: string; schema: RecordSchema | CollectionSchema | undefined }
  /** A record (a cause, an action); `map` is it, when the document has it already (not only this update). */
  | { kind: 'record'; schema: RecordSchema; map?: Y.Map<unknown> }
  | { kind: 'text'; max: number; key: string; length: number }
  /** Deleted (garbage collected): Yjs drops what is written into it. */
  | { kind: 'gone' }
  /** Somewhere the schema has no place for (only a board damaged before these checks has such types). */
  | { kind: 'nowhere' };

class Refused extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
  }
}

type Struct = Y.Item | Y.GC | Y.Skip;

/**
 * Checks an update from a client against the board it would change, before it is applied, so that the document only
 * ever holds what the board's schema (shared/board/schema.ts) allows: the keys it names, values of the right kind,
 * texts and collections within their limits. Nothing is applied and nothing is copied: every struct's place is found
 * from its parent or its neighbours, in the update or in the document, so the work is bounded by the update's size.
 *
 * It also refuses what Yjs would hold back as pending (structs or deletions that build on clocks the server does not
 * have): such updates would wait in memory, outside every budget, and be re-merged on each later update.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateVerdict {
  try {
    return { ok: true, structs: new UpdateCheck(doc, update).run() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, missing: error.missing, reason: error.message };
    // Not decodable: the caller closes the connection, as for any malformed message.
    throw error;
  }
}

class UpdateCheck {
  private readonly structs: Struct[];
  private readonly ds: ReturnType<typeof Y.decodeUpdate>['ds'];
  /** The update's structs by client, in clock order. */
  private readonly local = new Map<number, Struct[]>();
  /** Places already found: of the types held by items (by id), and of items themselves (as parent and key). */
  private readonly typePlaces = new Map<string, Place>();
  private readonly itemPlaces = new Map<Y.Item, { parent: Place; key: string | null }>();
  /** Characters this update inserts, by text. */
  private readonly inserted = new Map<string, { place: Extract<Place, { kind: 'text' }>; length: number }>();
  /** Keys this update adds to each collection. */
  private readonly added = new Map<string, Set<string>>();
  /** Keys of records in the document that this update writes (a removal of a kept key is fine if it is replaced). */
  private readonly written = new Map<Y.Map<unknown>, Set<string>>();

  constructor(
    private readonly doc: Y.Doc,
    update: Uint8Array,
  ) {
    ({ structs: this.structs, ds: this.ds } = Y.decodeUpdate(update));
    if (this.structs.length > MAX_STRUCTS) throw new Refused(`the update has ${this.structs.length} structs (at most ${MAX_STRUCTS})`);
    for (const struct of this.structs) {
      const list = this.local.get(struct.id.client);
      if (list) list.push(struct);
      else this.local.set(struct.id.client, [struct]);
    }
  }

  run(): number {
    for (const [client, list] of this.local) {
      // The update must continue what the document has for each client, without gaps.
      let expected = Y.getState(this.doc.store, client);
      if (list[0]!.id.clock > expected) throw new Refused('the update builds on changes the server does not have', true);
      for (const struct of list) {
        if (struct instanceof Y.Skip) throw new Refused('the update has a gap', true);
        if (struct.id.clock + struct.length > MAX_CLOCK) throw new Refused('the update claims clocks past the limit');
        if (struct.id.clock > expected) throw new Refused('the update has a gap', true);
        expected = Math.max(expected, struct.id.clock + struct.length);
      }
    }
    for (const [client, ranges] of this.ds.clients) {
      const known = Math.max(Y.getState(this.doc.store, client), this.localEnd(client));
      for (const range of ranges) {
        if (range.clock + range.len > MAX_CLOCK) throw new Refused('the update deletes past the clock limit');
        if (range.clock + range.len > known) throw new Refused('the update deletes changes the server does not have', true);
      }
    }
    let count = 0;
    for (const struct of this.structs) {
      if (!(struct instanceof Y.Item)) continue;
      // Structs the server already has (a client sending again what it sent before) are skipped by Yjs.
      if (struct.id.clock + struct.length <= Y.getState(this.doc.store, struct.id.client)) continue;
      count++;
      if (struct.content instanceof Y.ContentDeleted) continue;
      const { parent, key } = this.placeOfItem(struct);
      this.checkItem(struct, parent, key);
    }
    this.checkTotals();
    this.checkRemovals();
    return count;
  }

  private localEnd(client: number): number {
    const last = this.local.get(client)?.at(-1);
    return last ? last.id.clock + last.length : 0;
  }

  /** The struct holding `id`: in the document if it has that clock, else in the update; undefined when neither does. */
  private find(id: Y.ID): Struct | undefined {
    const docStructs = this.doc.store.clients.get(id.client);
    if (docStructs && id.clock < Y.getState(this.doc.store, id.client)) return docStructs[Y.findIndexSS(docStructs, id.clock)];
    const list = this.local.get(id.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct;
    }
    return undefined;
  }

  private findOrRefuse(id: Y.ID): Struct {
    const struct = this.find(id);
    if (!struct) throw new Refused('the update builds on changes the server does not have', true);
    return struct;
  }

  /**
   * The parent and key of an item of the update. An item written next to others carries only its neighbours' ids:
   * its parent is theirs, found by walking the chain (iteratively: text typed backwards makes chains of thousands).
   */
  private placeOfItem(item: Y.Item): { parent: Place; key: string | null } {
    const chain: Y.Item[] = [];
    let current: Y.Item = item;
    let found: { parent: Place; key: string | null } | undefined;
    for (;;) {
      const known = this.itemPlaces.get(current);
      if (known) {
        found = known;
        break;
      }
      if (current.parent !== null || (current.origin === null && current.rightOrigin === null)) {
        found = { parent: this.placeOfParent(current.parent), key: current.parentSub };
        this.itemPlaces.set(current, found);
        break;
      }
      chain.push(current);
      const neighbour = this.findOrRefuse((current.origin ?? current.rightOrigin)!);
      if (!(neighbour instanceof Y.Item)) {
        found = { parent: { kind: 'gone' }, key: null };
        break;
      }
      if (isIntegrated(neighbour)) {
        found = { parent: this.placeOfType(neighbour.parent as Y.AbstractType<unknown>), key: neighbour.parentSub };
        break;
      }
      current = neighbour;
    }
    for (const link of chain) this.itemPlaces.set(link, found);
    return found;
  }

  /** A decoded item's parent: a root type's name, or the id of the item that holds the parent type. */
  private placeOfParent(parent: Y.Item['parent']): Place {
    if (typeof parent === 'string') return rootPlace(parent);
    if (parent instanceof Y.ID) return this.placeOfTypeAt(parent);
    return { kind: 'nowhere' };
  }

  /** The place of the type held by the item at `id` (in the document or the update). */
  private placeOfTypeAt(id: Y.ID): Place {
    const cacheKey = `${id.client}:${id.clock}`;
    const cached = this.typePlaces.get(cacheKey);
    if (cached) return cached;
    const holder = this.findOrRefuse(id);
    let place: Place;
    if (!(holder instanceof Y.Item) || holder.deleted) place = { kind: 'gone' };
    else if (!(holder.content instanceof Y.ContentType)) place = { kind: 'nowhere' };
    else if (isIntegrated(holder)) place = this.placeOfType(holder.content.type);
    else {
      const { parent, key } = this.placeOfItem(holder);
      place = childPlace(parent, key, holder.content.type, `${id.client}:${id.clock}`, 0, false);
    }
    this.typePlaces.set(cacheKey, place);
    return place;
  }

  /** The place of a type of the document. */
  private placeOfType(type: Y.AbstractType<unknown>, depth = 0): Place {
    const item = type._item;
    if (item === null) return rootPlace(Y.findRootTypeKey(type));
    if (depth > 4) return { kind: 'nowhere' }; // the schema nests three deep; anything deeper is not a board's
    if (item.deleted) return { kind: 'gone' };
    const parent = this.placeOfType(item.parent as Y.AbstractType<unknown>, depth + 1);
    return childPlace(parent, item.parentSub, type, `${item.id.client}:${item.id.clock}`, type instanceof Y.Text ? type.length : 0, true);
  }

  private checkItem(item: Y.Item, parent: Place, key: string | null): void {
    const { content } = item;
    switch (parent.kind) {
      case 'gone':
        return; // Yjs garbage-collects what is written into a deleted type
      case 'nowhere':
        throw new Refused('the update writes where a board keeps nothing');
      case 'text':
        if (key !== null || !(content instanceof Y.ContentString)) throw new Refused('a text may only hold characters');
        this.countText(parent, content.str.length);
        return;
      case 'root':
        if (!parent.schema) throw new Refused(`a board has no part named "${parent.name.slice(0, 40)}"`);
        if (parent.schema.kind === 'collection') return this.checkEntry(parent.name, key, content);
        return this.checkField(parent.schema, key, content, rootRecord(this.doc, parent.name));
      case 'record':
        return this.checkField(parent.schema, key, content, parent.map);
    }
  }

  /** A new cause or action: a Y.Map under an id. */
  private checkEntry(collection: string, key: string | null, content: Y.Item['content']): void {
    if (key === null || !ID.test(key) || key === COMPLAINT_ID || key in Object.prototype) throw new Refused(`${collection} are kept by id`);
    if (!(content instanceof Y.ContentType) || content.type.constructor !== Y.Map) throw new Refused(`each of the ${collection} must be a map`);
    const map = this.doc.share.get(collection);
    if (map instanceof Y.Map && map.has(key)) throw new Refused(`${collection} "${key.slice(0, 40)}" exists already`);
    let keys = this.added.get(collection);
    if (!keys) this.added.set(collection, (keys = new Set()));
    keys.add(key);
  }

  /** A value written under `key` of a record: `map` is the record when the document has it (else it is new). */
  private checkField(schema: RecordSchema, key: string | null, content: Y.Item['content'], map: Y.Map<unknown> | undefined): void {
    const field: FieldSchema | undefined = key === null ? undefined : schema.fields[key];
    if (!field || key === null) throw new Refused(`"${String(key).slice(0, 40)}" is not a field of the board`);
    if (field.kind === 'text') {
      if (!(content instanceof Y.ContentType) || content.type.constructor !== Y.Text) throw new Refused(`"${key}" must be a text`);
    } else {
      const values = content instanceof Y.ContentAny ? content.getContent() : undefined;
      if (!values || values.length !== 1 || !fitsField(field, values[0])) throw new Refused(`"${key}" must be ${describe(field)}`);
    }
    if (!map) return;
    if (field.lifetime === 'once' && map._map.get(key)?.deleted === false) throw new Refused(`"${key}" is written once, with its record`);
    let keys = this.written.get(map);
    if (!keys) this.written.set(map, (keys = new Set()));
    keys.add(key);
  }

  /**
   * What the update deletes from the document: a key that every record of its kind has (`kept`, `once`) may go only
   * with its record (undoing the record's creation), or, if `kept`, when this update writes it anew.
   */
  private checkRemovals(): void {
    for (const [client, ranges] of this.ds.clients) {
      const structs = this.doc.store.clients.get(client);
      if (!structs) continue;
      const state = Y.getState(this.doc.store, client);
      for (const range of ranges) {
        const end = Math.min(range.clock + range.len, state);
        if (range.clock >= end) continue;
        for (let i = Y.findIndexSS(structs, range.clock); i < structs.length && structs[i]!.id.clock < end; i++) {
          const struct = structs[i]!;
          if (struct instanceof Y.Item && !struct.deleted && struct.parentSub !== null) this.checkRemoval(struct, struct.parentSub);
        }
      }
    }
  }

  private checkRemoval(item: Y.Item, key: string): void {
    const map = item.parent;
    if (!(map instanceof Y.Map)) return;
    const place = this.placeOfType(map as Y.AbstractType<unknown>);
    const schema = place.kind === 'record' ? place.schema : place.kind === 'root' && place.schema?.kind === 'record' ? place.schema : undefined;
    const lifetime = schema && Object.hasOwn(schema.fields, key) ? (schema.fields[key]!.lifetime ?? 'free') : 'free';
    if (lifetime === 'free') return;
    const holder = map._item;
    if (holder && (holder.deleted || Y.isDeleted(this.ds, holder.id))) return; // the record goes, and its keys with it
    if (lifetime === 'kept' && this.written.get(map)?.has(key)) return;
    throw new Refused(`"${key.slice(0, 40)}" cannot be removed from its record`);
  }

  private countText(place: Extract<Place, { kind: 'text' }>, length: number): void {
    const entry = this.inserted.get(place.key) ?? { place, length: 0 };
    entry.length += length;
    this.inserted.set(place.key, entry);
  }

  private checkTotals(): void {
    for (const { place, length } of this.inserted.values()) {
      if (place.length + length > place.max * TEXT_SLACK) throw new Refused(`a text would pass its limit of ${place.max} characters`);
    }
    for (const [collection, keys] of this.added) {
      const schema = BOARD_SCHEMA[collection] as CollectionSchema;
      const map = this.doc.share.get(collection);
      const existing = map instanceof Y.Map ? map._map.size : 0;
      if (existing + keys.size > schema.max) throw new Refused(`a board holds at most ${schema.max} ${collection}, deleted ones included`);
    }
  }
}

/** Whether an item is part of the document (its parent resolved to a type), not only decoded from an update. */
const isIntegrated = (item: Y.Item): boolean => item.parent instanceof Y.AbstractType;

function rootPlace(name: string): Place {
  return { kind: 'root', name, schema: Object.hasOwn(BOARD_SCHEMA, name) ? BOARD_SCHEMA[name] : undefined };
}

/** A root part that is a record (the meta, the complaint, the letter), as the document holds it. */
function rootRecord(doc: Y.Doc, name: string): Y.Map<unknown> | undefined {
  const type = doc.share.get(name);
  return type instanceof Y.Map ? type : undefined;
}

/** The place of a type stored under `key` of a type at `parent` (`integrated`: the type is in the document). */
function childPlace(parent: Place, key: string | null, type: Y.AbstractType<unknown>, id: string, length: number, integrated: boolean): Place {
  if (parent.kind === 'gone' || parent.kind === 'nowhere') return parent;
  if (key === null) return { kind: 'nowhere' };
  const record = parent.kind === 'root' ? parent.schema : parent.kind === 'record' ? parent.schema : undefined;
  if (!record) return { kind: 'nowhere' };
  if (record.kind === 'collection') {
    if (type.constructor !== Y.Map) return { kind: 'nowhere' };
    return integrated ? { kind: 'record', schema: record.item, map: type as Y.Map<unknown> } : { kind: 'record', schema: record.item };
  }
  const field = Object.hasOwn(record.fields, key) ? record.fields[key] : undefined;
  if (field?.kind === 'text' && type.constructor === Y.Text) return { kind: 'text', max: field.max, key: id, length };
  return { kind: 'nowhere' };
}

function describe(field: FieldSchema): string {
  switch (field.kind) {
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'string':
      return field.oneOf ? `one of ${field.oneOf.join(', ')}` : (field.pattern?.says ?? `a string of at most ${field.max} characters`);
    case 'text':
      return 'a text';
  }
}
