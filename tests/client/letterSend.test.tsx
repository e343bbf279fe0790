// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { updateLetter } from '../../shared/board';
import { LetterView } from '../../client/board/letter/LetterView';
import { BoardStoreContext } from '../../client/board/store/BoardStoreContext';
import { connectStore } from '../fixtures/liveStore';
import { MemoryStorage } from '../../server/storage/MemoryStorage';
import { startSmtp, type LoopbackSmtp } from '../fixtures/smtp';
import { connectMeetingClient, createBoard, startTestServer, tempDir } from '../fixtures/server';

/** A real mail server on loopback. */
let smtp: LoopbackSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const fn of cleanups.splice(0).reverse()) await fn();
  smtp.messages.length = 0;
});

const LETTER = 'Dear Ada,\n\nWe charged you twice for one book, and I am sorry: it was our mistake. We refunded £12.99 today.\n\nJo Bloggs';

/**
 * The real letter view, on a real connection to a real server: its document and meeting feed the board store as in
 * the app (the page's own socket and IndexedDB are what is left out). The send itself (its HTML is rendered in a worker
 * thread, which esbuild builds and which does not run beside jsdom) is tested end to end in tests/server/mail.test.ts.
 */
async function openLetter(
  role: 'facilitator' | 'editor' = 'facilitator',
  { accessRole = role, smtpUrl }: { accessRole?: 'facilitator' | 'editor'; smtpUrl?: string } = {},
) {
  // In memory: SQLite's writer thread is built with esbuild, which does not run beside jsdom.
  const server = await startTestServer({ dataDir: tempDir(), storage: new MemoryStorage(), smtpUrl });
  cleanups.push(() => server.close());
  const board = await createBoard(server.url, { title: 'Charged twice', complaint: { text: 'You charged me twice!', customer: 'Ada' } });
  const { client, store } = await connectStore(server, board, role, role === 'facilitator' ? 'Fran' : 'Ed');
  cleanups.push(() => client.destroy());
  updateLetter(client.doc, { text: LETTER, contactName: 'Jo Bloggs', contactReach: 'jo.bloggs@example.com' }, 'test');
  await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).letter.text).toBe(LETTER));
  render(
    <BoardStoreContext.Provider value={store}>
      <LetterView access={{ boardId: board.id, token: board.tokens[accessRole], origin: server.url }} />
    </BoardStoreContext.Provider>,
  );
  const signOff = async () => {
    // The facilitator's connection signs it off (the button is tested elsewhere), as the meeting bar would.
    const lead = role === 'facilitator' ? client : connectMeetingClient(server.url, board.id, board.tokens.facilitator, 'Fran');
    if (lead !== client) cleanups.push(() => lead.destroy());
    await lead.synced;
    lead.send({ type: 'letter.signOff', ready: true });
    await vi.waitFor(() => expect(store.getState().meeting?.signOff).not.toBeNull());
  };
  return { store, signOff };
}

describe('sending the letter from its view', () => {
  it('offers the send once signed off, checks the address, and shows a refusal from the server', async () => {
    const user = userEvent.setup();
    // The page's link is an editor's: the server, not the screen, decides who sends.
    const { signOff } = await openLetter('facilitator', { accessRole: 'editor', smtpUrl: smtp.url });
    expect(screen.queryByRole('form', { name: 'Send the letter by e-mail' })).toBeNull(); // a draft is not sent
    await signOff();

    const address = await screen.findByLabelText('Send to the customer');
    await vi.waitFor(() => expect(screen.getByText('Letters go from the contact’s own e-mail address.')).toBeInTheDocument());
    await user.type(address, 'ada@example');
    await user.click(screen.getByRole('button', { name: 'Send by e-mail' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Give one e-mail address, like ada@example.com.');
    await user.type(address, '.com');
    await user.click(screen.getByRole('button', { name: 'Send by e-mail' }));
    await vi.waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Only the facilitator sends the letter: they signed it off.'));
    expect(address).toHaveValue('ada@example.com'); // kept, to try again
    expect(smtp.messages).toEqual([]);
  });

  it('shows a sent letter as sent, read-only, until the facilitator drafts a new version', async () => {
    const user = userEvent.setup();
    const { store, signOff } = await openLetter();
    await signOff();
    const { meeting } = store.getState();
    // The meeting as the server sends it once the letter went out (tests/server/mail.test.ts sends it for real).
    const sent = { at: meeting!.signOff!.at + 1000, by: 'Fran', to: 'ada@example.com', letterHash: meeting!.signOff!.letterHash };
    act(() => store.getState().ops.receiveMeeting({ type: 'state', meeting: { ...meeting!, sentLetters: [sent] }, now: Date.now() }));

    expect(screen.getByTestId('letter-sent')).toHaveTextContent(/^Sent to ada@example\.com on .+ by Fran\.$/);
    expect(screen.getByTestId('letter-status')).toHaveTextContent('Sent');
    expect(screen.getByLabelText('The letter')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Contact name')).toHaveAttribute('readonly');
    expect(screen.queryByLabelText('Send to the customer')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Withdraw sign-off' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Redraft from the board/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Draft a new version' }));
    // The real server withdraws the sign-off; the letter is a draft again, and editable.
    await vi.waitFor(() => expect(store.getState().meeting?.signOff).toBeNull());
    expect(screen.getByTestId('letter-status')).toHaveTextContent('Draft');
    expect(screen.getByLabelText('The letter')).not.toHaveAttribute('readonly');
    act(() => store.getState().ops.receiveMeeting({ type: 'state', meeting: { ...store.getState().meeting!, sentLetters: [sent] }, now: Date.now() }));
    expect(screen.getByTestId('letter-sent-earlier')).toHaveTextContent(/^Earlier version: Sent to ada@example\.com on .+ by Fran\. This one is a draft/);
  });

  it('without a mail server, says so (with the set-up for whoever runs it) and records the letter sent another way', async () => {
    const user = userEvent.setup();
    const { store, signOff } = await openLetter();
    await signOff();
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent(/^Sending by e-mail is not set up on this server\. Export the letter/);
    expect(note).toHaveTextContent(/SMTP_URL=smtps:\/\/user:password@smtp\.example\.com/); // under "For whoever runs Whyboard"
    expect(screen.queryByRole('button', { name: 'Send by e-mail' })).toBeNull(); // no button that can only fail
    await user.type(screen.getByLabelText('How it went'), 'By post to 12 High Street');
    await user.click(screen.getByRole('button', { name: 'Record as sent' }));
    // The real server checks it and records it; the view then shows the letter as sent.
    await vi.waitFor(() => expect(store.getState().meeting?.sentLetters).toHaveLength(1));
    expect(screen.getByTestId('letter-sent')).toHaveTextContent(/^Sent \(By post to 12 High Street\) on .+ by Fran\.$/);
    expect(screen.getByTestId('letter-status')).toHaveTextContent('Sent');
  });

  it('leaves sending to the facilitator: an editor sees that it is signed off, with no form', async () => {
    const { signOff } = await openLetter('editor', { smtpUrl: smtp.url });
    await signOff();
    await screen.findByText('Signed off: the facilitator sends it to the customer.');
    expect(screen.queryByLabelText('Send to the customer')).toBeNull();
    await act(async () => undefined);
  });
});
