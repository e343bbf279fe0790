import { useMemo, useState } from 'react';
import { quote } from '../../../shared/board';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS, coverage } from '../../../shared/report';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { PanelEmpty } from '../panels/PanelEmpty';
import { formatDay } from '../../lib/formatDate';
import { localToday } from '../../lib/localToday';

type Sort = 'due' | 'cause';

/**
 * Every action on the board, soonest due first (or by root cause), with what is missing: root causes without an
 * action, actions without an owner or a date, overdue ones, and those that only ask people to try harder.
 */
export function ActionsPanel() {
  const board = useBoardStore((state) => state.board);
  const ops = useBoardOps();
  const [sort, setSort] = useState<Sort>('due');
  const today = localToday();
  const issues = useMemo(() => (board ? coverage(board, today) : []), [board, today]);
  if (!board) return null;
  if (board.rootCauseIds.length === 0 && board.actionIds.length === 0) {
    return (
      <PanelEmpty title="No root cause yet">
        Mark a root cause, then give it actions: what we do for this customer, and what we change so it does not happen again.
      </PanelEmpty>
    );
  }
  const rows = board.actionIds.map((id) => board.actions[id]!);
  if (sort === 'due') rows.sort((a, b) => (a.due || '9999').localeCompare(b.due || '9999'));
  const open = (causeId: string) => {
    ops.focusCard(causeId);
    ops.showPanel('details');
  };
  return (
    <div className="actions-panel">
      {issues.length > 0 ? (
        <section aria-label="What is missing">
          <h3 className="section-title">To do ({issues.length})</h3>
          <ul className="coverage-list">
            {issues.map((issue, i) => (
              <li key={i} className={`coverage-${issue.check}`}>
                <button type="button" className="link-button" onClick={() => open(issue.causeId)}>
                  {issue.message}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="coverage-ok">Every root cause has owned, dated actions.</p>
      )}
      <div className="actions-head">
        <h3 className="section-title">All actions ({rows.length})</h3>
        <label className="sort">
          Sort by
          <select value={sort} onChange={(event) => setSort(event.currentTarget.value as Sort)}>
            <option value="due">due date</option>
            <option value="cause">root cause</option>
          </select>
        </label>
      </div>
      <ol className="action-rows">
        {rows.map((action) => (
          <li key={action.id}>
            <button
              type="button"
              className={`action-row${action.due && action.due < today && action.status !== 'done' && action.status !== 'verified' ? ' is-overdue' : ''}`}
              onClick={() => open(action.causeId)}
            >
              <span className="action-row-due">{action.due ? formatDay(action.due) : 'No date'}</span>
              <span className="action-row-text">{action.text || 'Untitled action'}</span>
              <span className="action-row-meta">
                {ACTION_KIND_LABELS[action.kind]} · {action.owner || 'no owner'} · {ACTION_STATUS_LABELS[action.status]}
              </span>
              <span className="action-row-cause">for “{quote(board.causes[action.causeId]?.text || 'a cause', 48)}”</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
