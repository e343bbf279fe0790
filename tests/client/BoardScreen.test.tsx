// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_ID, readBoard } from '../../shared/board';
import { makeBoard } from '../fixtures/makeBoard';
import { installReactFlowShims } from './jsdomShims';
import { mountBoard } from './mountBoard';

beforeAll(installReactFlowShims);
afterEach(cleanup);

const texts = (doc: ReturnType<typeof makeBoard>) => {
  const board = readBoard(doc);
  return board.causeIds.map((id) => `${board.causes[id]!.depth}:${board.causes[id]!.text}`);
};

describe('keyboard commands', () => {
  it('grows a tree from the keyboard alone: Enter, Tab, arrows, F2, typing, Delete, undo and redo', async () => {
    const doc = makeBoard();
    const store = mountBoard(doc);
    await screen.findByTestId('complaint');
    act(() => store.getState().ops.select(COMPLAINT_ID));

    await userEvent.keyboard('{Enter}'); // on the complaint: ask why
    await userEvent.keyboard('Form was wrong{Tab}'); // while typing: commit, and why under it
    await userEvent.keyboard('Last year{Enter}'); // while typing: commit, and another cause beside it
    await userEvent.keyboard('No check{Escape}');
    expect(texts(doc)).toEqual(['1:Form was wrong', '2:Last year', '2:No check']);

    await userEvent.keyboard('{ArrowLeft}');
    expect(store.getState().selectedId).toBe(readBoard(doc).causeIds[1]);
    await userEvent.keyboard('{ArrowUp}');
    const first = readBoard(doc).causeIds[0]!;
    expect(store.getState().selectedId).toBe(first);
    await userEvent.keyboard('{F2}');
    expect(await screen.findByLabelText('Answer to why 1')).toHaveFocus();
    await userEvent.keyboard(' at the till{Escape}');
    await userEvent.keyboard('!'); // typing starts editing with that key
    await userEvent.keyboard('{Escape}');
    expect(texts(doc)[0]).toBe('1:Form was wrong at the till!');

    await userEvent.keyboard('{ArrowDown}{Delete}');
    expect(texts(doc)).toEqual(['1:Form was wrong at the till!', '2:No check']);
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(texts(doc)).toEqual(['1:Form was wrong at the till!', '2:Last year', '2:No check']);
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(texts(doc)).toEqual(['1:Form was wrong at the till!', '2:No check']);
  });

  it('undoes one command at a time, typing included, and only this person’s changes', async () => {
    const doc = makeBoard('complaint > theirs');
    const store = mountBoard(doc);
    await screen.findByTestId('complaint');
    act(() => store.getState().ops.select(COMPLAINT_ID));
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('mine{Escape}');
    expect(texts(doc)).toEqual(['1:theirs', '1:mine']);
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(texts(doc)).toEqual(['1:theirs', '1:']); // the typing, as one step
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(texts(doc)).toEqual(['1:theirs']); // the new card; someone else's card stays
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Redo' }));
    expect(texts(doc)).toEqual(['1:theirs', '1:']);
  });

  it('? lists the shortcuts; a viewer can move around but not change anything', async () => {
    const doc = makeBoard('complaint > a > b');
    const store = mountBoard(doc, 'viewer');
    await screen.findByTestId('complaint');
    await userEvent.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getAllByRole('cell', { name: 'Ask why under the card' })).toHaveLength(2); // on the board, and while typing
    act(() => store.getState().ops.select('a'));
    await userEvent.keyboard('{ArrowDown}{Tab}{Delete}x');
    expect(store.getState().selectedId).toBe('b');
    expect(texts(doc)).toEqual(['1:a', '2:b']);
    expect(screen.getByText('View only')).toBeInTheDocument();
  });
});

describe('card and side panel', () => {
  it('sets status on the card, evidence and control in the details panel', async () => {
    const doc = makeBoard('complaint > a');
    const store = mountBoard(doc);
    const card = await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    await userEvent.selectOptions(within(card).getByRole('combobox', { name: 'Status' }), 'confirmed');
    expect(readBoard(doc).causes.a!.status).toBe('confirmed');

    act(() => store.getState().ops.select('a'));
    await userEvent.type(screen.getByLabelText('Evidence'), 'Receipts, see https://example.com/r/12');
    expect(readBoard(doc).causes.a!.evidence).toBe('Receipts, see https://example.com/r/12');
    expect(screen.getByRole('link', { name: 'https://example.com/r/12' })).toHaveAttribute('rel', 'noreferrer noopener');
    await userEvent.click(screen.getByLabelText('Within our control'));
    await userEvent.type(screen.getByLabelText('Escalated to'), 'Supplier account manager');
    expect(readBoard(doc).causes.a).toMatchObject({ inControl: false, escalation: 'Supplier account manager' });
    expect(within(card).getByText('Outside our control')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Ruled out' }));
    expect(readBoard(doc).causes.a!.status).toBe('ruledOut');
  });

  it('lists chains with a "therefore" read-back, and a step click selects its card', async () => {
    const doc = makeBoard('complaint > a > b');
    const store = mountBoard(doc);
    await screen.findByRole('article', { name: 'Why 2, hypothesis: b' });
    act(() => store.getState().ops.toggleRootCause('b'));
    await userEvent.click(screen.getByRole('tab', { name: /Chains/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Read back with “therefore”' }));
    expect(screen.getByText('B, therefore a, therefore the customer said: “I was overcharged”.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'a' }));
    expect(store.getState().selectedId).toBe('a');
  });

  it('the coach points at cards, and a hint click selects the card', async () => {
    const doc = makeBoard('complaint > a');
    const store = mountBoard(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    await userEvent.click(screen.getByRole('tab', { name: /Coach/ }));
    const hints = screen.getByRole('list', { name: 'Coach hints' });
    expect(within(hints).getByText('Keep digging')).toBeInTheDocument();
    // A hypothesis is a guess to check: it is not asked for evidence until someone marks it confirmed.
    expect(within(hints).queryByText('No evidence')).toBeNull();
    await userEvent.click(within(hints).getByText('Keep digging'));
    expect(store.getState().selectedId).toBe('a');
  });

  it('collapses and expands a branch', async () => {
    const doc = makeBoard('complaint > a > b > c');
    mountBoard(doc);
    const card = await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    await userEvent.click(within(card).getByRole('button', { name: 'Collapse branch' }));
    expect(screen.queryByRole('article', { name: /Why 2/ })).not.toBeInTheDocument();
    await userEvent.click(within(card).getByRole('button', { name: 'Expand branch (2 hidden)' }));
    expect(await screen.findByRole('article', { name: 'Why 3, hypothesis: c' })).toBeInTheDocument();
  });
});
