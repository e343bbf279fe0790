import { CHECK_RESULTS, Limits, type CheckResult } from '../../../shared/board';
import { CHECK_RESULT_LABELS } from '../../../shared/report';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { SharedTextArea } from '../../lib/SharedTextArea';
import { formatDayOf } from '../../lib/formatDate';

/**
 * An action's effectiveness check: by when someone looks again, what they found and how they know. "It did not work"
 * reopens the board's analysis (see readBoard `reopenedBy`): the cause it addressed was not the root, or not all of it.
 */
export function ActionCheck({ actionId }: { actionId: string }) {
  const action = useBoardStore((state) => state.board?.actions[actionId]);
  const canEdit = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  if (!action) return null;
  const id = (field: string) => `action-${actionId}-${field}`;
  return (
    <fieldset className={`action-check check-${action.checkResult || 'pending'}`}>
      <legend>Effectiveness check</legend>
      <div className="action-editor-row">
        <label className="mini-field" htmlFor={id('result')}>
          Result
          <select
            id={id('result')}
            className="panel-input"
            value={action.checkResult}
            disabled={!canEdit}
            onChange={(event) => ops.updateAction(actionId, { checkResult: event.currentTarget.value as CheckResult })}
          >
            {CHECK_RESULTS.map((result) => (
              <option key={result} value={result}>
                {CHECK_RESULT_LABELS[result]}
              </option>
            ))}
          </select>
        </label>
        <label className="mini-field" htmlFor={id('check-by')}>
          Check by
          <input
            id={id('check-by')}
            type="date"
            className="panel-input"
            value={action.checkBy}
            readOnly={!canEdit}
            onChange={(event) => canEdit && ops.updateAction(actionId, { checkBy: event.currentTarget.value })}
          />
        </label>
      </div>
      {(action.checkResult !== '' || action.checkNote !== '') && (
        <SharedTextArea
          id={id('check-note')}
          aria-label="How it was checked"
          className="panel-textarea"
          rows={1}
          maxLength={Limits.evidence}
          placeholder={action.checkResult === 'notEffective' ? 'What showed it did not work' : 'How we know: the figures, the calls, the audit'}
          value={action.checkNote}
          onValue={(checkNote) => ops.typeAction(actionId, { checkNote })}
          onFocus={ops.endUndoStep}
          onBlur={ops.endUndoStep}
          readOnly={!canEdit}
        />
      )}
      {action.status === 'verified' && action.checkResult === '' && (
        <p className="action-check-said">Marked verified effective: say what the check found, and how.</p>
      )}
      {action.checkResult !== '' && action.checkedAt > 0 && (
        <p className="action-check-said">
          {action.checkResult === 'effective' ? 'Verified' : 'Found not to work'} on {formatDayOf(action.checkedAt)}
          {action.checkResult === 'notEffective' && ': the analysis is open again.'}
        </p>
      )}
    </fieldset>
  );
}
