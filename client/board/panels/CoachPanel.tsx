import { quote } from '../../../shared/board';
import { CoachTitle } from '../../../shared/coach/messages';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { PanelEmpty } from './PanelEmpty';

/** The method coach: what the board could do better, each pointing at its card. Advice, never a blocker. */
export function CoachPanel() {
  const hints = useBoardStore((state) => state.hints);
  const board = useBoardStore((state) => state.board);
  const selectedId = useBoardStore((state) => state.selectedId);
  const { focusCard } = useBoardOps();
  if (!board) return null;
  if (hints.length === 0) {
    return (
      <PanelEmpty title="Nothing to point out">
        The coach watches as you work for early stops, blame, two causes in one card, answers that repeat another card, and missing evidence.
      </PanelEmpty>
    );
  }
  return (
    <ul className="hints" aria-label="Coach hints">
      {hints.map((hint) => (
        <li key={`${hint.causeId}:${hint.check}`}>
          <button type="button" className={`hint${hint.causeId === selectedId ? ' is-current' : ''}`} onClick={() => focusCard(hint.causeId)}>
            <span className="hint-title">{CoachTitle[hint.check]}</span>
            <span className="hint-card">
              Why {board.causes[hint.causeId]?.depth}: {quote(board.causes[hint.causeId]?.text ?? '', 60) || 'no answer yet'}
            </span>
            <span className="hint-message">{hint.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
