import { useEffect, useId, useState, type FormEvent } from 'react';
import { isEmailAddress, type SentLetterView } from '../../../shared/meeting/sentLetters';
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
}

const sentLine = ({ to, at, by }: SentLetterView) => `Sent to ${to} on ${formatMoment(at)} by ${by}.`;

/**
 * "Send to customer": the signed-off letter e-mailed from the server (`POST /api/boards/:id/letter/send`), by the
 * facilitator. Where the server has no mail server, it says how to set one up instead of offering a button that fails.
 * Once sent, it says to whom, when and by whom; the letter is then read-only until a new version is drafted.
 */
export function SendLetter({ access, isFacilitator, ready, sent, lastSent, senderName, onDraftNewVersion }: SendLetterProps) {
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
  return <SendForm access={access} senderName={senderName} />;
}

function SendForm({ access, senderName }: { access: BoardAccess; senderName: string | undefined }) {
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

  const notConfigured = mail?.configured === false;
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
        disabled={notConfigured || busy}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${inputId}-help`}
        onChange={(event) => setTo(event.currentTarget.value)}
      />
      <button type="submit" className="button button-small button-primary" disabled={notConfigured || busy || !to.trim()}>
        {busy ? 'Sending…' : 'Send by e-mail'}
      </button>
      <p id={`${inputId}-help`} className={notConfigured ? 'letter-send-setup' : 'muted letter-send-note'} role={notConfigured ? 'note' : undefined}>
        {mail?.message ?? 'The letter goes as it was signed off, in plain text and HTML.'}
      </p>
      {error && (
        <p className="form-error letter-send-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
