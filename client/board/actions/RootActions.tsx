import { useMemo } from 'react';
import { ACTION_KINDS, Limits } from '../../../shared/board';
import { ACTION_KIND_LABELS, coverage } from '../../../shared/report';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { SharedTextArea } from '../../lib/SharedTextArea';
import { ActionEditor, KIND_HINT } from './ActionEditor';
import { localToday } from '../../lib/localToday';

/** A root cause's ops, with buttons to add each kind, and the accepted-risk decision when there is none. */
export function RootActions({ causeId }: { causeId: string }) {
  const board = useBoardStore((state) => state.board);
  const canEdit = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  const issues = useMemo(() => (board ? coverage(board, localToday()) : []), [board]);
  const cause = board?.causes[causeId];
  if (!cause) return null;
  return (
    <section className="root-actions" aria-label="Actions on this root cause">
      <h3 className="section-title">Actions</h3>
      {cause.actionIds.map((id) => (
        <ActionEditor key={id} actionId={id} issues={issues.filter((issue) => issue.actionId === id)} />
      ))}
      {canEdit && (
        <div className="add-actions">
          {ACTION_KINDS.map((kind) => (
            <button key={kind} type="button" className="button button-small" title={KIND_HINT[kind]} onClick={() => ops.addAction(causeId, kind)}>
              + {ACTION_KIND_LABELS[kind]}
            </button>
          ))}
        </div>
      )}
      {(cause.actionIds.length === 0 || cause.acceptedRisk) && (
        <>
          <label className="field field-tight" htmlFor="details-accepted-risk">
            Or: why we accept the risk
          </label>
          <SharedTextArea
            id="details-accepted-risk"
            className="panel-textarea"
            rows={2}
            maxLength={Limits.acceptedRisk}
            readOnly={!canEdit}
            placeholder="A decision, with its reason: it is then not an oversight"
            value={cause.acceptedRisk}
            onValue={(acceptedRisk) => ops.typeDetails(causeId, { acceptedRisk })}
            onFocus={ops.endUndoStep}
            onBlur={ops.endUndoStep}
          />
        </>
      )}
    </section>
  );
}
