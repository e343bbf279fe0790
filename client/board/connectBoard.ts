import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readBoard } from '../../shared/board';
import { coachBoard } from '../../shared/coach';
import type { Role } from '../../shared/protocol';
import { createBoardStore, type BoardStore } from './createBoardStore';
import { reuseUnchanged } from './reuseUnchanged';

export interface BoardConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  store: BoardStore;
  destroy(): void;
}

/**
 * The bridge: Y.Doc → snapshot → store. It observes the document, derives the plain snapshot with `readBoard`, and
 * sets it in the store; it never writes the snapshot back.
 */
export function connectBoard(boardId: string, token: string, role: Role): BoardConnection {
  const doc = new Y.Doc();
  const origin = { client: 'local' };
  const store = createBoardStore(doc, role, origin);
  const syncUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/sync`;
  const provider = new WebsocketProvider(syncUrl, boardId, doc, { params: { token } });

  const refresh = () =>
    store.setState((state) => {
      const board = reuseUnchanged(state.board, readBoard(doc));
      return board === state.board ? {} : { board, hints: coachBoard(board) };
    });
  doc.on('update', refresh);
  provider.on('status', ({ status }) => {
    store.setState({ status: status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline' });
  });
  provider.on('sync', (synced: boolean) => {
    if (synced) store.setState({ synced: true });
    refresh();
  });

  return {
    doc,
    provider,
    store,
    destroy() {
      doc.off('update', refresh);
      store.undoManager.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}
