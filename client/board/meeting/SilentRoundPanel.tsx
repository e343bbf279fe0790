import { useState } from 'react';
import { COMPLAINT_ID, Limits, quote } from '../../../shared/board';
import { MeetingLimits } from '../../../shared/meeting/meeting';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';

/**
 * A silent round: everyone writes candidate causes of one card on their own, so the first loud voice does not anchor
 * the room. Each person sees only their own until the facilitator reveals them all at once as causes on the board.
 */
export function SilentRoundPanel() {
  const round = useBoardStore((state) => state.meeting?.silentRound);
  const subject = useBoardStore((state) => {
    const id = state.meeting?.silentRound?.causeId;
    if (!id || !state.board) return '';
    return id === COMPLAINT_ID ? state.board.complaint.text : (state.board.causes[id]?.text ?? '');
  });
  const mine = useBoardStore((state) => state.mine.candidates);
  const role = useBoardStore((state) => state.role);
  const canWrite = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  const [draft, setDraft] = useState('');
  if (!round) return null;
  const full = mine.length >= MeetingLimits.candidatesPerPerson;
  const add = () => {
    if (!draft.trim()) return;
    ops.meeting({ type: 'candidate.add', text: draft.trim() });
    setDraft('');
  };

  return (
    <section className="silent-round" aria-label="Silent round">
      <header className="silent-round-header">
        <h2>Silent round</h2>
        <span className="muted">
          {round.candidates} {round.candidates === 1 ? 'candidate' : 'candidates'} from {round.people} {round.people === 1 ? 'person' : 'people'}
        </span>
      </header>
      <p className="silent-round-question">Why did “{quote(subject || 'this', 80)}” happen?</p>
      {canWrite ? (
        <>
          <p className="muted small">Only you see what you write here until the facilitator reveals everyone’s together.</p>
          {mine.length > 0 && (
            <ul className="candidate-list" aria-label="Your candidates">
              {mine.map((candidate) => (
                <li key={candidate.id}>
                  <span>{candidate.text}</span>
                  <button
                    type="button"
                    className="button button-small button-icon button-quiet button-danger"
                    aria-label={`Remove “${quote(candidate.text, 40)}”`}
                    onClick={() => ops.meeting({ type: 'candidate.remove', id: candidate.id })}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form
            className="candidate-form"
            onSubmit={(event) => {
              event.preventDefault();
              add();
            }}
          >
            <input
              aria-label="A candidate cause"
              placeholder={full ? `That is ${MeetingLimits.candidatesPerPerson}: remove one to add another` : 'Because…'}
              maxLength={Limits.causeText}
              value={draft}
              disabled={full}
              onChange={(event) => setDraft(event.currentTarget.value)}
            />
            <button type="submit" className="button button-small" disabled={!draft.trim() || full}>
              Add
            </button>
          </form>
        </>
      ) : (
        <p className="muted small">{role === 'viewer' ? 'Participants are writing candidate causes privately.' : 'The board is locked.'}</p>
      )}
      {role === 'facilitator' && (
        <footer className="silent-round-actions">
          <button type="button" className="button button-small" onClick={() => ops.meeting({ type: 'silent.cancel' })}>
            Cancel round
          </button>
          <button
            type="button"
            className="button button-small button-primary"
            onClick={() => ops.meeting({ type: 'silent.reveal' })}
            disabled={round.candidates === 0}
          >
            Reveal {round.candidates} on the board
          </button>
        </footer>
      )}
    </section>
  );
}
