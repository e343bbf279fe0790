import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { COMPLAINT_ID } from '../../../shared/board';
import { formatDay } from '../../lib/formatDate';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { ButtonRoom } from './CauseNode';
import { commandTitle } from '../commands/commandTitle';
import { selectCanEdit } from '../store/createBoardStore';
import type { ComplaintNodeType } from './toFlow';

/** The root of the tree: the complaint, in the customer's own words. */
export const ComplaintNode = memo(function ComplaintNode({ data: { complaint }, selected }: NodeProps<ComplaintNodeType>) {
  const canEdit = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  const details = [complaint.customer, complaint.channel, complaint.receivedAt && formatDay(complaint.receivedAt)].filter(Boolean);

  return (
    <article className={`card complaint-card${selected ? ' is-selected' : ''}`} aria-label={`Customer complaint: ${complaint.text}`} data-testid="complaint">
      <header className="card-header">
        <span className="card-kicker">Customer complaint</span>
      </header>
      <blockquote className="complaint-quote">{complaint.text}</blockquote>
      {details.length > 0 && <p className="complaint-details">{details.join(' · ')}</p>}
      <footer className="card-actions nodrag nopan">
        {canEdit ? (
          <button type="button" className="button button-primary button-small" onClick={() => ops.askWhy(COMPLAINT_ID)} title={commandTitle('askWhy')}>
            Why?
          </button>
        ) : (
          <ButtonRoom />
        )}
        {canEdit && complaint.childIds.length === 0 && <span className="card-hint">Ask why this happened, then keep asking.</span>}
      </footer>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </article>
  );
});
