import { useState, type FormEvent, type ReactNode } from 'react';
import { Limits } from '../../shared/board';
import type { CreateBoardResponse } from '../../shared/protocol';
import { CreateBoardBody } from '../../shared/schemas';
import { ApiRequestError, api } from '../lib/api';
import type { KnownSpace } from '../lib/knownBoards';

export const CHANNELS = ['Email', 'Phone', 'Chat', 'In person', 'Letter', 'Social media', 'Review site', 'Other'];

const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};

type Errors = Partial<Record<'title' | 'complaint.text' | 'complaint.customer' | 'complaint.channel' | 'complaint.receivedAt' | 'form', string>>;

interface Props {
  /** Called with the new board; the page then opens it as facilitator. */
  onCreated(board: CreateBoardResponse, title: string, customer: string): void;
  /** Makes the board, in `space` if one is chosen. */
  create?: (body: CreateBoardBody, space: KnownSpace | undefined) => Promise<CreateBoardResponse>;
  /** Team spaces this browser knows: the analysis may start in one of them (the most recently opened, unless changed). */
  spaces?: KnownSpace[];
}

const NO_SPACE = '';

/** Starts an analysis from a customer complaint. Validated with the same schema the server uses. */
const createBoard = (body: CreateBoardBody, space: KnownSpace | undefined) =>
  space ? api.createBoardInSpace(space.id, space.token, body) : api.createBoard(body);

export function NewAnalysisForm({ onCreated, create = createBoard, spaces = [] }: Props) {
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [spaceId, setSpaceId] = useState(() => spaces[0]?.id ?? NO_SPACE);
  const space = spaces.find((each) => each.id === spaceId);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const optional = (name: string) => field(name) || undefined;
    const parsed = CreateBoardBody.safeParse({
      title: field('title'),
      complaint: { text: field('text'), customer: optional('customer'), channel: optional('channel'), receivedAt: optional('receivedAt') },
    });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path.join('.') as keyof Errors] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const board = await create(parsed.data, space);
      onCreated(board, parsed.data.title, parsed.data.complaint.customer ?? '');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const key = error instanceof ApiRequestError && error.field ? (error.field as keyof Errors) : 'form';
      setErrors({ [key]: message });
      setBusy(false);
    }
  }

  return (
    <form className="new-analysis" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="new-analysis-title">
      <h2 id="new-analysis-title">New analysis</h2>
      <p className="muted">Start from the complaint, in the customer’s own words. The team asks why from there.</p>

      <Field name="complaint.text" label="What did the customer say?" error={errors['complaint.text']}>
        {(props) => (
          <textarea
            {...props}
            name="text"
            rows={4}
            maxLength={Limits.complaintText}
            placeholder="“I was charged twice the price on the shelf for this book, and nobody at the till could tell me why.”"
          />
        )}
      </Field>
      <Field name="title" label="Short title" error={errors.title}>
        {(props) => <input {...props} name="title" maxLength={Limits.title} placeholder="Overcharged for a book" />}
      </Field>
      <div className="field-row">
        <Field name="complaint.customer" label="Customer" error={errors['complaint.customer']}>
          {(props) => <input {...props} name="customer" maxLength={Limits.customer} placeholder="Name or account" />}
        </Field>
        <Field name="complaint.channel" label="Channel" error={errors['complaint.channel']}>
          {(props) => (
            <select {...props} name="channel" defaultValue="Email">
              {CHANNELS.map((channel) => (
                <option key={channel}>{channel}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="complaint.receivedAt" label="Received" error={errors['complaint.receivedAt']}>
          {(props) => <input {...props} name="receivedAt" type="date" defaultValue={today()} max={today()} />}
        </Field>
      </div>

      {spaces.length > 0 && (
        <div className="field">
          <label htmlFor="field-space">Team space</label>
          <select id="field-space" value={spaceId} onChange={(event) => setSpaceId(event.currentTarget.value)} aria-describedby="field-space-hint">
            {spaces.map((each) => (
              <option key={each.id} value={each.id}>
                {each.name}
              </option>
            ))}
            <option value={NO_SPACE}>None: only whoever you give its links to</option>
          </select>
          <p className="field-hint muted" id="field-space-hint">
            {space ? `Everyone in ${space.name} can open it, and it counts in the space’s views and reports.` : 'It belongs to no team space.'}
          </p>
        </div>
      )}
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="button button-primary button-large" disabled={busy}>
        {busy ? 'Creating…' : 'Start the analysis'}
      </button>
    </form>
  );
}

interface FieldProps {
  name: string;
  label: string;
  error: string | undefined;
  children(props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }): ReactNode;
}

/** A labelled control with its error below it, linked for screen readers (the error is not part of the label). */
function Field({ name, label, error, children }: FieldProps) {
  const id = `field-${name.replace('.', '-')}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${id}-error` : undefined })}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
