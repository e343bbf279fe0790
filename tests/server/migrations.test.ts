/**
 * A board saved by an older version, opened by this server: brought to the current version when its room loads, the
 * change stored and sent like any other (once: it is not run again after a restart).
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CauseKey, MetaKey, SCHEMA_VERSION, askWhy, editCause, getCauses, getMeta, initBoard, readBoard } from '../../shared/board';
import type { Logger } from '../../server/log';
import { connectClient, startTestServer, tempDir, type TestClient } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('a board of an older version', () => {
  it('is migrated when its room loads, stored, sent to everyone, and not migrated again after a restart', async () => {
    const dataDir = tempDir();
    const events: string[] = [];
    const logger: Logger = { info: (event) => events.push(event), warn: () => undefined, error: () => undefined };
    let server = await startTestServer({ dataDir, logger });
    // Version 1, as a server before the schema check took deletions could leave it: the title and an answer deleted.
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Overcharged', complaint: { text: 'You charged me twice!' } }, 'old');
    const cause = askWhy(doc, 'complaint', { text: 'The renewal ran twice' }, 'old');
    getMeta(doc).set(MetaKey.schemaVersion, 1);
    getMeta(doc).delete(MetaKey.title);
    getCauses(doc).get(cause)!.delete(CauseKey.text);
    const tokens = { facilitator: 'f'.repeat(32), editor: 'e'.repeat(32), viewer: 'v'.repeat(32) };
    await server.storage.createBoard({ id: 'oldboard', createdAt: 1, updatedAt: 1, tokens }, Y.encodeStateAsUpdate(doc));

    const open = (token: string): TestClient => {
      const client = connectClient(server.url, 'oldboard', token);
      cleanup.push(() => client.destroy());
      return client;
    };
    const editor = open(tokens.editor);
    await editor.synced;
    await vi.waitFor(() => expect(readBoard(editor.doc).schemaVersion).toBe(SCHEMA_VERSION));
    expect(events.filter((event) => event === 'board.migrated')).toHaveLength(1);
    // The card can be typed in again, and a colleague sees it.
    editCause(editor.doc, cause, 'The renewal job ran twice', 'local');
    const viewer = open(tokens.viewer);
    await vi.waitFor(() => expect(readBoard(viewer.doc).causes[cause]?.text).toBe('The renewal job ran twice'));

    await server.close();
    server = await startTestServer({ dataDir, logger });
    cleanup.push(() => server.close());
    const again = open(tokens.viewer);
    await again.synced;
    expect(readBoard(again.doc).schemaVersion).toBe(SCHEMA_VERSION);
    expect(readBoard(again.doc).causes[cause]!.text).toBe('The renewal job ran twice');
    expect(events.filter((event) => event === 'board.migrated')).toHaveLength(1);
  });
});
