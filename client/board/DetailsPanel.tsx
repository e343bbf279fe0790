import { CAUSE_STATUSES, COMPLAINT_ID, Limits, questionFor } from '../../shared/board';
import { useBoardActions, useBoardStore } from './BoardStoreContext';
import { STATUS_LABEL } from './CauseNode';
import { SharedTextArea } from './SharedTextArea';

/** Everything about the selected cause: status, evidence, control, escalation, who added it. */
export function DetailsPanel() {
  const board = useBoardStore((state) => state.board);
  const selectedId = useBoardStore((state) => state.selectedId);
  const canEdit = useBoardStore((state) => state.role !== 'viewer');
  const actions = useBoardActions();
  const cause = selectedId ? board?.causes[selectedId] : undefined;

  if (!board || !cause) {
    return (
      <div className="panel-empty">
        <p>
          <strong>{selectedId === COMPLAINT_ID ? 'The complaint' : 'No card selected'}</strong>
        </p>
        <p className="muted">Select a cause to see and edit its status and evidence. Press ? for keyboard shortcuts.</p>
      </div>
    );
  }

  return (
    <div className="details">
      <p className="details-kicker">Why {cause.depth}</p>
      <p className="details-question">{questionFor(board, cause.id)}</p>
      <p className="details-answer">{cause.text || <span className="muted">No answer yet</span>}</p>

      <fieldset className="segmented" disabled={!canEdit}>
        <legend>Status</legend>
        {CAUSE_STATUSES.map((status) => (
          <label key={status} className={cause.status === status ? 'is-checked' : undefined}>
            <input type="radio" name="status" value={status} checked={cause.status === status} onChange={() => actions.updateCause(cause.id, { status })} />
            {STATUS_LABEL[status]}
          </label>
        ))}
      </fieldset>

      <label className="field" htmlFor="details-evidence">
        Evidence
      </label>
      <SharedTextArea
        id="details-evidence"
        className="panel-textarea"
        value={cause.evidence}
        maxLength={Limits.evidence}
        readOnly={!canEdit}
        rows={3}
        placeholder="How do we know? A record, an observation, a link…"
        onValue={(evidence) => actions.typeDetails(cause.id, { evidence })}
        onFocus={actions.endUndoStep}
        onBlur={actions.endUndoStep}
      />
      {links(cause.evidence).length > 0 && (
        <ul className="evidence-links">
          {links(cause.evidence).map((href) => (
            <li key={href}>
              <a href={href} target="_blank" rel="noreferrer noopener">
                {href}
              </a>
            </li>
          ))}
        </ul>
      )}

      <label className="check">
        <input type="checkbox" checked={cause.inControl} disabled={!canEdit} onChange={(event) => actions.updateCause(cause.id, { inControl: event.currentTarget.checked })} />
        Within our control
      </label>
      {!cause.inControl && (
        <>
          <label className="field" htmlFor="details-escalation">
            Escalated to
          </label>
          <SharedTextArea
            id="details-escalation"
            className="panel-textarea"
            value={cause.escalation}
            maxLength={Limits.escalation}
            readOnly={!canEdit}
            rows={2}
            placeholder="Who takes it from here, and how"
            onValue={(escalation) => actions.typeDetails(cause.id, { escalation })}
            onFocus={actions.endUndoStep}
            onBlur={actions.endUndoStep}
          />
        </>
      )}
      <p className="muted details-meta">
        {cause.createdBy ? `Added by ${cause.createdBy}` : 'Added'}
        {cause.createdAt > 0 && `, ${new Date(cause.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`}
      </p>
    </div>
  );
}

/** The http(s) links in a piece of evidence, to open the records behind it. */
const links = (text: string) => [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
