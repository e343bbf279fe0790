import { CAUSE_STATUSES, COMPLAINT_ID, Limits, questionFor } from '../../../shared/board';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { RootActions } from '../actions/RootActions';
import { PanelEmpty } from './PanelEmpty';
import { STATUS_LABEL } from '../canvas/CauseNode';
import { formatMoment } from '../../lib/formatDate';
import { SharedTextArea } from '../../lib/SharedTextArea';

/** Everything about the selected cause: status, evidence, control, escalation, who added it. */
export function DetailsPanel() {
  const board = useBoardStore((state) => state.board);
  const selectedId = useBoardStore((state) => state.selectedId);
  const canEdit = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  const cause = selectedId ? board?.causes[selectedId] : undefined;

  if (!board || !cause) {
    return (
      <PanelEmpty title={selectedId === COMPLAINT_ID ? 'The complaint' : 'No card selected'}>
        Select a cause to see and edit its status and evidence. Press ? for keyboard shortcuts.
      </PanelEmpty>
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
            <input type="radio" name="status" value={status} checked={cause.status === status} onChange={() => ops.updateCause(cause.id, { status })} />
            {STATUS_LABEL[status]}
          </label>
        ))}
      </fieldset>

      <DetailText causeId={cause.id} field="evidence" label="Evidence" rows={3} placeholder="How do we know? A record, an observation, a link…" />
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
        <input
          type="checkbox"
          checked={cause.inControl}
          disabled={!canEdit}
          onChange={(event) => ops.updateCause(cause.id, { inControl: event.currentTarget.checked })}
        />
        Within our control
      </label>
      {!cause.inControl && <DetailText causeId={cause.id} field="escalation" label="Escalated to" rows={2} placeholder="Who takes it from here, and how" />}
      {cause.isRoot && (
        <DetailText
          causeId={cause.id}
          field="theme"
          label="Theme"
          rows={1}
          placeholder="The same few words for this cause in every complaint: “Payment retries”"
        />
      )}
      {cause.isRoot && <RootActions causeId={cause.id} />}
      <p className="muted details-meta">
        {cause.createdBy ? `Added by ${cause.createdBy}` : 'Added'}
        {cause.createdAt > 0 && `, ${formatMoment(cause.createdAt)}`}
      </p>
    </div>
  );
}

/**
 * A shared text field of the selected cause. Keystrokes merge into one undo step per visit to the field, and into
 * other people's typing in the same field.
 */
function DetailText({
  causeId,
  field,
  label,
  rows,
  placeholder,
}: {
  causeId: string;
  field: 'evidence' | 'escalation' | 'theme';
  label: string;
  rows: number;
  placeholder: string;
}) {
  const value = useBoardStore((state) => state.board?.causes[causeId]?.[field] ?? '');
  const canEdit = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  const id = `details-${field}`;
  return (
    <>
      <label className="field" htmlFor={id}>
        {label}
      </label>
      <SharedTextArea
        id={id}
        className="panel-textarea"
        value={value}
        maxLength={Limits[field]}
        readOnly={!canEdit}
        rows={rows}
        placeholder={placeholder}
        onValue={(text) => ops.typeDetails(causeId, { [field]: text })}
        onFocus={ops.endUndoStep}
        onBlur={ops.endUndoStep}
      />
    </>
  );
}

/** The http(s) links in a piece of evidence, to open the records behind it. */
const links = (text: string) => [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
