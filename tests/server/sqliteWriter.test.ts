import { describe, expect, it } from 'vitest';
import { decodeAppends, encodeAppends } from '../../server/storage/sqliteWriter';
import type { AppendRow } from '../../server/storage/sqliteLog';

describe('append batches as the writer receives them', () => {
  it('arrive as they were sent: updates byte for byte, times, authors (none, or any name)', () => {
    const rows: AppendRow[] = [
      { boardId: 'b1', update: new Uint8Array([0, 0]), at: Date.parse('2026-12-05T09:00:00.123Z'), author: null },
      { boardId: 'b1', update: new Uint8Array(70_000).map((_, i) => i % 251), at: 1, author: JSON.stringify({ name: 'Łukasz 🙂', role: 'editor' }) },
      { boardId: 'b-2', update: new Uint8Array(), at: 0, author: '' },
    ];
    const decoded = decodeAppends(encodeAppends(rows));
    expect(decoded.map((row) => ({ ...row, update: [...row.update] }))).toEqual(rows.map((row) => ({ ...row, update: [...row.update] })));
    expect(decodeAppends(encodeAppends([]))).toEqual([]);
  });
});
