import { EMPTY_UPDATE, type Change, type Milestone } from '../../shared/history/changes';
import type { Role } from '../../shared/protocol';
import {
  NOTHING_COMPACTED,
  applyFolds,
  compaction,
  firstChanges,
  foldOf,
  overBudget,
  type BoardRecord,
  type Compaction,
  type HistoryCompaction,
  type HistoryPolicy,
  type SpaceRecord,
  type Stamp,
  type Storage,
  type StoredChange,
  type StoredSpaceContent,
} from './Storage';
import { historyRuns } from './historyRuns';

/** Keeps everything in memory: for unit tests and throwaway servers. */
export class MemoryStorage implements Storage {
  private readonly boards = new Map<string, BoardRecord>();
  private readonly logs = new Map<string, Uint8Array[]>();
  private readonly meetings = new Map<string, string>();
  private readonly spaces = new Map<string, SpaceRecord>();
  private readonly spaceContents = new Map<string, StoredSpaceContent>();
  private readonly histories = new Map<string, StoredChange[]>();
  private nextSeq = 1;

  async createBoard(record: BoardRecord, initialUpdate: Uint8Array, history?: readonly Change[]): Promise<void> {
    if (this.boards.has(record.id)) throw new Error(`Board ${record.id} exists already.`);
    if (record.spaceId !== undefined && !this.spaces.has(record.spaceId)) throw new Error(`Space ${record.spaceId} does not exist.`);
    this.boards.set(record.id, structuredClone(record));
    this.logs.set(record.id, [initialUpdate.slice()]);
    this.histories.set(
      record.id,
      firstChanges(record, initialUpdate, history).map((change) => ({ seq: this.nextSeq++, ...structuredClone(change) })),
    );
  }

  async getBoard(id: string): Promise<BoardRecord | undefined> {
    const record = this.boards.get(id);
    return record && structuredClone(record);
  }

  async updateTokens(id: string, tokens: Record<Role, string>): Promise<void> {
    const record = this.boards.get(id);
    if (!record) throw new Error(`Board ${id} does not exist.`);
    record.tokens = { ...tokens };
  }

  async load(boardId: string): Promise<Uint8Array[]> {
    return [...(this.logs.get(boardId) ?? [])];
  }

  async append(boardId: string, update: Uint8Array, stamp: Stamp): Promise<void> {
    const record = this.boards.get(boardId);
    if (!record) throw new Error(`Board ${boardId} does not exist.`);
    this.logs.get(boardId)!.push(update.slice());
    this.histories.get(boardId)!.push({ seq: this.nextSeq++, ...structuredClone(stamp), update: update.slice() });
    record.updatedAt = Date.now();
  }

  async history(boardId: string): Promise<StoredChange[]> {
    return structuredClone(this.histories.get(boardId) ?? []);
  }

  async recordMilestone(boardId: string, stamp: Stamp, milestone: Milestone): Promise<void> {
    const history = this.histories.get(boardId);
    if (!history) throw new Error(`Board ${boardId} does not exist.`);
    history.push({ seq: this.nextSeq++, ...structuredClone(stamp), update: EMPTY_UPDATE, milestone: structuredClone(milestone) });
  }

  async compactHistory(boardId: string, policy: HistoryPolicy): Promise<HistoryCompaction> {
    const history = this.histories.get(boardId) ?? [];
    const before = history.length;
    let rows = applyFolds(history, historyRuns(history, policy.runMs));
    const over = overBudget(
      rows.filter((row) => !row.milestone).map((row) => row.update.byteLength),
      policy,
    );
    if (over > 0) rows = applyFolds(rows, [foldOf(rows.filter((row) => !row.milestone).slice(0, over), null)]);
    this.histories.set(boardId, rows);
    return { before, after: rows.length };
  }

  async compact(boardId: string): Promise<Compaction> {
    const log = this.logs.get(boardId);
    if (!log || log.length < 2) return NOTHING_COMPACTED;
    const { merged, result } = compaction(log.slice());
    // Appends that arrived while merging stay, after the merged update.
    this.logs.set(boardId, [merged, ...(this.logs.get(boardId) ?? []).slice(result.rows)]);
    return result;
  }

  async loadMeeting(boardId: string): Promise<string | undefined> {
    return this.meetings.get(boardId);
  }

  async saveMeeting(boardId: string, json: string): Promise<void> {
    if (!this.boards.has(boardId)) throw new Error(`Board ${boardId} does not exist.`);
    this.meetings.set(boardId, json);
  }

  async createSpace(record: SpaceRecord): Promise<void> {
    if (this.spaces.has(record.id)) throw new Error(`Space ${record.id} exists already.`);
    this.spaces.set(record.id, structuredClone(record));
  }

  async getSpace(id: string): Promise<SpaceRecord | undefined> {
    const record = this.spaces.get(id);
    return record && structuredClone(record);
  }

  async addToSpace(boardId: string, spaceId: string): Promise<void> {
    const board = this.boards.get(boardId);
    if (!board) throw new Error(`Board ${boardId} does not exist.`);
    if (!this.spaces.has(spaceId)) throw new Error(`Space ${spaceId} does not exist.`);
    board.spaceId = spaceId;
  }

  async updateSpace(id: string, change: { name?: string; tokens?: SpaceRecord['tokens'] }): Promise<void> {
    const space = this.spaces.get(id);
    if (!space) throw new Error(`Space ${id} does not exist.`);
    if (change.name !== undefined) space.name = change.name;
    if (change.tokens) space.tokens = { ...change.tokens };
  }

  async removeFromSpace(boardId: string, spaceId: string): Promise<void> {
    const board = this.boards.get(boardId);
    if (board?.spaceId !== spaceId) throw new Error(`Board ${boardId} is not in space ${spaceId}.`);
    delete board.spaceId;
  }

  async loadSpaceContents(boardIds: string[]): Promise<Map<string, StoredSpaceContent>> {
    return new Map(boardIds.flatMap((id) => (this.spaceContents.has(id) ? [[id, { ...this.spaceContents.get(id)! }] as const] : [])));
  }

  async saveSpaceContents(contents: Array<StoredSpaceContent & { boardId: string }>): Promise<void> {
    for (const { boardId, key, json } of contents) {
      if (!this.boards.has(boardId)) throw new Error(`Board ${boardId} does not exist.`);
      this.spaceContents.set(boardId, { key, json });
    }
  }

  async spaceBoards(spaceId: string): Promise<BoardRecord[]> {
    return [...this.boards.values()]
      .filter((board) => board.spaceId === spaceId)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((board) => structuredClone(board));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
