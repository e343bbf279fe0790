import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';

/**
 * Dot voting on a card: while the vote is open, this person's own dots and the buttons to add or take one back; once
 * revealed, everyone's count. Nobody sees another person's dots before that.
 */
export function VoteStrip({ causeId }: { causeId: string }) {
  const voting = useBoardStore((state) => state.meeting?.voting);
  const mineHere = useBoardStore((state) => state.mine.votes.filter((id) => id === causeId).length);
  const left = useBoardStore((state) => (state.meeting?.voting?.votesPerPerson ?? 0) - state.mine.votes.length);
  const canVote = useBoardStore(selectCanEdit);
  const color = useBoardStore((state) => state.peers.find((peer) => peer.isSelf)?.color);
  const ops = useBoardOps();
  if (!voting) return null;

  if (voting.revealed) {
    const count = voting.tally?.[causeId] ?? 0;
    if (count === 0) return null; // a card nobody voted for stays quiet
    return (
      <p className="vote-strip is-revealed" data-testid={`votes-${causeId}`}>
        <span className="vote-dot" aria-hidden="true" />
        {count} {count === 1 ? 'vote' : 'votes'}
      </p>
    );
  }
  return (
    <p className="vote-strip nodrag nopan" data-testid={`votes-${causeId}`}>
      <span className="vote-mine" aria-label={`Your votes here: ${mineHere}`}>
        {Array.from({ length: mineHere }, (_, i) => (
          <span key={i} className="vote-dot" style={{ background: color }} aria-hidden="true" />
        ))}
      </span>
      {canVote && (
        <>
          {mineHere > 0 && (
            <button type="button" className="button button-small" onClick={() => ops.meeting({ type: 'vote.remove', causeId })} aria-label="Take a vote back">
              −
            </button>
          )}
          <button
            type="button"
            className="button button-small"
            disabled={left <= 0}
            onClick={() => ops.meeting({ type: 'vote.add', causeId })}
            title={left <= 0 ? 'No votes left: take one back elsewhere first' : undefined}
          >
            + Vote
          </button>
        </>
      )}
    </p>
  );
}
