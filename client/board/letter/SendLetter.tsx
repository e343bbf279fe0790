import { useEffect, useId, useState, type FormEvent } from 'react';
import { isEmailAddress, sentTo, type SentLetterView } from '../../../shared/meeting/sentLetters';
import type { LetterMailStatus } from '../../../shared/protocol';
import { formatMoment } from '../../lib/formatDate';
import { api, type BoardAccess } from '../../lib/api';

export interface SendLetterProps {
  /** The board and token the letter's API calls go with. */
  access: BoardAccess;
  /** Only the facilitator sends the letter (they signed it off) and drafts a new version. */
  isFacilitator: boolean;
  /** Signed off, and unchanged since. */
  ready: boolean;
  /** The send of the letter as it stands signed off, once it went out (see `sentVersion`). */
  sent: SentLetterView | undefined;
  /** The latest send of any version: named while a new one is drafted. */
  lastSent: SentLetterView | undefined;
  /** Who is sending, as they go by on the board. */
  senderName: string | undefined;
  /** Withdraws the sign-off, which makes the letter editable again; the sent copy stays recorded. */
  onDraftNewVersion(): void;
  /** Records the signed-off letter as sent another way (a meeting command the server checks). */
  onRecordSent(how: string): void;
}

const sentLine = ({ to, at, by }: SentLetterView) => `Sent ${sentTo(to)} on ${formatMoment(at)} by ${by}.`;

/**
 * "Send to customer": the signed-off letter e-mailed from the server (`POST /api/boards/:id/letter/send`), by the
 * facilitator. Where the server has no mail server, it says how to set one up instead of offering a button that fails.
 * Once sent, it says to whom, when and by whom; the letter is then read-only until a new version is drafted.
 */
export function SendLetter({ access, isFacilitator, ready, sent, lastSent, senderName, onDraftNewVersion, onRecordSent }: SendLetterProps) {
  if (sent) {
    return (
      <section className="letter-send letter-send-done" aria-label="Sent to the customer">
        <p className="letter-send-line" role="status" data-testid="letter-sent">
          {sentLine(sent)}
        </p>
        <p className="muted letter-send-note">The letter stays as it was sent.</p>
        {isFacilitator ? (
          <button type="button" className="button button-small" onClick={onDraftNewVersion}>
            Draft a new version
          </button>
        ) : (
          <p className="muted letter-send-note">The facilitator can draft a new version.</p>
        )}
      </section>
    );
  }
  if (!ready) {
    return lastSent ? (
      <p className="letter-send letter-send-earlier muted" data-testid="letter-sent-earlier">
        Earlier version: {sentLine(lastSent)} This one is a draft until it is signed off.
      </p>
    ) : null;
  }
  if (!isFacilitator) {
    return <p className="letter-send letter-send-earlier muted">Signed off: the facilitator sends it to the customer.</p>;
  }
  return <SendForm access={access} senderName={senderName} onRecordSent={onRecordSent} />;
}

function SendForm({ access, senderName, onRecordSent }: { access: BoardAccess; senderName: string | undefined; onRecordSent(how: string): void }) {
  const [mail, setMail] = useState<LetterMailStatus>();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const inputId = useId();
  const { boardId, token, origin } = access;

  useEffect(() => {
    let cancelled = false;
    // Whether this server sends mail: asked once, so a server without it explains itself before anyone types.
    api.letterMailStatus({ boardId, token, origin }).then(
      (status) => !cancelled && setMail(status),
      () => undefined, // offline or refused: the send itself says why
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, token, origin]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const address = to.trim();
    if (!isEmailAddress(address)) return setError('Give one e-mail address, like ada@example.com.');
    setBusy(true);
    setError(undefined);
    try {
      // The send arrives with the meeting, for everyone: this view then shows it as sent.
      await api.sendLetter({ boardId, token, origin }, { to: address, ...(senderName ? { name: senderName } : {}) });
      setTo('');
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      if ((failure as { status?: number }).status === 503) setMail({ configured: false, message });
      else setError(message);
    } finally {
      setBusy(false);
    }
  };

  if (mail?.configured === false) {
    // No mail server: the letter goes out another way, and is recorded as sent here.
    return (
      <section className="letter-send" aria-label="Record the letter as sent">
        <div className="letter-send-setup" role="note">
          Sending by e-mail is not set up on this server. Export the letter (Export → Letter), send it yourself, then record here how it went.
          <details>
            <summary>For whoever runs Whyboard</summary>
            {mail.message}
          </details>
        </div>
        <RecordSent onRecord={onRecordSent} />
      </section>
    );
  }
  return (
    <form className="letter-send" aria-label="Send the letter by e-mail" onSubmit={(event) => void submit(event)} noValidate>
      <label className="letter-send-label" htmlFor={inputId}>
        Send to the customer
      </label>
      <input
        id={inputId}
        type="email"
        className="panel-input letter-send-address"
        placeholder="customer@example.com"
        autoComplete="off"
        value={to}
        disabled={busy}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${inputId}-help`}
        onChange={(event) => setTo(event.currentTarget.value)}
      />
      <button type="submit" className="button button-small button-primary" disabled={busy || !to.trim()}>
        {busy ? 'Sending…' : 'Send by e-mail'}
      </button>
      <p id={`${inputId}-help`} className="muted letter-send-note">
        {mail?.message ?? 'The letter goes as it was signed off, in plain text and HTML.'}
      </p>
      {error && (
        <p className="form-error letter-send-error" role="alert">
          {error}
        </p>
      )}
      <details className="letter-send-other">
        <summary>Sent it another way?</summary>
        <RecordSent onRecord={onRecordSent} />
      </details>
    </form>
  );
}

/**
 * Records the signed-off letter as sent another way (by post, from one's own mail): to whom, or how. The server checks
 * it as it checks an e-mail (signed off, unchanged, nothing left to fill in) and says so if not.
 */
function RecordSent({ onRecord }: { onRecord(how: string): void }) {
  const [how, setHow] = useState('');
  const id = useId();
  return (
    <div className="letter-record">
      <label className="letter-send-label" htmlFor={id}>
        How it went
      </label>
      <input
        id={id}
        className="panel-input letter-send-address"
        placeholder="By post to 12 High Street; from my own e-mail to ada@example.com"
        maxLength={200}
        value={how}
        onChange={(event) => setHow(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && how.trim()) {
            event.preventDefault();
            onRecord(how.trim());
          }
        }}
      />
      <button type="button" className="button button-small" disabled={!how.trim()} onClick={() => onRecord(how.trim())}>
        Record as sent
      </button>
    </div>
  );
}
