import { useEffect } from 'react';
import { selectCanEdit, type BoardState, type BoardStore } from '../store/createBoardStore';
import type { BoardCommand, CommandContext, KeyMode } from './BoardCommand';
import { BOARD_COMMANDS } from './boardCommands';
import { isTextEntry } from './isTextEntry';
import { matchKey } from './matchKey';

/** The editor of the card being typed in. */
const isCardEditor = (element: Element | null) => element instanceof HTMLTextAreaElement && element.classList.contains('card-editor');

/**
 * The first command of the table bound to this key in this mode that this person may run now. A key bound by name
 * wins over `Printable`, so `?` and Shift+1 keep their commands on a selected card instead of starting to type.
 */
export function findCommand(event: KeyboardEvent, context: CommandContext): BoardCommand | undefined {
  const canEdit = selectCanEdit(context.state);
  const find = (printable: boolean) =>
    BOARD_COMMANDS.find(
      (command) =>
        command.keys[context.mode]?.some((binding) => (binding === 'Printable') === printable && matchKey(binding, event)) &&
        (command.who === 'everyone' || canEdit) &&
        (command.when?.(context) ?? true),
    );
  return find(false) ?? find(true);
}

const modeOf = (state: BoardState): KeyMode => (state.view === 'letter' ? 'letter' : state.editingId ? 'typing' : 'selected');

/**
 * The board's keyboard, dispatched from `BOARD_COMMANDS`: on the board (a card selected or not), while typing in a
 * card, and in the letter view. Other text fields (details, letter, menus) and dialogs keep their keys. `openHelp`
 * shows the shortcuts dialog.
 */
export function useBoardShortcuts(store: BoardStore, openHelp: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // An IME composing text owns Enter, Escape and Tab (keyCode 229 covers Safari, which ends composition first).
      if (event.defaultPrevented || event.isComposing || event.keyCode === 229) return;
      const target = event.target as Element;
      if (target.closest?.('dialog, .share-panel')) return;
      // Enter and Space on a button or link press it (the card's own "Why?" button, say), as everywhere else.
      if ((event.key === 'Enter' || event.key === ' ') && target.closest?.('button, a[href]')) return;
      const state = store.getState();
      if (!state.board) return;
      const mode = modeOf(state);
      const inEditor = isCardEditor(target);
      if (isTextEntry(target) && !(mode === 'typing' && inEditor)) return;

      // A new card's editor takes a frame or two to show and take focus: keys typed meanwhile still go into it.
      if (mode === 'typing' && !inEditor && matchKey('Printable', event)) {
        const cause = state.board.causes[state.editingId!];
        if (!cause) return;
        event.preventDefault();
        state.ops.editCause(cause.id, cause.text + event.key);
        return;
      }
      const cardId = mode === 'typing' ? state.editingId : state.selectedId;
      const context: CommandContext = { state, mode, cardId, key: event.key, openHelp };
      const command = findCommand(event, context);
      if (!command?.run) return;
      event.preventDefault();
      command.run(context);
    };
    // A card that receives focus (Tab into the canvas, or a click) becomes the selected one: the keyboard path in.
    const onFocusIn = (event: FocusEvent) => {
      const id = (event.target as Element).closest?.('.react-flow__node')?.getAttribute('data-id');
      if (id && store.getState().selectedId !== id) store.getState().ops.select(id);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [store, openHelp]);
}
