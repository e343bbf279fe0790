import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeMeetingFrame, readMeetingMessage } from '../../../shared/meeting/wire';
import { MessageType } from '../../../shared/protocol';
import type { Identity } from '../../lib/identity';
import { ApiRequestError, api } from '../../lib/api';
import { isTerminalClose, reconnectDelay } from '../../lib/reconnect';
import { bindBoard } from './bindBoard';
import { createBoardStore, type BoardStore } from '../store/createBoardStore';
import { editorsByCause, readPeers } from './readPeers';
import { reached } from '../../lib/milestones';

export interface BoardConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  store: BoardStore;
  destroy(): void;
}

/**
 * Opens a board: the document synced with the server and kept in this browser, and the bridge into a store
 * (Y.Doc → snapshot via `bindBoard`, awareness → peers), with the connection status and the saved state. The store's
 * role is a viewer's until the page sets the one the link grants (it opens the socket without waiting to know it; the
 * server enforces the role either way).
 */
export function connectBoard(boardId: string, token: string, identity: Identity): BoardConnection {
  reached('connect');
  const doc = new Y.Doc();
  const origin = { client: 'local' };
  const syncUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/sync`;
  // We reconnect ourselves, with jitter (see reconnect.ts): the provider never does after a server-side close.
  const provider = new WebsocketProvider(syncUrl, boardId, doc, {
    params: { token, name: identity.name, person: identity.person, ack: '1', meeting: '1' },
    shouldReconnect: () => false,
  });
  // The board is also kept in this browser: it opens without the network, and edits made offline are kept and merge
  // when the connection is back.
  const local = new IndexeddbPersistence(`whyboard:${boardId}`, doc);
  const { awareness } = provider;
  stopAwarenessEcho(provider);
  awareness.setLocalStateField('user', { name: identity.name, color: identity.color });

  const store = createBoardStore(doc, {
    role: 'viewer',
    origin,
    name: identity.name,
    presence: { set: (field, value) => awareness.setLocalStateField(field, value) },
    meeting: {
      send: (command) => {
        if (!provider.wsconnected || !provider.ws) return false;
        provider.ws.send(encodeMeetingFrame(command));
        return true;
      },
    },
  });
  provider.messageHandlers[MessageType.meeting] = (_encoder, decoder) => store.getState().ops.receiveMeeting(readMeetingMessage(decoder));

  const { unbind } = bindBoard(doc, store);

  let editingKey = '';
  const onAwareness = () => {
    const peers = readPeers(awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID, store.getState().role);
    const editors = editorsByCause(peers);
    // Cursors move many times a second; only a change of who edits what re-renders the cards.
    const key = JSON.stringify(Object.entries(editors).map(([id, list]) => [id, list.map((peer) => peer.clientId)]));
    store.setState(key === editingKey ? { peers } : { peers, editorsByCause: editors });
    editingKey = key;
  };
  awareness.on('change', onAwareness);
  onAwareness();
  const unsubscribeRole = store.subscribe((state, previous) => state.role !== previous.role && onAwareness());

  provider.on('status', ({ status }) => {
    if (status === 'connected') reached('socket-open');
    // The storage status is a connection's: a new one is told again if the server still cannot save.
    store.setState({ status: status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline', serverCannotSave: false });
  });

  // Saved: the server's `stored` acknowledgement covers every local change. Unsynced: local changes it does not cover
  // yet, counted as a person counts them: one per command or typing session (one undo step), not one per keystroke.
  let storedClock = 0;
  let pending: Array<{ clock: number; change: object }> = [];
  const updateUnsynced = () => {
    pending = pending.filter((entry) => entry.clock > storedClock);
    store.setState({ unsynced: new Set(pending.map((entry) => entry.change)).size });
  };
  doc.on('update', (_update: Uint8Array, updateOrigin: unknown) => {
    if (updateOrigin === provider || updateOrigin === local) return; // from the server or this browser's copy: not new here
    const change = store.undoManager.undoStack.at(-1) ?? {};
    pending.push({ clock: Y.getState(doc.store, doc.clientID), change });
    updateUnsynced();
  });
  provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => {
    storedClock = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(doc.clientID) ?? 0;
    updateUnsynced();
  };
  provider.messageHandlers[MessageType.storage] = (_encoder, decoder) => {
    store.setState({ serverCannotSave: decoding.readVarUint(decoder) === 0 });
  };

  let attempts = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  // The board itself follows the document (`bindBoard`): what the sync brought has been read already.
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    reached('synced');
    attempts = 0;
    store.setState({ synced: true });
  });
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (!event) return; // closed on our side: the provider reconnects by itself
    if (isTerminalClose(event.code)) {
      store.setState({ refused: event.reason || 'The server closed this board for this link.' });
      return;
    }
    clearTimeout(retry);
    retry = setTimeout(() => provider.connect(), reconnectDelay(event.code, attempts++));
    // A refusal at the HTTP upgrade (a link replaced while this page was away) reaches a browser only as 1006, like a
    // network failure: ask the API, which says 401 or 404 plainly, and stop retrying if the link no longer works.
    if (event.code === 1006 && navigator.onLine) {
      api.getBoard(boardId, token).catch((error: unknown) => {
        if (!(error instanceof ApiRequestError) || (error.status !== 401 && error.status !== 404)) return;
        clearTimeout(retry);
        provider.disconnect();
        store.setState({
          refused: error.status === 401 ? 'This link no longer opens the board. Ask the facilitator for the new one.' : 'This board no longer exists.',
        });
      });
    }
  });

  // The browser knows before the socket does: a dead connection can take many seconds to time out.
  const goOffline = () => {
    clearTimeout(retry);
    provider.disconnect();
    store.setState({ status: 'offline' });
  };
  const goOnline = () => provider.connect();
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);
  if (!navigator.onLine) goOffline(); // opened without the network (from the service worker's copy of the app)

  return {
    doc,
    provider,
    store,
    destroy() {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      clearTimeout(retry);
      unbind();
      awareness.off('change', onAwareness);
      unsubscribeRole();
      store.undoManager.destroy();
      provider.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}

/**
 * A connection opened before the page renders, waiting for the page to take it: the socket and this browser's copy
 * load while React draws the page, instead of after it (`board.html` has the code loaded with the entry).
 */
let early: { key: string; connection: BoardConnection } | undefined;
const keyOf = (boardId: string, token: string, identity: Identity) => JSON.stringify([boardId, token, identity.name, identity.color, identity.person]);

/** Opens the board's connection now, for `takeConnection` to hand over (a page that never takes it drops it). */
export function openEarly(boardId: string, token: string, identity: Identity): void {
  dropEarly();
  early = { key: keyOf(boardId, token, identity), connection: connectBoard(boardId, token, identity) };
}

/** The connection `openEarly` opened for the same board, link and person, or a new one. */
export function takeConnection(boardId: string, token: string, identity: Identity): BoardConnection {
  const waiting = early?.key === keyOf(boardId, token, identity) ? early.connection : undefined;
  if (waiting) early = undefined;
  else dropEarly();
  return waiting ?? connectBoard(boardId, token, identity);
}

/** Closes a connection opened early that the page will not use (the link does not open the board). */
export function dropEarly(): void {
  early?.connection.destroy();
  early = undefined;
}

/**
 * The stock y-websocket 3.1 client sends every awareness update it *receives* back to the server (yjs issue 732):
 * with 20 people moving cursors, 18 times the traffic. Replace its handler with one that sends only this client's
 * own changes (those whose origin is not the provider).
 */
function stopAwarenessEcho(provider: WebsocketProvider): void {
  type Changes = { added: number[]; updated: number[]; removed: number[] };
  const internals = provider as unknown as { _awarenessUpdateHandler: (changes: Changes, origin: unknown) => void };
  provider.awareness.off('update', internals._awarenessUpdateHandler);
  internals._awarenessUpdateHandler = ({ added, updated, removed }, origin) => {
    if (origin === provider) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(provider.awareness, [...added, ...updated, ...removed]));
    const message = encoding.toUint8Array(encoder);
    if (provider.wsconnected) provider.ws?.send(message);
  };
  provider.awareness.on('update', internals._awarenessUpdateHandler);
}
