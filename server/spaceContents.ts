import type { Meeting } from '../shared/meeting/meeting';
import { participantNames } from '../shared/meeting/meeting';
import type { LetterRecord, SpaceContent } from '../shared/space/content';
import type { SpaceEntry } from '../shared/space/views';
import type { RoomManager } from './RoomManager';
import type { Logger } from './log';
import type { BoardRecord, Storage } from './storage/Storage';
import type { WorkPool } from './work/WorkPool';

/** Boards whose contents are kept in memory: a thousand spaces of twenty boards; an entry is about a kilobyte. */
const MAX_CACHED = 20_000;
/** The shape of `SpaceContent`: bumped when it changes, so that what was stored under an older shape is read again. */
const CONTENT_VERSION = 1;

/**
 * What each board of a space shows (its content: shared/space/content.ts), read in the worker pool and kept until the
 * board is stored again or its meeting's letter changes: a space of a thousand boards reads only the boards changed
 * since it was last opened, in one job of the pool. Kept in memory, and in storage beside each board, so a space opens
 * after a restart without reading all its boards again.
 */
export class SpaceContents {
  /** By board id; a Map keeps insertion order, so the first entry is the least recently used. */
  private readonly cache = new Map<string, { key: string; content: SpaceContent }>();

  constructor(
    private readonly rooms: RoomManager,
    private readonly work: WorkPool,
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  async entries(records: BoardRecord[], owner: string): Promise<SpaceEntry[]> {
    const letters = await Promise.all(records.map(async (record) => letterRecord(await this.rooms.meeting(record.id))));
    const keys = records.map((record, i) => `${CONTENT_VERSION} ${record.updatedAt} ${JSON.stringify(letters[i])}`);
    const current = (i: number) => this.cache.get(records[i]!.id)?.key === keys[i];
    let stale = records.flatMap((_record, i) => (current(i) ? [] : [i]));
    if (stale.length > 0) {
      const stored = await this.storage.loadSpaceContents(stale.map((i) => records[i]!.id));
      for (const i of stale) {
        const kept = stored.get(records[i]!.id);
        if (kept && kept.key === keys[i]) this.cache.set(records[i]!.id, { key: kept.key, content: JSON.parse(kept.json) as SpaceContent });
      }
      stale = stale.filter((i) => !current(i));
    }
    if (stale.length > 0) {
      const boards = await Promise.all(stale.map(async (i) => ({ updates: await this.rooms.updates(records[i]!.id), letter: letters[i]! })));
      const contents = await this.work.run('spaceContents', { boards }, { owner });
      stale.forEach((i, n) => this.cache.set(records[i]!.id, { key: keys[i]!, content: contents[n]! }));
      // Kept for the next start; a failed write costs that start a read of these boards, not this answer.
      await this.storage
        .saveSpaceContents(stale.map((i, n) => ({ boardId: records[i]!.id, key: keys[i]!, json: JSON.stringify(contents[n]) })))
        .catch((error: unknown) => this.logger.warn('space.contents_not_kept', { boards: stale.length, error: String(error) }));
    }
    const entries = records.map((record) => {
      const entry = this.cache.get(record.id)!;
      this.cache.delete(record.id);
      this.cache.set(record.id, entry);
      return { id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt, content: entry.content };
    });
    // The least recently used go beyond the bound (after the request's own are read, so they all stay for it).
    for (const id of this.cache.keys()) {
      if (this.cache.size <= MAX_CACHED) break;
      this.cache.delete(id);
    }
    return entries;
  }
}

/** What the meeting says of the letter: its sign-off, and the letters e-mailed (server/letterApi.ts records them). */
function letterRecord(meeting: Meeting): LetterRecord {
  return {
    participants: participantNames(meeting),
    signOff: meeting.signOff && { letterHash: meeting.signOff.letterHash },
    sent: meeting.sentLetters.map(({ at, letterHash }) => ({ at, letterHash })),
  };
}
