// @vitest-environment jsdom
import { ReactFlowProvider } from '@xyflow/react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useStore } from 'zustand';
import * as Y from 'yjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBoard } from '../../shared/board';
import type { Role } from '../../shared/protocol';
import { BoardStoreContext } from '../../client/board/store/BoardStoreContext';
import { Canvas } from '../../client/board/canvas/Canvas';
import { CURSOR_GONE_MS, CURSOR_IDLE_MS } from '../../client/board/canvas/RemoteCursors';
import { createBoardStore, type BoardStore } from '../../client/board/store/createBoardStore';
import { bindBoard } from '../../client/board/sync/bindBoard';
import { useBoardShortcuts } from '../../client/board/commands/useBoardShortcuts';
import { makeBoard } from '../fixtures/makeBoard';
import { installReactFlowShims } from './jsdomShims';

beforeAll(installReactFlowShims);
afterEach(cleanup);

const noHelp = () => {};

/** The canvas with the board's keyboard, as the board page mounts them. */
function Board({ store }: { store: BoardStore }) {
  const board = useStore(store, (state) => state.board);
  useBoardShortcuts(store, noHelp);
  return board ? <Canvas board={board} /> : null;
}

/** Mounts the real canvas on a real Y.Doc, with the bridge's refresh wired as in the app (no server). */
function mount(doc: Y.Doc, role: Role = 'editor') {
  const store = createBoardStore(doc, { role, origin: { client: 'local' } });
  bindBoard(doc, store);
  render(
    <div style={{ width: 1200, height: 800 }}>
      <BoardStoreContext.Provider value={store}>
        <ReactFlowProvider>
          <Board store={store} />
        </ReactFlowProvider>
      </BoardStoreContext.Provider>
    </div>,
  );
  return store;
}

describe('the canvas', () => {
  it('asks why under the complaint and edits the new card in place', async () => {
    const doc = makeBoard();
    mount(doc);
    const complaint = await screen.findByTestId('complaint');
    expect(complaint).toHaveTextContent('I was overcharged.');
    await userEvent.click(within(complaint).getByRole('button', { name: 'Why?' }));

    const editor = await screen.findByLabelText('Answer to why 1');
    expect(editor).toHaveFocus();
    await userEvent.type(editor, 'The price form was wrong{Escape}');
    const board = readBoard(doc);
    expect(board.causeIds).toHaveLength(1);
    expect(board.causes[board.causeIds[0]!]!.text).toBe('The price form was wrong');
    expect(screen.queryByLabelText('Answer to why 1')).not.toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Why 1, hypothesis: The price form was wrong' })).toBeInTheDocument();
  });

  it('asks why again under a cause, branches, marks a root cause and deletes a branch', async () => {
    const doc = makeBoard('complaint > a');
    mount(doc);
    const first = await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    await userEvent.click(within(first).getByRole('button', { name: 'Why?' }));
    await userEvent.type(await screen.findByLabelText('Answer to why 2'), 'deeper{Escape}');
    await userEvent.click(within(first).getByRole('button', { name: 'Other cause' }));
    await userEvent.type(await screen.findByLabelText('Answer to why 1'), 'beside{Escape}');

    let board = readBoard(doc);
    expect(board.complaint.childIds.map((id) => board.causes[id]!.text)).toEqual(['a', 'beside']);
    const deeper = screen.getByRole('article', { name: 'Why 2, hypothesis: deeper' });
    await userEvent.click(within(deeper).getByRole('button', { name: 'Root cause' }));
    expect(screen.getByRole('article', { name: 'Why 2, root cause, hypothesis: deeper' })).toBeInTheDocument();
    expect(readBoard(doc).rootCauseIds).toHaveLength(1);

    await userEvent.click(within(first).getByRole('button', { name: 'Delete this cause and its branch' }));
    board = readBoard(doc);
    expect(board.causeIds.map((id) => board.causes[id]!.text)).toEqual(['beside']);
    expect(screen.queryByRole('article', { name: /deeper/ })).not.toBeInTheDocument();
  });

  it('shows a remote edit in the card as it arrives', async () => {
    const doc = makeBoard('complaint > a');
    mount(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    (remote.getMap('causes').get('a') as Y.Map<Y.Text>).get('text')!.insert(1, ' remote edit');
    act(() => Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc))));
    expect(screen.getByRole('article', { name: 'Why 1, hypothesis: a remote edit' })).toBeInTheDocument();
  });

  it('gives a viewer no way to change the board', async () => {
    const doc = makeBoard('complaint > a');
    mount(doc, 'viewer');
    const card = await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    expect(within(card).queryByRole('button', { name: /Why\?|Other cause|Root cause|Delete/ })).not.toBeInTheDocument();
    expect(within(card).queryByRole('combobox', { name: 'Status' })).not.toBeInTheDocument();
    expect(within(screen.getByTestId('complaint')).queryByRole('button')).not.toBeInTheDocument();
    // fireEvent: user-event's mousedown has no `view`, which d3-zoom (the pane's pan) needs; the click is what matters.
    fireEvent.click(within(card).getByText('a'));
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });
});

describe('other people’s pointers', () => {
  afterEach(() => vi.useRealTimers());

  it('fade when they stop moving, are gone after half a minute, and come back when they move', async () => {
    const doc = makeBoard('complaint > a');
    const store = mount(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const point = (x: number) =>
      act(() => store.setState({ peers: [{ clientId: 7, name: 'Cole Colleague', color: '#0e7490', role: 'editor', isSelf: false, cursor: { x, y: 40 } }] }));
    point(10);
    const cursor = () => screen.getByTestId('remote-cursor');
    expect(cursor()).toHaveAttribute('data-idle', 'moving');
    act(() => vi.advanceTimersByTime(CURSOR_IDLE_MS - 100));
    expect(cursor()).toHaveAttribute('data-idle', 'moving');
    act(() => vi.advanceTimersByTime(200));
    expect(cursor()).toHaveAttribute('data-idle', 'idle');
    act(() => vi.advanceTimersByTime(CURSOR_GONE_MS));
    expect(cursor()).toHaveAttribute('data-idle', 'gone');
    point(12);
    expect(cursor()).toHaveAttribute('data-idle', 'moving');
  });
});
