import type { BoardState } from '../store/createBoardStore';

/**
 * Where the keyboard is: on the board (a card selected, or none), typing in a card's answer, or in the letter view.
 * A command lists its keys per mode, so the same key can mean one thing on a selected card and another while typing.
 */
export type KeyMode = 'selected' | 'typing' | 'letter';

/** What a command sees when it runs: the store's state at the key press, and the card it is about. */
export interface CommandContext {
  state: BoardState;
  mode: KeyMode;
  /** The card the command is about: the one being typed in, else the selected one. */
  cardId: string | undefined;
  /** The key that ran it (`KeyboardEvent.key`), for the command that types it. */
  key: string;
  openHelp(): void;
}

/**
 * One thing a person can do on the board, as data (after Excalidraw's actions: name, label, keyTest, predicate,
 * perform). The keyboard handler dispatches from the table, the `?` dialog lists it, buttons take their titles from it.
 */
export interface BoardCommand {
  id: string;
  /** What it does, in the words of the `?` dialog and of button titles. */
  label: string;
  /** Key bindings per mode (see `matchKey` for the syntax); the first one of `selected` is the one a title shows. */
  keys: Partial<Record<KeyMode, readonly string[]>>;
  /** Who may run it: `editors` are editors and the facilitator while the board is not locked (`selectCanEdit`). */
  who: 'editors' | 'everyone';
  /** Whether it applies now; when it does not, the key does what it would anyway (Tab moves focus, and so on). */
  when?(context: CommandContext): boolean;
  /** What it does. Absent when the text field's own behaviour is the command (Shift+Enter's new line). */
  run?(context: CommandContext): void;
}
