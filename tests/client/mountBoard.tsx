import { render } from '@testing-library/react';
import type * as Y from 'yjs';
import type { Role } from '../../shared/protocol';
import { BoardLayout } from '../../client/board/BoardPage';
import { createBoardStore, type BoardStore } from '../../client/board/store/createBoardStore';
import { bindBoard } from '../../client/board/sync/bindBoard';

/**
 * Mounts the real board screen on a real Y.Doc, with the bridge's refresh wired as in the app; only the network is
 * left out. Returns the store, to select cards as a click would.
 */
export function mountBoard(doc: Y.Doc, role: Role = 'editor'): BoardStore {
  const store = createBoardStore(doc, { role, origin: { client: 'local' } });
  bindBoard(doc, store);
  store.setState({ status: 'connected', synced: true });
  render(
    <div style={{ width: 1280, height: 720 }}>
      <BoardLayout boardId="test" token="test" store={store} />
    </div>,
  );
  return store;
}
