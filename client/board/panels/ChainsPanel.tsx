import { useState } from 'react';
import { chainsToRoots, readBack } from '../../../shared/board';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { PanelEmpty } from './PanelEmpty';

/** Every chain from the complaint to a root cause, as numbered steps, with the "therefore" read-back. */
export function ChainsPanel() {
  const board = useBoardStore((state) => state.board);
  const { focusCard } = useBoardOps();
  const [readingBack, setReadingBack] = useState<string>();
  if (!board) return null;
  const chains = chainsToRoots(board);
  if (chains.length === 0) {
    return (
      <PanelEmpty title="No root cause yet">
        Keep asking why. When fixing a cause would stop this complaint happening again, mark it as a root cause.
      </PanelEmpty>
    );
  }
  return (
    <ol className="chains">
      {chains.map((chain, index) => (
        <li key={chain.rootCauseId} className="chain">
          <h3>
            Chain {index + 1} <span className="muted">· {chain.causeIds.length} whys</span>
          </h3>
          <ol className="chain-steps">
            {chain.causeIds.map((id) => (
              <li key={id}>
                <button type="button" className="chain-step" onClick={() => focusCard(id)}>
                  {board.causes[id]!.text || <span className="muted">No answer yet</span>}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="button button-small"
            aria-expanded={readingBack === chain.rootCauseId}
            onClick={() => setReadingBack(readingBack === chain.rootCauseId ? undefined : chain.rootCauseId)}
          >
            Read back with “therefore”
          </button>
          {readingBack === chain.rootCauseId && <p className="read-back">{readBack(board, chain.rootCauseId)}</p>}
        </li>
      ))}
    </ol>
  );
}
