import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { CAUSE_STATUSES, Limits, type CauseStatus } from '../../../shared/board';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { CardTextEditor } from './CardTextEditor';
import { commandTitle } from '../commands/commandTitle';
import { VoteStrip } from '../meeting/VoteStrip';
import type { CauseNodeType } from './toFlow';

export const STATUS_LABEL: Record<CauseStatus, string> = { hypothesis: 'Hypothesis', confirmed: 'Confirmed', ruledOut: 'Ruled out' };

/** A cause: the question it answers, the answer, how sure we are, and the actions that grow the tree from it. */
export const CauseNode = memo(function CauseNode({ data: { cause, question, hidden, hints }, selected }: NodeProps<CauseNodeType>) {
  const editing = useBoardStore((state) => state.editingId === cause.id);
  // The editor shows the document's text as the store has it now: React Flow hands `data` to nodes one commit later
  // (its StoreUpdater effect), and an editor mounted with that older text took the first typed key for someone
  // else's edit and left the caret before it (issue 13: "…LisbonyzX").
  const liveText = useBoardStore((state) => (editing ? state.board?.causes[cause.id]?.text : undefined)) ?? cause.text;
  const others = useBoardStore((state) => state.editorsByCause[cause.id]);
  const canEdit = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  const label = [`Why ${cause.depth}`, cause.isRoot ? 'root cause' : undefined, STATUS_LABEL[cause.status].toLowerCase()].filter(Boolean).join(', ');
  const classes = ['card', 'cause-card', `status-${cause.status}`, cause.isRoot && 'is-root', selected && 'is-selected'].filter(Boolean).join(' ');

  return (
    <article
      className={`${classes}${others ? ' is-edited-by-others' : ''}`}
      aria-label={`${label}: ${cause.text || 'no answer yet'}`}
      data-testid={`cause-${cause.id}`}
      style={others ? ({ '--editor-color': others[0]!.color } as CSSProperties) : undefined}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      {others && (
        <span className="editing-by" style={{ background: others[0]!.color }}>
          {others.map((peer) => peer.name).join(', ')} typing…
        </span>
      )}
      {cause.isRoot && <span className="badge badge-root card-tag">Root cause</span>}
      <header className="card-header">
        <span className="card-kicker">Why {cause.depth}</span>
        {canEdit ? (
          <select
            className={`status-chip status-chip-${cause.status} nodrag nopan`}
            aria-label="Status"
            value={cause.status}
            onChange={(event) => ops.updateCause(cause.id, { status: event.currentTarget.value as CauseStatus })}
          >
            {CAUSE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABEL[status]}
              </option>
            ))}
          </select>
        ) : (
          <span className={`status-chip status-chip-${cause.status}`}>{STATUS_LABEL[cause.status]}</span>
        )}
        <span className="card-header-end">
          {hints > 0 && (
            <button
              type="button"
              className="hint-count nodrag nopan"
              title={`${hints} coach ${hints === 1 ? 'hint' : 'hints'}`}
              aria-label={`${hints} coach ${hints === 1 ? 'hint' : 'hints'}`}
              onClick={() => {
                ops.select(cause.id);
                ops.showPanel('coach');
              }}
            >
              {hints}
            </button>
          )}
          {canEdit && (
            <button
              type="button"
              className="button button-small button-icon button-quiet button-danger nodrag nopan"
              aria-label="Delete this cause and its branch"
              title={commandTitle('deleteCause')}
              onClick={() => ops.deleteCause(cause.id)}
            >
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                <path d="M6 2h4m-7 2h10M5 4l.5 9h5L11 4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </button>
          )}
        </span>
      </header>
      <p className="card-question">{question}</p>
      {editing ? (
        <CardTextEditor
          value={liveText}
          maxLength={Limits.causeText}
          label={`Answer to why ${cause.depth}`}
          placeholder="Because…"
          onChange={(text) => ops.editCause(cause.id, text)}
          onDone={() => ops.stopEditing(cause.id)}
        />
      ) : (
        <p
          className={`card-text${cause.text ? '' : ' is-empty'}`}
          onClick={() => ops.startEditing(cause.id)}
          title={canEdit ? commandTitle('edit') : undefined}
        >
          {cause.text || (canEdit ? 'Click to write the answer…' : 'No answer yet')}
        </p>
      )}
      <p className={`card-evidence${cause.evidence ? '' : ' is-empty'}`}>
        <span className="card-evidence-label">Evidence</span> {cause.evidence ? firstLine(cause.evidence) : 'none yet'}
      </p>
      {(cause.createdBy || !cause.inControl) && (
        <p className="card-meta">
          {!cause.inControl && <span className="flag-outside">Outside our control</span>}
          {cause.createdBy && <span>Added by {cause.createdBy}</span>}
        </p>
      )}
      <VoteStrip causeId={cause.id} />
      <footer className="card-actions nodrag nopan">
        {canEdit ? (
          <>
            <button type="button" className="button button-primary button-small" onClick={() => ops.askWhy(cause.id)} title={commandTitle('askWhy')}>
              Why?
            </button>
            <button type="button" className="button button-small" onClick={() => ops.addSibling(cause.id)} title={commandTitle('addSibling')}>
              Other cause
            </button>
            <button
              type="button"
              className={`button button-small${cause.isRoot ? ' button-root' : ''}`}
              aria-pressed={cause.isRoot}
              title={commandTitle('toggleRootCause')}
              onClick={() => ops.toggleRootCause(cause.id)}
            >
              Root cause
            </button>
          </>
        ) : (
          <ButtonRoom />
        )}
        {(cause.childIds.length > 0 || hidden > 0) && (
          <button
            type="button"
            className="button collapse-toggle nodrag nopan"
            aria-expanded={hidden === 0}
            aria-label={hidden > 0 ? `Expand branch (${hidden} hidden)` : 'Collapse branch'}
            onClick={() => ops.toggleCollapsed(cause.id)}
          >
            {hidden > 0 ? `+${hidden}` : '−'}
          </button>
        )}
      </footer>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </article>
  );
});

const firstLine = (text: string) => text.trim().split('\n')[0];

/**
 * The room a card's buttons take, kept on the cards of those who may not use them: every role then lays the tree out
 * alike, so a pointer, a spotlight or "follow me" lands on the same card on every screen.
 */
export function ButtonRoom() {
  return (
    <span className="button button-small button-room" aria-hidden="true">
      Why?
    </span>
  );
}
