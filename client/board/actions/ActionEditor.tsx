import { ACTION_KINDS, ACTION_STATUSES, Limits, type ActionKind, type ActionStatus } from '../../../shared/board';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS, type CoverageIssue } from '../../../shared/report';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { SharedTextArea } from '../../lib/SharedTextArea';
import { ActionCheck } from './ActionCheck';

export const KIND_HINT: Record<ActionKind, string> = {
  containment: 'Fix it for this customer now',
  corrective: 'Remove the cause',
  preventive: 'Stop it coming back',
};

/**
 * One action, edited in place: kind, status, what we will do, owner, due date, and the optional wording for the
 * customer. Text fields are shared: two people typing in one merge. `issues` are its coverage problems.
 */
export function ActionEditor({ actionId, issues }: { actionId: string; issues: CoverageIssue[] }) {
  const action = useBoardStore((state) => state.board?.actions[actionId]);
  const canEdit = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  if (!action) return null;
  const id = (field: string) => `action-${actionId}-${field}`;
  const typing = { onFocus: ops.endUndoStep, onBlur: ops.endUndoStep, readOnly: !canEdit };
  return (
    <article
      className={`action-editor kind-${action.kind}`}
      aria-label={`${ACTION_KIND_LABELS[action.kind]} action: ${action.text || 'untitled'}`}
      data-testid={`action-${actionId}`}
    >
      <header className="action-editor-head">
        <select
          aria-label="Kind"
          value={action.kind}
          disabled={!canEdit}
          title={KIND_HINT[action.kind]}
          onChange={(event) => ops.updateAction(actionId, { kind: event.currentTarget.value as ActionKind })}
        >
          {ACTION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {ACTION_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <select
          aria-label="Status"
          className={`action-status status-${action.status}`}
          value={action.status}
          disabled={!canEdit}
          onChange={(event) => ops.updateAction(actionId, { status: event.currentTarget.value as ActionStatus })}
        >
          {ACTION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {ACTION_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        {canEdit && (
          <button
            type="button"
            className="button button-small button-icon button-quiet button-danger"
            aria-label="Delete this action"
            title="Delete this action"
            onClick={() => ops.deleteAction(actionId)}
          >
            ×
          </button>
        )}
      </header>
      <SharedTextArea
        id={id('text')}
        aria-label="What we will do"
        className="panel-textarea action-text"
        rows={2}
        maxLength={Limits.actionText}
        placeholder="What we will do: change a step, a check, a system…"
        value={action.text}
        onValue={(text) => ops.typeAction(actionId, { text })}
        {...typing}
      />
      <div className="action-editor-row">
        <label className="mini-field" htmlFor={id('owner')}>
          Owner
          <SharedTextArea
            id={id('owner')}
            className="panel-input"
            rows={1}
            maxLength={Limits.owner}
            placeholder="A person or a role"
            value={action.owner}
            onValue={(owner) => ops.typeAction(actionId, { owner: owner.replace(/\n/g, ' ') })}
            {...typing}
          />
        </label>
        <label className="mini-field" htmlFor={id('due')}>
          Due
          <input
            id={id('due')}
            type="date"
            className="panel-input"
            value={action.due}
            readOnly={!canEdit}
            onChange={(event) => canEdit && ops.updateAction(actionId, { due: event.currentTarget.value })}
          />
        </label>
      </div>
      <SharedTextArea
        id={id('customer')}
        aria-label="In the customer's words"
        className="panel-textarea action-customer"
        rows={1}
        maxLength={Limits.actionText}
        placeholder="In the customer’s words (optional): the letter uses it"
        value={action.customerText}
        onValue={(customerText) => ops.typeAction(actionId, { customerText })}
        {...typing}
      />
      {action.kind !== 'containment' && <ActionCheck actionId={actionId} />}
      {issues.length > 0 && (
        <ul className="action-issues">
          {issues.map((issue) => (
            <li key={issue.check}>{issue.message}</li>
          ))}
        </ul>
      )}
    </article>
  );
}
