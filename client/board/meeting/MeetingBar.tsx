import { useState } from 'react';
import { COMPLAINT_ID, quote } from '../../../shared/board';
import { MeetingLimits, PHASES, PHASE_LABELS, PHASE_SHORT_LABELS, type MeetingView } from '../../../shared/meeting/meeting';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { PhaseTimer } from './PhaseTimer';

/**
 * The meeting, for everyone: the phases with the current one marked and the phase timer. The facilitator gets the
 * controls; the server refuses them from anyone else. What is switched on shows over the canvas (MeetingFlags).
 */
export function MeetingBar() {
  const meeting = useBoardStore((state) => state.meeting);
  const lead = useBoardStore((state) => state.role === 'facilitator');
  const coming = useBoardStore((state) => state.status !== 'offline');
  // The meeting comes with the connection, often after the board (from this browser's copy, or a sync that was
  // quicker): its place is kept meanwhile, so the canvas and the side panel do not jump down as it arrives.
  if (!meeting) return coming ? <div className="meeting-bar" aria-hidden="true" /> : null;
  return (
    <section className="meeting-bar" aria-label="Meeting">
      <PhaseSteps phase={meeting.phase} lead={lead} />
      <PhaseTimer />
      <span className="meeting-bar-spacer" />
      {lead && <FacilitatorTools meeting={meeting} />}
    </section>
  );
}

function PhaseSteps({ phase, lead }: { phase: MeetingView['phase']; lead: boolean }) {
  const ops = useBoardOps();
  const current = PHASES.indexOf(phase);
  return (
    <ol className="phase-steps" aria-label="Phases">
      {PHASES.map((step, index) => {
        const state = index < current ? 'is-done' : index === current ? 'is-current' : '';
        // The current phase in full, the others in a word: the same for every role.
        const label = (
          <>
            <span className="phase-number" aria-hidden="true">
              {index + 1}
            </span>{' '}
            <span className="phase-label">{index === current ? PHASE_LABELS[step] : PHASE_SHORT_LABELS[step]}</span>
          </>
        );
        return (
          <li key={step} className={`phase-step ${state}`} aria-current={index === current ? 'step' : undefined}>
            {lead ? (
              <button
                type="button"
                className="phase-button"
                onClick={() => ops.meeting({ type: 'phase.set', phase: step })}
                aria-label={`${index + 1}. ${PHASE_LABELS[step]}`}
                title={`Move the meeting to “${PHASE_LABELS[step]}”`}
              >
                {label}
              </button>
            ) : (
              <span className="phase-button" aria-label={`${index + 1}. ${PHASE_LABELS[step]}`} title={PHASE_LABELS[step]}>
                {label}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** What the facilitator has switched on (lock, spotlight, vote), in words, for everyone, over the canvas. */
export function MeetingFlags() {
  const meeting = useBoardStore((state) => state.meeting);
  const role = useBoardStore((state) => state.role);
  const used = useBoardStore((state) => state.mine.votes.length);
  const spotlightText = useBoardStore((state) =>
    state.meeting?.spotlight === COMPLAINT_ID
      ? 'the complaint'
      : state.meeting?.spotlight
        ? `“${quote(state.board?.causes[state.meeting.spotlight]?.text || 'a cause', 40)}”`
        : undefined,
  );
  const topVoted = useBoardStore((state) => {
    const tally = Object.entries(state.meeting?.voting?.tally ?? {}).sort((a, b) => b[1] - a[1]);
    const [id, count] = tally[0] ?? [];
    if (!id) return undefined;
    return `“${quote(state.board?.causes[id]?.text || 'a deleted cause', 40)}” (${count})`;
  });
  if (!meeting) return null;
  const { voting } = meeting;
  return (
    <div className="meeting-flags" role="status">
      {meeting.locked && (
        <span
          className="flag flag-locked"
          title={role === 'editor' ? 'The facilitator has locked the board: you can look, not change.' : 'Editors cannot change the board.'}
        >
          Locked{role === 'editor' ? ' · read-only' : ''}
        </span>
      )}
      {spotlightText && <span className="flag flag-spotlight">Spotlight on {spotlightText}</span>}
      {voting && !voting.revealed && (
        <span className="flag flag-voting" data-testid="voting-flag">
          {role === 'viewer'
            ? `Voting · ${voting.voters} voted`
            : `Voting · ${voting.votesPerPerson - used} of ${voting.votesPerPerson} ${voting.votesPerPerson === 1 ? 'vote' : 'votes'} left · ${voting.voters} voted`}
        </span>
      )}
      {voting?.revealed && <span className="flag flag-voting">{topVoted ? `Most votes: ${topVoted}` : 'Votes counted: none cast'}</span>}
    </div>
  );
}

function FacilitatorTools({ meeting }: { meeting: MeetingView }) {
  const ops = useBoardOps();
  const selectedId = useBoardStore((state) => state.selectedId);
  const selfId = useBoardStore((state) => state.selfId);
  const [votes, setVotes] = useState(3);
  const leading = meeting.follow?.clientId === selfId;
  const { voting } = meeting;
  return (
    <span className="facilitator-tools" role="group" aria-label="Facilitator controls">
      <button
        type="button"
        className="button button-small"
        aria-pressed={leading}
        onClick={() => ops.meeting({ type: 'follow.set', on: !leading })}
        title="Everyone's view follows yours until they pan away or press Escape"
      >
        Follow me
      </button>
      {meeting.spotlight ? (
        <button type="button" className="button button-small" aria-pressed="true" onClick={() => ops.meeting({ type: 'spotlight.set', causeId: null })}>
          Clear spotlight
        </button>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={!selectedId}
          onClick={() => selectedId && ops.meeting({ type: 'spotlight.set', causeId: selectedId })}
          title={selectedId ? 'Dim everything but the selected branch, for everyone' : 'Select a card to spotlight its branch'}
        >
          Spotlight
        </button>
      )}
      {!meeting.silentRound && (
        <button
          type="button"
          className="button button-small"
          onClick={() => ops.meeting({ type: 'silent.start', causeId: selectedId ?? COMPLAINT_ID })}
          title="Everyone writes causes of the selected card privately; you reveal them together"
        >
          Silent round
        </button>
      )}
      {!voting && (
        <span className="vote-start">
          <select aria-label="Votes per person" value={votes} onChange={(event) => setVotes(Number(event.currentTarget.value))}>
            {Array.from({ length: MeetingLimits.maxVotesPerPerson }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n} {n === 1 ? 'vote' : 'votes'}
              </option>
            ))}
          </select>
          <button type="button" className="button button-small" onClick={() => ops.meeting({ type: 'voting.start', votesPerPerson: votes })}>
            Start vote
          </button>
        </span>
      )}
      {voting && !voting.revealed && (
        <button type="button" className="button button-small button-primary" onClick={() => ops.meeting({ type: 'voting.reveal' })}>
          Reveal votes
        </button>
      )}
      {voting && (
        <button type="button" className="button button-small" onClick={() => ops.meeting({ type: 'voting.end' })} title="Clear the votes from the cards">
          End vote
        </button>
      )}
      <button
        type="button"
        className={`button button-small${meeting.locked ? ' button-locked' : ''}`}
        aria-pressed={meeting.locked}
        onClick={() => ops.meeting({ type: 'lock.set', locked: !meeting.locked })}
        title={meeting.locked ? 'Let editors change the board again' : 'Make the board read-only for editors'}
      >
        {meeting.locked ? 'Unlock' : 'Lock'}
      </button>
    </span>
  );
}
