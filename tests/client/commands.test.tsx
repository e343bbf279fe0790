// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../shared/protocol';
import { initialMeeting, viewMeeting } from '../../shared/meeting';
import type { KeyMode } from '../../client/board/commands/BoardCommand';
import { BOARD_COMMANDS } from '../../client/board/commands/boardCommands';
import { keyLabel } from '../../client/board/commands/matchKey';
import type { BoardStore } from '../../client/board/store/createBoardStore';
import { makeBoard } from '../fixtures/makeBoard';
import { installReactFlowShims } from './jsdomShims';
import { mountBoard } from './mountBoard';

beforeAll(installReactFlowShims);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** A binding of the table as user-event types it: `Mod+Shift+Z` → `{Control>}{Shift>}z{/Shift}{/Control}`. */
function typed(binding: string): string {
  const parts = binding.split('+');
  const main = parts.pop()!;
  const held = parts.map((part) => ({ Mod: 'Control', Shift: 'Shift', Alt: 'Alt' })[part]!);
  const key = main === 'Printable' ? 'x' : /^(Key|Digit)/.test(main) ? `[${main}]` : main.length === 1 ? main.toLowerCase() : `{${main}}`;
  return `${held.map((name) => `{${name}>}`).join('')}${key}${held
    .reverse()
    .map((name) => `{/${name}}`)
    .join('')}`;
}

/** Puts the keyboard where `mode` says, on card `a` of `complaint > a > b` (with `c` beside `a`). */
async function arrange(store: BoardStore, mode: KeyMode) {
  const { ops } = store.getState();
  if (mode === 'letter') {
    act(() => ops.showView('letter'));
    act(() => (document.activeElement as HTMLElement | null)?.blur());
    return;
  }
  act(() => ops.select('a'));
  if (mode === 'typing') {
    act(() => ops.startEditing('a'));
    await vi.waitFor(() => expect(screen.getByLabelText('Answer to why 1')).toHaveFocus());
  }
}

/** What a command needs beyond the mode for its `when` to hold. */
const SETUP: Record<string, (store: BoardStore) => void> = {
  stopFollowing: (store) => store.setState({ meeting: { ...viewMeeting(initialMeeting()), follow: { clientId: -1, name: 'Dana', since: 1 } } }),
};

const cases = BOARD_COMMANDS.flatMap((command) =>
  (Object.entries(command.keys) as Array<[KeyMode, readonly string[]]>).flatMap(([mode, bindings]) => bindings.map((binding) => ({ command, mode, binding }))),
);

async function mountAt(role: Role, mode: KeyMode, id: string) {
  const doc = makeBoard('complaint > a > b', 'complaint > c');
  const store = mountBoard(doc, role);
  await screen.findByRole('article', { name: 'Why 2, hypothesis: b' });
  SETUP[id]?.(store);
  await arrange(store, mode);
  return store;
}

describe('the command table drives the keyboard', () => {
  it.each(cases.filter(({ command }) => command.run))('$binding ($mode) runs $command.id', async ({ command, mode, binding }) => {
    await mountAt('facilitator', mode, command.id);
    const runs = BOARD_COMMANDS.map((candidate) => (candidate.run ? vi.spyOn(candidate, 'run').mockImplementation(() => {}) : undefined));
    await userEvent.keyboard(typed(binding));
    const ran = BOARD_COMMANDS.filter((_, index) => runs[index]?.mock.calls.length);
    expect(ran.map((candidate) => candidate.id)).toEqual([command.id]);
  });

  it.each(cases.filter(({ command }) => command.who === 'editors' && command.run))(
    '$binding ($mode) does not run $command.id for a viewer',
    async ({ command, mode, binding }) => {
      await mountAt('viewer', mode === 'typing' ? 'selected' : mode, command.id);
      const run = vi.spyOn(command, 'run').mockImplementation(() => {});
      await userEvent.keyboard(typed(binding));
      expect(run).not.toHaveBeenCalled();
    },
  );

  it('the ? dialog lists exactly the table, with its keys for each mode', async () => {
    await mountAt('editor', 'selected', 'help');
    await userEvent.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const sections: Array<[KeyMode, string]> = [
      ['selected', 'On the board'],
      ['typing', 'While typing in a card'],
      ['letter', 'In the letter'],
    ];
    const listed = sections.flatMap(([mode, heading]) =>
      within(within(dialog).getByRole('table', { name: heading }))
        .getAllByRole('row')
        .map((row) => ({ mode, label: within(row).getByRole('cell').textContent, keys: [...row.querySelectorAll('kbd')].map((kbd) => kbd.textContent) })),
    );
    expect(listed).toEqual(
      sections.flatMap(([mode]) =>
        BOARD_COMMANDS.filter((command) => command.keys[mode]).map((command) => ({ mode, label: command.label, keys: command.keys[mode]!.map(keyLabel) })),
      ),
    );
    // Every command of the table is in the dialog.
    expect(
      new Set(
        within(dialog)
          .getAllByRole('row')
          .map((row) => row.dataset.command),
      ),
    ).toEqual(new Set(BOARD_COMMANDS.map((command) => command.id)));
  });

  it('leaves Enter to a focused button: the card’s own “Why?” asks why, it does not add a cause beside', async () => {
    const store = await mountAt('editor', 'selected', 'askWhy');
    const card = screen.getByRole('article', { name: 'Why 1, hypothesis: a' });
    act(() => within(card).getByRole('button', { name: 'Why?' }).focus());
    await userEvent.keyboard('{Enter}');
    const board = store.getState().board!;
    expect(board.causes.a!.childIds).toHaveLength(2);
    expect(board.complaint.childIds).toEqual(['a', 'c']);
  });

  it('buttons take their titles from the table', async () => {
    await mountAt('editor', 'selected', 'askWhy');
    const card = screen.getByRole('article', { name: 'Why 1, hypothesis: a' });
    expect(within(card).getByRole('button', { name: 'Why?' })).toHaveAttribute('title', 'Ask why under the card (Tab)');
    expect(within(card).getByRole('button', { name: 'Delete this cause and its branch' })).toHaveAttribute(
      'title',
      'Delete the cause and its branch (undoable) (Delete)',
    );
    expect(screen.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo your last change (Ctrl/⌘ + Z)');
  });
});

describe('keyLabel', () => {
  it('reads bindings as people do', () => {
    expect(['Mod+Shift+Z', 'Alt+KeyR', 'Shift+Digit1', 'ArrowUp', '?'].map(keyLabel)).toEqual(['Ctrl/⌘ + Shift + Z', 'Alt + R', 'Shift + 1', '↑', '?']);
  });
});
