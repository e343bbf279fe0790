import type { SpaceAction } from '../../shared/protocol';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS, CHECK_RESULT_LABELS } from '../../shared/report';
import { formatDay } from '../lib/formatDate';

/** Every action of every analysis in the space: overdue first, then checks that are due, then by date. */
export function ActionsTab({ actions, open }: { actions: SpaceAction[]; open: (boardId: string) => string }) {
  if (actions.length === 0) return <p className="muted">No action yet. The actions the team agrees on its analyses appear here, overdue ones first.</p>;
  const overdue = actions.filter((action) => action.overdue).length;
  const checks = actions.filter((action) => action.checkDue).length;
  return (
    <>
      <p className="space-tab-summary">
        {actions.length} {actions.length === 1 ? 'action' : 'actions'}
        {overdue > 0 && <strong className="is-overdue"> · {overdue} overdue</strong>}
        {checks > 0 && (
          <strong className="is-check-due">
            {' '}
            · {checks} {checks === 1 ? 'check' : 'checks'} due
          </strong>
        )}
      </p>
      <table className="space-actions">
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Action</th>
            <th scope="col">Owner</th>
            <th scope="col">Status</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((action) => (
            <tr key={`${action.boardId}/${action.id}`} className={action.overdue ? 'is-overdue' : action.checkDue ? 'is-check-due' : undefined}>
              <td className="space-actions-due">
                {action.due ? formatDay(action.due) : '—'}
                {action.overdue && <span className="space-actions-flag">overdue</span>}
              </td>
              <td>
                <span className="space-actions-text">
                  {ACTION_KIND_LABELS[action.kind]}: {action.text || 'untitled'}
                </span>
                <a className="space-actions-board" href={open(action.boardId)}>
                  {action.boardTitle || 'Untitled board'}
                  {action.customer && ` · ${action.customer}`}
                </a>
              </td>
              <td>{action.owner || <em className="muted">nobody</em>}</td>
              <td>{ACTION_STATUS_LABELS[action.status]}</td>
              <td>
                {action.checkResult ? (
                  <span className={`check-said check-${action.checkResult}`} title={action.checkNote || undefined}>
                    {CHECK_RESULT_LABELS[action.checkResult]}
                  </span>
                ) : action.checkBy ? (
                  <span className={action.checkDue ? 'space-actions-flag' : undefined}>
                    {action.checkDue ? 'due ' : 'by '}
                    {formatDay(action.checkBy)}
                  </span>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
