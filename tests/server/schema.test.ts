import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COMPLAINT_ID,
  CauseKey,
  Limits,
  addAction,
  askWhy,
  deleteCause,
  editCause,
  getActions,
  getCauses,
  getComplaint,
  getLetter,
  getMeta,
  markRootCause,
  moveCause,
  readBoard,
  updateAction,
  updateCause,
  updateComplaint,
  updateLetter,
} from '../../shared/board';
import { CloseCode, MessageType } from '../../shared/protocol';
import { EXPORTS } from '../../server/exports';
import { MAX_STRUCTS, checkUpdate } from '../../server/checkUpdate';
import { makeBoard, fork } from '../fixtures/makeBoard';
import { connectClient, createBoard, startTestServer } from '../fixtures/server';

/** The update `change` makes on a replica of `board`, as a client would send it. */
function updateOf(board: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const replica = fork(board);
  const before = Y.encodeStateVector(replica);
  change(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

describe('checkUpdate: what people do fits the board', () => {
  const board = makeBoard('complaint > a > b', 'a > c');
  addAction(board, 'b', { text: 'Fix the form', owner: 'Sam' }, 'test');
  const actionId = readBoard(board).actionIds[0]!;
  const edits: Array<[string, (doc: Y.Doc) => void]> = [
    ['ask why', (doc) => askWhy(doc, 'b', { text: 'Nobody checks the form' }, 'me')],
    ['type in a card', (doc) => editCause(doc, 'a', 'The price list was old, and nobody noticed', 'me')],
    ['type one character at a time', (doc) => 'typed'.split('').forEach((_, i) => editCause(doc, 'c', 'typed'.slice(0, i + 1), 'me'))],
    ['type backwards', (doc) => [...'backwards'].forEach((_, i) => editCause(doc, 'c', 'backwards'.slice(-i - 1), 'me'))],
    ['set details', (doc) => updateCause(doc, 'b', { status: 'confirmed', evidence: 'Till receipts', inControl: false, escalation: 'Supplier' }, 'me')],
    ['mark a root cause', (doc) => markRootCause(doc, 'b', true, 'me')],
    ['move a cause', (doc) => moveCause(doc, 'c', COMPLAINT_ID, 'me')],
    ['delete a cause', (doc) => deleteCause(doc, 'c', 'me')],
    ['add an action', (doc) => addAction(doc, 'c', { text: 'Check the list weekly', kind: 'preventive', due: '2026-12-01' }, 'me')],
    ['update an action', (doc) => updateAction(doc, actionId, { status: 'done', owner: 'Kim' }, 'me')],
    [
      'edit the complaint',
      (doc) => updateComplaint(doc, { title: 'Charged twice', text: 'Łukasz was charged twice.', channel: 'email', receivedAt: '2026-11-20' }, 'me'),
    ],
    ['choose how documents write dates', (doc) => updateComplaint(doc, { dateStyle: 'mdy' }, 'me')],
    ['write the letter', (doc) => updateLetter(doc, { text: 'Dear Łukasz, we are sorry.', contactName: 'Ada', nextContact: '2026-12-02' }, 'me')],
  ];
  for (const [name, change] of edits) {
    it(name, () => {
      const update = updateOf(board, change);
      expect(checkUpdate(board, update)).toEqual({ ok: true, structs: expect.any(Number) });
    });
  }

  it('a text filled to its limit, then replaced whole', () => {
    const full = updateOf(board, (doc) => editCause(doc, 'a', 'x'.repeat(Limits.causeText), 'me'));
    expect(checkUpdate(board, full).ok).toBe(true);
    const filled = fork(board);
    Y.applyUpdate(filled, full);
    expect(
      checkUpdate(
        filled,
        updateOf(filled, (doc) => editCause(doc, 'a', 'y'.repeat(Limits.causeText), 'me')),
      ).ok,
    ).toBe(true);
  });

  /**
   * A client makes `change` and then undoes it, with the undo manager the board store uses: the server, which has
   * the change, checks the undo.
   */
  function undoOf(change: (doc: Y.Doc) => void): { server: Y.Doc; update: Uint8Array } {
    const replica = fork(board);
    const undo = new Y.UndoManager([getMeta(replica), getComplaint(replica), getCauses(replica), getActions(replica), getLetter(replica)], {
      trackedOrigins: new Set(['me']),
    });
    change(replica);
    const server = fork(replica);
    const before = Y.encodeStateVector(replica);
    undo.undo();
    expect(undo.canRedo()).toBe(true);
    return { server, update: Y.encodeStateAsUpdate(replica, before) };
  }
  const undos: Array<[string, (doc: Y.Doc) => void]> = [
    ['undo asking why (the new cause goes, with every key)', (doc) => askWhy(doc, 'b', { text: 'Nobody checks' }, 'me')],
    ['undo adding an action', (doc) => addAction(doc, 'c', { text: 'Check weekly' }, 'me')],
    ['undo a status', (doc) => updateCause(doc, 'a', { status: 'ruledOut' }, 'me')],
    ['undo a move', (doc) => moveCause(doc, 'c', 'b', 'me')],
    ['undo a first accepted risk (the key goes again)', (doc) => updateCause(doc, 'c', { acceptedRisk: 'We live with it' }, 'me')],
    ['undo a deletion', (doc) => deleteCause(doc, 'c', 'me')],
    ['undo editing the complaint', (doc) => updateComplaint(doc, { title: 'Another title', channel: 'phone', receivedAt: '2026-11-02' }, 'me')],
  ];
  for (const [name, change] of undos) {
    it(name, () => {
      const { server, update } = undoOf(change);
      expect(checkUpdate(server, update)).toEqual({ ok: true, structs: expect.any(Number) });
    });
  }

  it('two people starting the letter at once (each creates its text)', () => {
    const first = updateOf(board, (doc) => updateLetter(doc, { text: 'Dear Łukasz,' }, 'me'));
    const second = updateOf(board, (doc) => updateLetter(doc, { text: 'Dear Mr Nowak,' }, 'you'));
    const server = fork(board);
    expect(checkUpdate(server, first).ok).toBe(true);
    Y.applyUpdate(server, first);
    expect(checkUpdate(server, second).ok).toBe(true);
  });

  it('what the server has already (an offline copy sent again)', () => {
    expect(checkUpdate(board, Y.encodeStateAsUpdate(board)).ok).toBe(true);
  });
});

describe('checkUpdate: what would break the board is refused', () => {
  const board = makeBoard('complaint > a > b');
  const refusals: Array<[string, (doc: Y.Doc) => void, RegExp]> = [
    ['a number where a cause should be', (doc) => getCauses(doc).set('evil', 42 as never), /must be a map/],
    ['a string where an action should be', (doc) => getActions(doc).set('evil', 'x' as never), /must be a map/],
    ['a list where a cause should be', (doc) => getCauses(doc).set('evil', new Y.Array() as never), /must be a map/],
    ['a cause with a field no board has', (doc) => getCauses(doc).get('a')!.set('evil', 1), /not a field/],
    ['plain text where a Y.Text should be', (doc) => getCauses(doc).get('a')!.set(CauseKey.text, 'plain'), /must be a text/],
    ['a status no board knows', (doc) => getCauses(doc).get('a')!.set(CauseKey.status, 'maybe'), /one of hypothesis/],
    ['a number that is not one', (doc) => getCauses(doc).get('a')!.set(CauseKey.order, 'first'), /a number/],
    [
      'an object as a flag',
      (doc) =>
        getCauses(doc)
          .get('a')!
          .set(CauseKey.isRoot, { yes: true } as never),
      /true or false/,
    ],
    ['a title that is a number', (doc) => getMeta(doc).set('title', 42), /must be a text/],
    ['a date that is a novel', (doc) => getComplaint(doc).set('receivedAt', 'x'.repeat(500)), /a date like 2026-11-23/],
    ['a next contact date that is a promise in words', (doc) => getLetter(doc).set('nextContact', 'soon!'), /a date like 2026-11-23/],
    ['an action due "2026-13"', (doc) => getActions(doc).set('x', new Y.Map([['due', '2026-13']]) as never), /a date like 2026-11-23/],
    ['a complaint received on 31 February', (doc) => getComplaint(doc).set('receivedAt', '2026-02-31'), /a date like 2026-11-23/],
    ['a complaint received in year zero', (doc) => getComplaint(doc).set('receivedAt', '0000-00-00'), /a date like 2026-11-23/],
    ['a date style no board knows', (doc) => getMeta(doc).set('dateStyle', 'ymd'), /one of dmy/],
    ['a part no board has', (doc) => doc.getMap('evil').set('a', 1), /no part named "evil"/],
    ['an embed in a cause', (doc) => (getCauses(doc).get('a')!.get(CauseKey.text) as Y.Text).insertEmbed(0, { image: 'x' }), /only hold characters/],
    ['formatting in a cause', (doc) => (getCauses(doc).get('a')!.get(CauseKey.text) as Y.Text).format(0, 1, { bold: true }), /only hold characters/],
    ['a sub-document', (doc) => getLetter(doc).set('text', new Y.Doc() as never), /must be a text/],
    ['a title of a megabyte', (doc) => (getMeta(doc).get('title') as Y.Text).insert(0, 'x'.repeat(1 << 20)), /limit of 200/],
    [
      'a cause text typed past twice its limit',
      (doc) => (getCauses(doc).get('a')!.get(CauseKey.text) as Y.Text).insert(0, 'x'.repeat(Limits.causeText * 2)),
      /limit of 1000/,
    ],
    [
      'a new cause whose text is too long',
      (doc) => {
        const cause = new Y.Map<unknown>();
        getCauses(doc).set('big', cause as never);
        cause.set(CauseKey.text, new Y.Text('x'.repeat(Limits.causeText * 3)));
      },
      /limit of 1000/,
    ],
    ['a cause that replaces another', (doc) => getCauses(doc).set('a', new Y.Map() as never), /exists already/],
    // What only a hand-made update does: every editor's card is bound to these, and the board reads by them.
    ['the title removed', (doc) => getMeta(doc).delete('title'), /"title" cannot be removed/],
    [
      'the title replaced by a new text (everyone typing in the old one would type into nothing)',
      (doc) => getMeta(doc).set('title', new Y.Text('Mine')),
      /"title" is written once/,
    ],
    ['the complaint’s words removed', (doc) => getComplaint(doc).delete('text'), /"text" cannot be removed/],
    ['the board’s version changed', (doc) => getMeta(doc).set('schemaVersion', 99), /"schemaVersion" is written once/],
    ['the board’s creation time rewritten', (doc) => getMeta(doc).set('createdAt', 0), /"createdAt" is written once/],
    ['the board’s version removed', (doc) => getMeta(doc).delete('schemaVersion'), /cannot be removed/],
    ['a cause’s parent removed (an orphan)', (doc) => getCauses(doc).get('a')!.delete(CauseKey.parentId), /"parentId" cannot be removed/],
    ['a cause’s author rewritten', (doc) => getCauses(doc).get('a')!.set(CauseKey.createdBy, 'Someone else'), /written once/],
    ['a cause’s text removed', (doc) => getCauses(doc).get('a')!.delete(CauseKey.text), /cannot be removed/],
    ['the channel removed', (doc) => getComplaint(doc).delete('channel'), /"channel" cannot be removed/],
    ['a cause under the complaint’s own id (a loop in the tree)', (doc) => getCauses(doc).set(COMPLAINT_ID, new Y.Map() as never), /kept by id/],
    ['an action under a prototype’s name', (doc) => getActions(doc).set('constructor', new Y.Map() as never), /kept by id/],
    ['a cause under an id no board makes', (doc) => getCauses(doc).set('a b/c', new Y.Map() as never), /kept by id/],
    [
      'more causes than a board holds',
      (doc) => {
        for (let i = 0; i < Limits.causes * 2 + 1; i++) getCauses(doc).set(`c${i}`, new Y.Map() as never);
      },
      /at most 4000 causes/,
    ],
  ];
  for (const [name, change, reason] of refusals) {
    it(name, () => {
      const verdict = checkUpdate(board, updateOf(board, change));
      expect(verdict).toMatchObject({ ok: false, missing: false });
      expect(!verdict.ok && verdict.reason).toMatch(reason);
    });
  }

  it('an update with more structs than one may carry', () => {
    const update = updateOf(board, (doc) => {
      const text = getCauses(doc).get('a')!.get(CauseKey.text) as Y.Text;
      // Characters typed backwards cannot merge: one struct each.
      for (let i = 0; i <= MAX_STRUCTS; i++) text.insert(0, 'x');
    });
    expect(checkUpdate(board, update)).toMatchObject({ ok: false, missing: false, reason: expect.stringMatching(/structs/) });
  });

  it('updates that build on what the server does not have are held back as missing, not applied', () => {
    const replica = fork(board);
    const first = updateOf(replica, (doc) => askWhy(doc, 'b', { id: 'first', text: 'first' }, 'me'));
    Y.applyUpdate(replica, first);
    const second = updateOf(replica, (doc) => editCause(doc, 'first', 'first, edited', 'me'));
    expect(checkUpdate(board, second)).toMatchObject({ ok: false, missing: true });
    const deleting = updateOf(replica, (doc) => deleteCause(doc, 'first', 'me'));
    expect(checkUpdate(board, deleting)).toMatchObject({ ok: false, missing: true });
    // Once the first has arrived, both fit.
    expect(checkUpdate(board, first).ok).toBe(true);
    const caughtUp = fork(board);
    Y.applyUpdate(caughtUp, first);
    expect(checkUpdate(caughtUp, second).ok).toBe(true);
  });
});

describe('a board with values no board should hold (damaged before the server checked)', () => {
  function damaged(): Y.Doc {
    const doc = makeBoard('complaint > a > b');
    addAction(doc, 'b', { text: 'Fix it' }, 'test');
    getCauses(doc).set('evil', 42 as never);
    getActions(doc).set('evil', 'x' as never);
    getCauses(doc)
      .get('a')!
      .set(CauseKey.text, new Y.Map() as never);
    getMeta(doc).set('title', 7);
    getComplaint(doc).set('text', new Y.Array());
    return doc;
  }

  it('reads: what cannot be read is skipped, the rest is there', () => {
    const board = readBoard(damaged());
    expect(board.causeIds).toEqual(['a', 'b']);
    expect(board.causes.a!.text).toBe('');
    expect(board.causes.b!.text).toBe('b');
    expect(board.title).toBe('');
    expect(board.complaint.text).toBe('');
    expect(board.actionIds).toHaveLength(1);
  });

  it('can still be edited', () => {
    const doc = damaged();
    askWhy(doc, 'b', { id: 'fresh', text: 'A new cause' }, 'me');
    addAction(doc, 'fresh', { text: 'An action' }, 'me');
    expect(readBoard(doc).causeIds).toEqual(['a', 'b', 'fresh']);
  });
});

describe('the server refuses writes that would break a board', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  const frame = (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  };

  it('an editor who sets a cause to 42 is closed with 4422; nothing is stored, and the board and every export still open', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const client = connectClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => client.destroy());
    await client.synced;
    askWhy(client.doc, COMPLAINT_ID, { id: 'real', text: 'A real cause' }, 'me');
    const room = server.rooms.get(board.id);
    await expect.poll(() => readBoard(room.doc).causeIds).toEqual(['real']);
    await room.flushed();
    const stored = await server.storage.load(board.id);

    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}`);
    cleanup.push(() => ws.terminate());
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    const evil = updateOf(room.doc, (doc) => getCauses(doc).set('evil', 42 as never));
    ws.send(frame(evil));
    expect(await closed).toBe(CloseCode.invalidUpdate);
    await room.flushed();
    expect(getCauses(room.doc).has('evil')).toBe(false);
    expect(await server.storage.load(board.id)).toEqual(stored);

    const auth = { Authorization: `Bearer ${board.tokens.viewer}` };
    expect((await fetch(`${server.url}/api/boards/${board.id}`, { headers: auth })).status).toBe(200);
    for (const name of EXPORTS) {
      expect((await fetch(`${server.url}/api/boards/${board.id}/export/${name}`, { headers: auth })).status, name).toBe(200);
    }
  });

  it('a refusal whose reason is longer than a close frame holds still closes with 4422, its reason cut, not as malformed', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    const room = server.rooms.get(board.id);
    await room.loaded;
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}`);
    cleanup.push(() => ws.terminate());
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise((resolve) => ws.once('open', resolve));
    // A field name of 40 characters (as much as a refusal quotes) makes a reason of about 130 bytes.
    const evil = updateOf(room.doc, (doc) => getMeta(doc).set(`ż${'x'.repeat(60)}`, 1));
    ws.send(frame(evil));
    const { code, reason } = await closed;
    expect(code).toBe(CloseCode.invalidUpdate);
    expect(reason).toMatch(/^This change does not fit the board \("żx{39}" is not a field .*…$/u);
    expect(new TextEncoder().encode(reason).byteLength).toBeGreaterThan(115);
    expect(new TextEncoder().encode(reason).byteLength).toBeLessThanOrEqual(123);
  });

  it('a board already damaged in storage opens, syncs and exports', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    const board = await createBoard(server.url);
    // The damage goes straight to storage, as a board written before the server checked would hold it.
    const base = new Y.Doc();
    Y.applyUpdate(base, Y.mergeUpdates(await server.storage.load(board.id)));
    await server.storage.append(
      board.id,
      updateOf(base, (doc) => {
        getCauses(doc).set('evil', 42 as never);
        getActions(doc).set('evil', 'x' as never);
        askWhy(doc, COMPLAINT_ID, { id: 'kept', text: 'Still here' }, 'me');
      }),
      { at: Date.now(), by: null },
    );
    const auth = { Authorization: `Bearer ${board.tokens.viewer}` };
    const summary = await fetch(`${server.url}/api/boards/${board.id}`, { headers: auth });
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { causeCount: number }).causeCount).toBe(1);
    for (const name of EXPORTS) {
      expect((await fetch(`${server.url}/api/boards/${board.id}/export/${name}`, { headers: auth })).status, name).toBe(200);
    }
    const client = connectClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => client.destroy());
    await client.synced;
    expect(readBoard(client.doc).causeIds).toEqual(['kept']);
    askWhy(client.doc, 'kept', { id: 'more', text: 'And one more' }, 'me');
    await expect.poll(async () => (await server.rooms.snapshot(board.id)).causeIds).toEqual(['kept', 'more']);
  });
});
