import { useEffect } from 'react';
import { COMPLAINT_ID, type BoardSnapshot } from '../../shared/board';
import { selectCanEdit, selectFollowing, type BoardStore } from './createBoardStore';

/** True for elements where keys type text: shortcuts stay out of their way. */
export function isTextEntry(element: Element | null): boolean {
  return (
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement ||
    (element instanceof HTMLElement && element.isContentEditable)
  );
}

/** The shortcuts, as the `?` dialog lists them. One list, so the dialog and the handler cannot disagree. */
export const SHORTCUTS: Array<[keys: string, what: string]> = [
  ['Tab', 'Ask why under the selected card (also while typing in it)'],
  ['Enter', 'Add another cause beside the selected card'],
  ['← ↑ → ↓', 'Move between cards (↑ to the effect, ↓ to the first cause)'],
  ['F2, or start typing', 'Edit the selected card'],
  ['Escape', 'Stop editing; again to stop following the facilitator, then to clear the selection'],
  ['Alt + R', 'Mark or unmark the selected cause as a root cause'],
  ['Delete', 'Delete the selected cause and its branch (undoable)'],
  ['Ctrl/⌘ + Z', 'Undo your last change'],
  ['Ctrl/⌘ + Shift + Z', 'Redo'],
  ['Shift + 1', 'Zoom to fit the whole tree'],
  ['?', 'Show this list'],
];

/** The card the arrow keys go to from `id`. Left and right move along the same row (same depth), in reading order. */
export function neighbour(board: BoardSnapshot, id: string, key: string): string | undefined {
  if (id === COMPLAINT_ID) return key === 'ArrowDown' ? board.complaint.childIds[0] : undefined;
  const cause = board.causes[id];
  if (!cause) return undefined;
  if (key === 'ArrowUp') return cause.parentId;
  if (key === 'ArrowDown') return cause.childIds[0];
  const row = board.causeIds.filter((other) => board.causes[other]!.depth === cause.depth);
  const at = row.indexOf(id);
  return key === 'ArrowLeft' ? row[at - 1] : key === 'ArrowRight' ? row[at + 1] : undefined;
}

/**
 * The board's keyboard commands. They act on the selected card and never while the person types in a field (except
 * Escape, which the editors handle themselves). `openHelp` shows the shortcuts dialog.
 */
export function useBoardShortcuts(store: BoardStore, openHelp: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTextEntry(event.target as Element) || (event.target as Element).closest?.('dialog, .share-panel')) return;
      const { board, selectedId, editingId, actions, view } = store.getState();
      if (!board) return;
      // The letter covers the tree: its keys are the letter's. Escape goes back to the tree.
      if (view === 'letter') {
        if (event.key === 'Escape') {
          event.preventDefault();
          actions.showView('canvas');
        }
        return;
      }
      const mod = event.ctrlKey || event.metaKey;
      const printable = event.key.length === 1 && !mod && !event.altKey;
      if (editingId) {
        // The editor of a new card takes a frame or two to receive focus: keys typed meanwhile still land in it.
        if (printable && board.causes[editingId]) {
          event.preventDefault();
          actions.editCause(editingId, board.causes[editingId].text + event.key);
        }
        return;
      }
      const canEdit = selectCanEdit(store.getState());
      const handled = (run: () => void) => {
        event.preventDefault();
        run();
      };

      if (mod && event.key.toLowerCase() === 'z') return handled(event.shiftKey ? actions.redo : actions.undo);
      if (mod && event.key.toLowerCase() === 'y') return handled(actions.redo);
      if (event.altKey && event.code === 'KeyR' && selectedId && board.causes[selectedId] && canEdit) {
        return handled(() => actions.toggleRootCause(selectedId));
      }
      if (mod || event.altKey) return;
      if (event.key === '?') return handled(openHelp);
      if (event.shiftKey && event.code === 'Digit1') return handled(actions.fitView);
      if (event.key === 'Escape' && selectFollowing(store.getState())) return handled(actions.stopFollowing);
      if (event.key === 'Escape' && selectedId) return handled(() => actions.select(undefined));
      // Everything below needs a selected card; Tab without one keeps moving focus as usual.
      if (!selectedId || (selectedId !== COMPLAINT_ID && !board.causes[selectedId])) return;

      if (event.key.startsWith('Arrow')) {
        const next = neighbour(board, selectedId, event.key);
        return handled(() => next && actions.focusCard(next));
      }
      if (!canEdit) return;
      if (event.key === 'Tab' && !event.shiftKey) return handled(() => actions.askWhy(selectedId));
      if (event.key === 'Enter') return handled(() => (selectedId === COMPLAINT_ID ? actions.askWhy(COMPLAINT_ID) : actions.addSibling(selectedId)));
      if (selectedId === COMPLAINT_ID) return;
      if (event.key === 'Delete' || event.key === 'Backspace') return handled(() => actions.deleteCause(selectedId));
      if (event.key === 'F2') return handled(() => actions.startEditing(selectedId));
      if (printable && event.key !== ' ') {
        // Typing starts editing, and the key is the first character typed.
        return handled(() => {
          actions.editCause(selectedId, board.causes[selectedId]!.text + event.key);
          actions.startEditing(selectedId);
        });
      }
    };
    // A card that receives focus (Tab into the canvas, or a click) becomes the selected one: the keyboard path in.
    const onFocusIn = (event: FocusEvent) => {
      const id = (event.target as Element).closest?.('.react-flow__node')?.getAttribute('data-id');
      if (id && store.getState().selectedId !== id) store.getState().actions.select(id);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [store, openHelp]);
}
