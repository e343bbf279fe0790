import { COMPLAINT_ID } from '../../../shared/board';
import { canvasElement, cardElement } from '../canvas/cardElement';
import { selectFollowing } from '../store/createBoardStore';
import type { BoardCommand, CommandContext } from './BoardCommand';
import { neighbour } from './neighbour';

const isCause = ({ state, cardId }: CommandContext) => cardId !== undefined && state.board?.causes[cardId] !== undefined;
const isCard = (context: CommandContext) => context.cardId === COMPLAINT_ID || isCause(context);

/** Leaves the editor with focus on its card, not on the page: the keyboard carries on from the card. */
const backToCard = ({ state, cardId }: Pick<CommandContext, 'state' | 'cardId'>) => {
  if (cardId) cardElement(cardId)?.focus({ preventScroll: true });
  state.ops.stopEditing();
};
/** Leaves a card just added with nothing in it (Escape, or Tab): it is taken back, and the keyboard goes back to the card it came from. */
const leaveEmpty = (context: Pick<CommandContext, 'state' | 'cardId'>) => {
  backToCard(context);
  if (context.cardId) context.state.ops.takeBack(context.cardId);
};
/** Typing in a card that is still empty (just added): Enter there stops (then type to fill it), Tab takes it back. */
const typingInEmpty = ({ state, cardId, mode }: Pick<CommandContext, 'state' | 'cardId' | 'mode'>) =>
  mode === 'typing' && cardId !== COMPLAINT_ID && !state.board!.causes[cardId!]?.text.trim();

/**
 * Every keyboard command of the board, in the order the `?` dialog lists them. For a key, the first command whose
 * mode, `who` and `when` fit runs (Escape stops following before it clears the selection; a key bound by name before
 * `Printable`, see `findCommand`). While typing, Enter and
 * Tab commit the answer and grow the tree, as in mind-map tools (XMind, Miro): the typing session is one undo step.
 */
export const BOARD_COMMANDS: readonly BoardCommand[] = [
  {
    id: 'askWhy',
    label: 'Ask why under the card',
    keys: { selected: ['Tab'], typing: ['Tab'] },
    who: 'editors',
    when: isCard,
    run: (context) => (typingInEmpty(context) ? leaveEmpty(context) : context.state.ops.askWhy(context.cardId!)),
  },
  {
    id: 'addSibling',
    label: 'Add another cause beside the card',
    keys: { selected: ['Enter'], typing: ['Enter'] },
    who: 'editors',
    when: isCard,
    run: (context) => {
      const { state, cardId } = context;
      // Nothing goes beside the complaint: there, Enter asks why under it.
      if (cardId === COMPLAINT_ID) return state.ops.askWhy(COMPLAINT_ID);
      if (typingInEmpty(context)) return backToCard(context);
      state.ops.addSibling(cardId!);
    },
  },
  { id: 'newLine', label: 'New line in the answer', keys: { typing: ['Shift+Enter'] }, who: 'editors' },
  {
    id: 'edit',
    label: 'Edit the answer',
    keys: { selected: ['F2'] },
    who: 'editors',
    when: isCause,
    run: ({ state, cardId }) => state.ops.startEditing(cardId!),
  },
  {
    id: 'typeToEdit',
    label: 'Start typing: edits the answer, from the end',
    keys: { selected: ['Printable'] },
    who: 'editors',
    when: isCause,
    run: ({ state, cardId, key }) => {
      // Editing starts first, so the key is the first character of the typing session (one undo step with the rest).
      state.ops.startEditing(cardId!);
      state.ops.editCause(cardId!, state.board!.causes[cardId!]!.text + key);
    },
  },
  { id: 'stopEditing', label: 'Stop typing, back to the card', keys: { typing: ['Escape'] }, who: 'everyone', run: leaveEmpty },
  {
    id: 'move',
    label: 'Move between cards: ↑ to the effect, ↓ to its first cause, ← → along the row',
    keys: { selected: ['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'] },
    who: 'everyone',
    when: isCard,
    run: ({ state, cardId, key }) => {
      const next = neighbour(state.board!, cardId!, key);
      if (next) state.ops.focusCard(next);
    },
  },
  {
    id: 'toggleRootCause',
    label: 'Mark or unmark as a root cause',
    keys: { selected: ['Alt+KeyR'] },
    who: 'editors',
    when: isCause,
    run: ({ state, cardId }) => state.ops.toggleRootCause(cardId!),
  },
  {
    id: 'deleteCause',
    label: 'Delete the cause and its branch (undoable)',
    keys: { selected: ['Delete', 'Backspace'] },
    who: 'editors',
    when: isCause,
    run: ({ state, cardId }) => state.ops.deleteCause(cardId!),
  },
  { id: 'undo', label: 'Undo your last change', keys: { selected: ['Mod+Z'] }, who: 'editors', run: ({ state }) => state.ops.undo() },
  { id: 'redo', label: 'Redo', keys: { selected: ['Mod+Shift+Z', 'Mod+Y'] }, who: 'editors', run: ({ state }) => state.ops.redo() },
  { id: 'fitView', label: 'Zoom to fit the whole tree', keys: { selected: ['Shift+Digit1'] }, who: 'everyone', run: ({ state }) => state.ops.fitView() },
  {
    id: 'stopFollowing',
    label: 'Stop following the facilitator',
    keys: { selected: ['Escape'] },
    who: 'everyone',
    when: ({ state }) => selectFollowing(state),
    run: ({ state }) => state.ops.stopFollowing(),
  },
  {
    id: 'clearSelection',
    label: 'Clear the selection',
    keys: { selected: ['Escape'] },
    who: 'everyone',
    when: ({ state }) => state.selectedId !== undefined,
    run: ({ state }) => {
      state.ops.select(undefined);
      // Focus stays in the tree (not on the page's body), so Tab goes on from there.
      canvasElement()?.focus({ preventScroll: true });
    },
  },
  {
    id: 'closeLetter',
    label: 'Back to the tree from the letter',
    keys: { letter: ['Escape'] },
    who: 'everyone',
    run: ({ state }) => state.ops.showView('canvas'),
  },
  { id: 'help', label: 'Show the keyboard shortcuts', keys: { selected: ['?'] }, who: 'everyone', run: ({ openHelp }) => openHelp() },
];
