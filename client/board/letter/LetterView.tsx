import { useMemo } from 'react';
import { Limits } from '../../../shared/board';
import { staffNames } from '../../../shared/letter/draft';
import { sentTo, sentVersion } from '../../../shared/meeting/sentLetters';
import { letterText, textHash } from '../../../shared/report';
import { useBoardOps, useBoardStore } from '../store/BoardStoreContext';
import { selectCanEdit } from '../store/createBoardStore';
import { formatMoment } from '../../lib/formatDate';
import { SharedTextArea } from '../../lib/SharedTextArea';
import { useReading } from '../../lib/useReading';
import type { BoardAccess } from '../../lib/api';
import { SendLetter } from './SendLetter';
import './letter.css';

const NO_SENDS: [] = [];

/**
 * The letter to the customer, written together: drafted from the board, then edited as shared text, with the checks
 * of the practice live beside it, the facilitator's "ready to send", and then the letter e-mailed to the customer. Only
 * the letter's own text ever reaches the customer. Once sent, it stays as it was sent until the facilitator drafts a
 * new version. `access` is the board and token its API calls go with.
 */
export function LetterView({ access }: { access: BoardAccess }) {
  const board = useBoardStore((state) => state.board);
  const participants = useBoardStore((state) => state.meeting?.participants);
  const signOff = useBoardStore((state) => state.meeting?.signOff ?? null);
  const sentLetters = useBoardStore((state) => state.meeting?.sentLetters ?? NO_SENDS);
  const senderName = useBoardStore((state) => state.peers.find((peer) => peer.isSelf)?.name);
  const role = useBoardStore((state) => state.role);
  const canEditBoard = useBoardStore(selectCanEdit);
  const ops = useBoardOps();
  const reading = useReading();
  const issues = useMemo(() => {
    if (!board || !reading) return undefined;
    return reading.checkLetter(
      board.letter.text,
      {
        staffNames: staffNames(board, participants),
        contactName: board.letter.contactName,
        customerWords: board.complaint.text,
        unconfirmedCauses: board.rootCauseIds.filter((id) => board.causes[id]!.status !== 'confirmed').map((id) => board.causes[id]!.text),
      },
      reading.language,
    );
  }, [board, participants, reading]);
  if (!board) return null;
  const { letter } = board;
  const signedText = signOff && textHash(letterText(board, participants)) === signOff.letterHash;
  // Sent as it stands: kept as it was sent, read-only on screen, until the facilitator drafts a new version. (Changed
  // anyway, from a device that was offline, it is a draft again.)
  const sent = signedText ? sentVersion({ signOff, sentLetters }) : undefined;
  const canEdit = canEditBoard && !sent;
  const typing = { onFocus: ops.endUndoStep, onBlur: ops.endUndoStep, readOnly: !canEdit };
  // A contact field, once written, fills the draft's placeholder for it, so the letter and its fields say the same.
  const contactTyping = {
    ...typing,
    onBlur: () => {
      ops.endUndoStep();
      ops.fillLetterContact();
    },
  };
  const status = sent
    ? { tone: 'sent', label: 'Sent', detail: `Sent ${sentTo(sent.to)}, ${formatMoment(sent.at)}` }
    : signedText
      ? { tone: 'ready', label: 'Ready to send', detail: `Signed off by ${signOff.name}, ${formatMoment(signOff.at)}` }
      : signOff
        ? { tone: 'changed', label: 'Draft again', detail: `Changed since ${signOff.name} signed it off` }
        : { tone: 'draft', label: 'Draft', detail: undefined };

  return (
    <section className="letter-view" aria-label="Letter to the customer">
      <header className="letter-head">
        <button type="button" className="button button-small" onClick={() => ops.showView('canvas')}>
          ← The tree
        </button>
        <h2>Letter to {board.complaint.customer || 'the customer'}</h2>
        <span className={`letter-status letter-status-${status.tone}`} data-testid="letter-status" title={status.detail}>
          {status.label}
        </span>
        {status.detail && <span className="muted letter-signed">{status.detail}</span>}
        <span className="meeting-bar-spacer" />
        {canEdit && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              if (!letter.text.trim() || window.confirm('Replace the letter with a new draft from the board? Undo brings it back.')) ops.draftLetter();
            }}
          >
            {letter.text.trim() ? 'Redraft from the board' : 'Draft from the board'}
          </button>
        )}
        {role === 'facilitator' &&
          !sent &&
          (signedText ? (
            <button type="button" className="button button-small" onClick={() => ops.meeting({ type: 'letter.signOff', ready: false })}>
              Withdraw sign-off
            </button>
          ) : (
            <button
              type="button"
              className="button button-small button-primary"
              disabled={!letter.text.trim()}
              title={issues?.length ? `${issues.length} check(s) still point at something: read them first` : 'Record that the letter is ready to send'}
              onClick={() => ops.meeting({ type: 'letter.signOff', ready: true })}
            >
              Mark ready to send
            </button>
          ))}
      </header>
      <SendLetter
        access={access}
        isFacilitator={role === 'facilitator'}
        ready={Boolean(signedText)}
        sent={sent}
        lastSent={sentLetters.at(-1)}
        senderName={senderName}
        onDraftNewVersion={() => ops.meeting({ type: 'letter.signOff', ready: false })}
        onRecordSent={(to) => ops.meeting({ type: 'letter.recordSent', to })}
      />
      <div className="letter-body">
        <div className="letter-paper">
          <div className="letter-contact">
            <label className="mini-field" htmlFor="letter-contact-name">
              Contact name
              <SharedTextArea
                id="letter-contact-name"
                className="panel-input"
                rows={1}
                wrap="off"
                grow={false}
                maxLength={Limits.contactName}
                placeholder="Your name"
                value={letter.contactName}
                onValue={(contactName) => ops.typeLetter({ contactName: contactName.replace(/\n/g, ' ') })}
                {...contactTyping}
              />
            </label>
            <label className="mini-field" htmlFor="letter-contact-reach">
              How to reach them
              <SharedTextArea
                id="letter-contact-reach"
                className="panel-input"
                rows={1}
                wrap="off"
                grow={false}
                maxLength={Limits.contactReach}
                placeholder="Direct phone, email"
                value={letter.contactReach}
                onValue={(contactReach) => ops.typeLetter({ contactReach: contactReach.replace(/\n/g, ' ') })}
                {...contactTyping}
              />
            </label>
            <label className="mini-field" htmlFor="letter-next-contact">
              Next contact by
              <input
                id="letter-next-contact"
                type="date"
                className="panel-input"
                value={letter.nextContact}
                readOnly={!canEdit}
                onChange={(event) => canEdit && ops.typeLetter({ nextContact: event.currentTarget.value })}
                onBlur={ops.fillLetterContact}
              />
            </label>
          </div>
          <p className="letter-contact-hint muted">The one person the customer deals with from here, and how to reach them directly.</p>
          {letter.text.trim() || !canEdit ? (
            <SharedTextArea
              id="letter-text"
              aria-label="The letter"
              className="letter-text"
              maxLength={Limits.letter}
              value={letter.text}
              onValue={(text) => ops.typeLetter({ text })}
              {...typing}
            />
          ) : (
            <div className="letter-empty">
              <p>
                Start from a draft built from the board: the customer’s words, an apology that owns the mistake, the cause in plain words, the actions you gave
                customer wording, their dates, and your name.
              </p>
              <button type="button" className="button button-primary" onClick={ops.draftLetter}>
                Draft from the board
              </button>
            </div>
          )}
        </div>
        <aside className="letter-checks" aria-label="Letter checks">
          <h3 className="section-title">Checks</h3>
          {!issues ? (
            <p className="muted" role="status">
              Reading the letter…
            </p>
          ) : issues.length === 0 ? (
            <p className="coverage-ok">It apologises, owns the mistake, gives dates and a contact, and keeps to plain, careful words.</p>
          ) : (
            <ul className="letter-issues">
              {issues.map((issue, i) => (
                <li key={`${issue.check}-${i}`} data-check={issue.check}>
                  {issue.message}
                </li>
              ))}
            </ul>
          )}
          <p className="muted small">
            The checks point; you decide. Only the letter’s text goes to the customer: never the tree, the evidence or anyone’s name but the contact’s.
          </p>
        </aside>
      </div>
    </section>
  );
}
