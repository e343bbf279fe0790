// @vitest-environment jsdom
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_ID, readBoard } from '../../shared/board';
import { makeBoard } from '../fixtures/makeBoard';
import { installReactFlowShims } from './jsdomShims';
import { mountBoard } from './mountBoard';

beforeAll(installReactFlowShims);
afterEach(cleanup);

/** Each cause as `depth:text`, in reading order. */
const texts = (doc: ReturnType<typeof makeBoard>) => {
  const board = readBoard(doc);
  return board.causeIds.map((id) => `${board.causes[id]!.depth}:${board.causes[id]!.text}`);
};

/** The card's node wrapper: what has focus when the keyboard is on a card. */
const cardNode = (id: string) => document.querySelector(`.react-flow__node[data-id="${id}"]`);

describe('typing on a card', () => {
  // Issue 13, finding 1: selected (not editing), `Xyz` at 120 ms a key read "…LisbonyzX" and took two undos.
  it('types into a selected card in order, as people type, and undoes the session in one step', async () => {
    const doc = makeBoard('complaint > a');
    const store = mountBoard(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    act(() => store.getState().ops.select('a'));
    expect(store.getState().editingId).toBeUndefined();

    await userEvent.setup({ delay: 120 }).keyboard('Xyz');
    expect(screen.getByLabelText('Answer to why 1')).toHaveValue('aXyz');
    expect(texts(doc)).toEqual(['1:aXyz']);
    await userEvent.keyboard('{Escape}');
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(texts(doc)).toEqual(['1:a']);
  });

  it('keeps keys typed before a new card’s editor has focus, in order', async () => {
    const doc = makeBoard('complaint > a');
    const store = mountBoard(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    act(() => store.getState().ops.select('a'));
    // Enter and the next keys in one burst: the new card's editor is not there yet for the first of them.
    await userEvent.keyboard('{Enter}bc');
    expect(texts(doc)).toEqual(['1:a', '1:bc']);
  });
});

// Issue 13, finding 2: while typing, Enter only stopped editing and the next words went into the same card.
describe('keys while typing, as in mind-map tools', () => {
  it('Enter commits and adds a cause beside, Tab commits and asks why, Shift+Enter is a new line, Escape goes back to the card', async () => {
    const doc = makeBoard();
    const store = mountBoard(doc);
    await screen.findByTestId('complaint');
    act(() => store.getState().ops.select(COMPLAINT_ID));

    await userEvent.keyboard('{Enter}'); // on the complaint: why?
    await userEvent.keyboard('Missed the transfer{Enter}Tag misprinted{Tab}Printer low on ink{Shift>}{Enter}{/Shift}nobody checked{Escape}');
    expect(texts(doc)).toEqual(['1:Missed the transfer', '1:Tag misprinted', '2:Printer low on ink\nnobody checked']);
    const last = readBoard(doc).causeIds[2]!;
    expect(store.getState()).toMatchObject({ editingId: undefined, selectedId: last });
    expect(cardNode(last)).toHaveFocus();

    // Each step is its own undo step: the typing in the last card, then the card, and so on.
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(texts(doc)).toEqual(['1:Missed the transfer', '1:Tag misprinted', '2:']);
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(texts(doc)).toEqual(['1:Missed the transfer', '1:Tag misprinted']);
  });

  it('takes back a card just added and left empty (Tab or Escape in it): no empty cards pile up, none to undo', async () => {
    const doc = makeBoard('complaint > a');
    const store = mountBoard(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    for (const [add, leave] of [
      ['{Tab}', '{Tab}'],
      ['{Tab}', '{Escape}'],
      ['{Enter}', '{Escape}'],
    ]) {
      act(() => store.getState().ops.select('a'));
      await userEvent.keyboard(add!);
      expect(await screen.findByRole('textbox', { name: /^Answer to why [12]$/ })).toHaveFocus();
      expect(texts(doc)).toHaveLength(2);
      await userEvent.keyboard(leave!);
      expect(texts(doc)).toEqual(['1:a']);
      expect(store.getState().editingId).toBeUndefined();
      expect(store.getState().selectedId).toBe('a'); // back on the card it was asked from
      expect(store.getState().canUndo).toBe(false);
      expect(store.getState().canRedo).toBe(false); // nothing to redo either: it was never asked
    }
    // A card with words in it stays, of course.
    act(() => store.getState().ops.select('a'));
    await userEvent.keyboard('{Tab}kept{Escape}');
    expect(texts(doc)).toEqual(['1:a', '2:kept']);
  });

  it('Enter in a card still empty stops there, the card selected, so typing fills it (not another empty card)', async () => {
    const doc = makeBoard('complaint > a');
    const store = mountBoard(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    act(() => store.getState().ops.select('a'));
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByLabelText('Answer to why 1')).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(texts(doc)).toEqual(['1:a', '1:']);
    expect(store.getState().editingId).toBeUndefined();
  });

  it('leaves Enter to an input method that is composing text', async () => {
    const doc = makeBoard('complaint > a');
    const store = mountBoard(doc);
    await screen.findByRole('article', { name: 'Why 1, hypothesis: a' });
    act(() => store.getState().ops.startEditing('a'));
    const editor = await screen.findByLabelText('Answer to why 1');
    // The Enter that confirms a Japanese conversion is a keydown with isComposing set.
    act(() => {
      editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }));
    });
    expect(texts(doc)).toEqual(['1:a']);
    expect(store.getState().editingId).toBe('a');
  });
});
