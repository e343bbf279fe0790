import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { Limits } from '../../shared/board';
import { useBoardActions, useBoardStore } from './BoardStoreContext';
import { CardTextEditor } from './CardTextEditor';
import type { CauseNodeType } from './toFlow';

/** A cause: the answer to one "why?", with the actions that grow the tree from it. */
export const CauseNode = memo(function CauseNode({ data: { cause }, selected }: NodeProps<CauseNodeType>) {
  const editing = useBoardStore((state) => state.editingId === cause.id);
  const canEdit = useBoardStore((state) => state.role !== 'viewer');
  const actions = useBoardActions();
  const label = `Why ${cause.depth}${cause.isRoot ? ', root cause' : ''}: ${cause.text || 'no answer yet'}`;

  return (
    <article
      className={`card cause-card${cause.isRoot ? ' is-root' : ''}${selected ? ' is-selected' : ''}`}
      aria-label={label}
      data-testid={`cause-${cause.id}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <header className="card-header">
        <span className="card-kicker">Why {cause.depth}</span>
        <span className="card-header-end">
          {cause.isRoot && <span className="badge badge-root">Root cause</span>}
          {canEdit && (
            <button
              type="button"
              className="button button-small button-icon button-quiet button-danger nodrag nopan"
              aria-label="Delete this cause and its branch"
              title="Delete this cause and its branch"
              onClick={() => actions.deleteCause(cause.id)}
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path d="M6 2h4m-7 2h10M5 4l.5 9h5L11 4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </button>
          )}
        </span>
      </header>
      {editing ? (
        <CardTextEditor
          value={cause.text}
          maxLength={Limits.causeText}
          label={`Answer to why ${cause.depth}`}
          placeholder="Because…"
          onChange={(text) => actions.editCause(cause.id, text)}
          onDone={actions.stopEditing}
        />
      ) : (
        <p
          className={`card-text${cause.text ? '' : ' is-empty'}`}
          onClick={() => actions.startEditing(cause.id)}
          title={canEdit ? 'Click to edit' : undefined}
        >
          {cause.text || (canEdit ? 'Click to write the answer…' : 'No answer yet')}
        </p>
      )}
      {canEdit && (
        <footer className="card-actions nodrag nopan">
          <button type="button" className="button button-primary button-small" onClick={() => actions.askWhy(cause.id)}>
            Why?
          </button>
          <button type="button" className="button button-small" onClick={() => actions.addSibling(cause.id)} title="Add another cause of the same effect">
            Other cause
          </button>
          <button
            type="button"
            className={`button button-small${cause.isRoot ? ' button-root' : ''}`}
            aria-pressed={cause.isRoot}
            onClick={() => actions.toggleRootCause(cause.id)}
          >
            Root cause
          </button>
        </footer>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </article>
  );
});
