// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, deleteCause, readBoard } from '../../shared/board';
import type { Role } from '../../shared/protocol';
import { BoardAccessContext } from '../../client/board/BoardAccessContext';
import { HistoryPanel } from '../../client/board/history/HistoryPanel';
import { BoardStoreContext } from '../../client/board/store/BoardStoreContext';
import { MemoryStorage } from '../../server/storage/MemoryStorage';
import { connectStore } from '../fixtures/liveStore';
import { createBoard, startTestServer, tempDir } from '../fixtures/server';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/**
 * A board grown by Sam (two causes, the first with one under it), then the first deleted by Ana; the History panel
 * opened on it by `role`, on a real connection to a real server (in memory: the history needs no worker thread).
 */
async function openHistory(role: Role) {
  const server = await startTestServer({ dataDir: tempDir(), storage: new MemoryStorage() });
  cleanups.push(() => server.close());
  const board = await createBoard(server.url, { title: 'Charged twice', complaint: { text: 'You charged me twice!', customer: 'Łukasz' } });
  const sam = await connectStore(server, board, 'editor', 'Sam');
  const ana = await connectStore(server, board, 'editor', 'Ana');
  const { client, store } = await connectStore(server, board, role, role === 'facilitator' ? 'Fran' : 'Vic');
  cleanups.push(
    () => [sam, ana].forEach(({ client: other }) => other.destroy()),
    () => client.destroy(),
  );
  const stored = async () => vi.waitFor(async () => expect(JSON.stringify(await server.rooms.snapshot(board.id))).toBe(JSON.stringify(readBoard(client.doc))));

  const retry = askWhy(sam.client.doc, COMPLAINT_ID, { text: 'The retry job charged again' }, 'local');
  await vi.waitFor(() => expect(readBoard(ana.client.doc).causeIds).toContain(retry));
  const gateway = askWhy(sam.client.doc, retry, { text: 'The gateway timed out' }, 'local');
  await vi.waitFor(() => expect(readBoard(ana.client.doc).causeIds).toContain(gateway));
  const kept = askWhy(sam.client.doc, COMPLAINT_ID, { text: 'Nobody read the alert' }, 'local');
  await vi.waitFor(() => expect(readBoard(ana.client.doc).causeIds).toContain(kept));
  deleteCause(ana.client.doc, retry, 'local');
  await vi.waitFor(() => expect(readBoard(client.doc).causeIds).toEqual([kept]));
  await stored();
  await vi.waitFor(async () => expect((await server.storage.history(board.id)).at(-1)?.by?.name).toBe('Ana'));

  render(
    <BoardStoreContext.Provider value={store}>
      <BoardAccessContext.Provider value={{ boardId: board.id, token: board.tokens[role], origin: server.url }}>
        <HistoryPanel />
      </BoardAccessContext.Provider>
    </BoardStoreContext.Provider>,
  );
  const steps = await screen.findByRole('list', { name: 'Steps of the analysis' });
  return { store, client, steps, ids: { retry, gateway, kept } };
}

/** The words of each step, as listed (who, then what). */
const listed = (steps: HTMLElement) =>
  within(steps)
    .getAllByRole('listitem')
    .filter((item) => item.classList.contains('history-step'))
    .map((item) => item.querySelector('.history-step-button span')!.textContent);

describe('the History panel', () => {
  it('lists who did what, replays any moment read-only, and brings a deleted branch back', async () => {
    const user = userEvent.setup();
    const { store, steps, ids } = await openHistory('facilitator');
    expect(listed(steps)).toEqual([
      'Started the analysis of “Charged twice”',
      'Sam Added “The retry job charged again” as a why of the complaint',
      'Sam Added “The gateway timed out” under “The retry job charged again”',
      'Sam Added “Nobody read the alert” as a why of the complaint',
      'Ana Deleted “The retry job charged again” and the cause under it',
    ]);

    // A step shows the board as it was then, read-only; "Back to now" returns.
    await user.click(within(steps).getByRole('button', { name: /Added “The gateway timed out”/ }));
    await vi.waitFor(() => expect(store.getState().moment?.board.causeIds).toEqual([ids.retry, ids.gateway]));
    expect(within(steps).getByRole('button', { name: /Added “The gateway timed out”/ })).toHaveAttribute('aria-current', 'step');
    expect(screen.getByRole('status')).toHaveTextContent('step 3 of 5');
    act(() => store.getState().ops.askWhy(COMPLAINT_ID)); // a moment on screen is read-only: nothing is added
    expect(store.getState().moment?.board.causeIds).toEqual([ids.retry, ids.gateway]);
    expect(store.getState().board?.causeIds).toEqual([ids.kept]);

    // The slider goes to any step, and its end is now.
    const slider = screen.getByRole('slider', { name: 'Moment of the analysis' });
    fireEvent.change(slider, { target: { value: '0' } });
    await vi.waitFor(() => expect(store.getState().moment?.board.causeIds).toEqual([]));
    fireEvent.change(slider, { target: { value: '5' } });
    await vi.waitFor(() => expect(store.getState().moment).toBeUndefined());

    // The deletion is undone from its step, branch and all, as an edit everyone sees.
    await user.click(within(steps).getByRole('button', { name: 'Bring back' }));
    await vi.waitFor(() => expect(store.getState().board?.causeIds.sort()).toEqual([ids.retry, ids.gateway, ids.kept].sort()));
    act(() => store.getState().ops.undo());
    expect(store.getState().board?.causeIds).toEqual([ids.kept]);
  });

  it('restores a moment for the facilitator, as one step that can be undone', async () => {
    const user = userEvent.setup();
    const { store, steps, ids } = await openHistory('facilitator');
    await user.click(within(steps).getByRole('button', { name: /Added “The gateway timed out”/ }));
    await user.click(await screen.findByRole('button', { name: 'Restore…' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Restore this moment' });
    // It says what goes and what comes back, before everyone sees it.
    expect(confirm).toHaveTextContent('1 cause made since will go. 2 causes gone since will come back. Everyone sees it at once, and you can undo it.');
    await user.click(within(confirm).getByRole('button', { name: 'Restore' }));
    expect(store.getState().moment).toBeUndefined();
    // The meeting heard of it: the history tells it as one step, and the others are told (tests/server/history.test.ts).
    await vi.waitFor(() => expect(store.getState().meeting?.restored).toMatchObject({ by: 'Fran' }));
    // Then, the retry and the gateway were there; "Nobody read the alert" was not yet.
    expect(store.getState().board?.causeIds).toEqual([ids.retry, ids.gateway]);
    act(() => store.getState().ops.undo());
    expect(store.getState().board?.causeIds).toEqual([ids.kept]);
  });

  it('lets a viewer replay, but not restore or bring back', async () => {
    const user = userEvent.setup();
    const { store, steps } = await openHistory('viewer');
    expect(within(steps).queryByRole('button', { name: 'Bring back' })).toBeNull();
    await user.click(within(steps).getByRole('button', { name: /Added “The gateway timed out”/ }));
    await vi.waitFor(() => expect(store.getState().moment).toBeDefined());
    expect(screen.queryByRole('button', { name: 'Restore…' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Report (PDF)' })).toBeEnabled();
    expect(screen.getByText('Only the facilitator can restore a moment.')).toBeInTheDocument();
    // Escape goes back to now.
    fireEvent.keyDown(screen.getByRole('slider'), { key: 'Escape' });
    expect(store.getState().moment).toBeUndefined();
  });
});
