import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { readMail, startSmtp, type LoopbackSmtp } from '../fixtures/smtp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, readBoard, updateCause, updateLetter } from '../../shared/board';
import { parseMeeting, type SentLetter } from '../../shared/meeting';
import { MailErrorCode, type LetterMailStatus } from '../../shared/protocol';
import { subjectOf } from '../../server/letterApi';
import { makeBoard } from '../fixtures/makeBoard';
import { connectMeetingClient, createBoard, startTestServer, tempDir, type MeetingClient } from '../fixtures/server';
import type { ServerOptions } from '../../server/createServer';

let smtp: LoopbackSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());

const cleanup: Array<() => unknown> = [];
beforeEach(() => {
  smtp.messages.length = 0;
  smtp.refuseRecipients = false;
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const LETTER = [
  'Dear Ada Lovelace,',
  'You were charged twice for one book, and I am sorry: that was our mistake, not yours.',
  'Our till took the payment again when your card was read a second time. We refunded £12.99 to your card today, and from 1 December 2026 the till asks before it charges a card again.',
  'I will call you by 2 December 2026 to make sure the refund has reached you. Please contact me directly: 0113 496 0000 or jo.bloggs@example.com.',
  'Jo Bloggs',
].join('\n\n');

/** A board with a letter written and its internal side filled in (a cause by a colleague, with an internal note). */
async function setup(options: Pick<ServerOptions, 'idleMs' | 'smtpUrl' | 'smtpFrom'> = {}) {
  const server = await startTestServer({ dataDir: tempDir(), smtpUrl: smtp.url, ...options });
  cleanup.push(() => server.close());
  const board = await createBoard(server.url, {
    title: 'Charged twice for one book',
    complaint: { text: 'You charged me twice for one book!', customer: 'Ada Lovelace', receivedAt: '2026-11-20' },
  });
  const join = async (role: 'facilitator' | 'editor' | 'viewer', name: string): Promise<MeetingClient> => {
    const client = connectMeetingClient(server.url, board.id, board.tokens[role], name);
    cleanup.push(() => client.destroy());
    await client.synced;
    await vi.waitFor(() => expect(client.state()).toBeDefined());
    return client;
  };
  const lead = await join('facilitator', 'Fran Facilitator');
  const cause = askWhy(lead.doc, COMPLAINT_ID, { text: 'Till 3 charged the card twice', createdBy: 'Sam Staffer' }, 'test');
  updateCause(lead.doc, cause, { evidence: 'INTERNAL-NOTE: CCTV 14:02, till 3, Sam on shift' }, 'test');
  updateLetter(lead.doc, { text: LETTER, contactName: 'Jo Bloggs', contactReach: '0113 496 0000, jo.bloggs@example.com' }, 'test');
  await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).letter.contactReach).toMatch(/example\.com$/));
  const signOff = async () => {
    lead.send({ type: 'letter.signOff', ready: true });
    await vi.waitFor(() => expect(lead.state()?.signOff).not.toBeNull());
    return lead.state()!.signOff!;
  };
  const send = (body: unknown, token: string = board.tokens.facilitator) =>
    fetch(`${server.url}/api/boards/${board.id}/letter/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const status = async (token: string = board.tokens.viewer) =>
    (await (await fetch(`${server.url}/api/boards/${board.id}/letter/send`, { headers: { Authorization: `Bearer ${token}` } })).json()) as LetterMailStatus;
  const storedSends = async () => parseMeeting(await server.storage.loadMeeting(board.id)).sentLetters;
  return { server, board, join, lead, signOff, send, status, storedSends };
}

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('sending the letter by e-mail', () => {
  it('sends the signed-off letter from the contact, in plain text and HTML, and records who sent it, when and where', async () => {
    const { lead, join, signOff, send, storedSends } = await setup();
    const viewer = await join('viewer', 'Vic Viewer');
    const signed = await signOff();
    const before = Date.now();

    const res = await send({ to: 'ada@example.com', name: 'Fran Facilitator' });
    expect(res.status).toBe(200);
    const sent = (await res.json()) as SentLetter;
    expect(sent).toMatchObject({ to: 'ada@example.com', by: 'Fran Facilitator', letterHash: signed.letterHash });
    expect(sent.at).toBeGreaterThanOrEqual(before);

    // The message, as the mail server received it.
    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!;
    expect(message.user).toBe('whyboard'); // the login in SMTP_URL
    expect(message.mailFrom).toBe('jo.bloggs@example.com');
    expect(message.rcptTo).toEqual(['ada@example.com']);
    const mail = await readMail(message);
    expect(mail.from?.value).toEqual([{ name: 'Jo Bloggs', address: 'jo.bloggs@example.com' }]);
    expect(mail.to).toMatchObject({ value: [{ address: 'ada@example.com' }] });
    expect(mail.subject).toBe('Your complaint: Charged twice for one book');
    expect(mail.replyTo).toBeUndefined();
    expect(mail.text?.trim()).toBe(LETTER);
    const html = mail.html || '';
    expect(html).toContain('<title>Letter to Ada Lovelace</title>');
    expect(html).toContain('You were charged twice for one book, and I am sorry: that was our mistake, not yours.');
    expect(html).toContain('We refunded £12.99 to your card today');
    expect(html).not.toContain('not yet signed off'); // the export's draft banner
    for (const secret of ['INTERNAL-NOTE', 'CCTV', 'Sam', 'Staffer', 'Fran', 'Facilitator', 'Till 3 charged']) {
      expect(message.raw).not.toContain(secret);
      expect(`${mail.from?.text}\n${mail.subject}\n${mail.text}\n${html}`).not.toContain(secret);
    }

    // Recorded in the meeting: everyone on the board sees it at once (without the text), and it is stored (with it).
    for (const client of [lead, viewer]) {
      await vi.waitFor(() =>
        expect(client.state()?.sentLetters).toEqual([{ at: sent.at, by: 'Fran Facilitator', to: 'ada@example.com', letterHash: signed.letterHash }]),
      );
    }
    const stored = await storedSends();
    expect(stored).toEqual([sent]);
    expect(stored[0]!.text.trim()).toBe(LETTER);
    expect(lead.state()?.signOff).toEqual(signed); // still signed off: the letter shows as sent
  });

  it('goes from SMTP_FROM under the contact’s name when it is set, with replies to the contact', async () => {
    const { signOff, send, status } = await setup({ smtpFrom: 'care@bookshop.example' });
    expect(await status()).toEqual({ configured: true, message: 'Letters go from care@bookshop.example, under the contact’s name.' });
    await signOff();
    expect((await send({ to: 'ada@example.com' })).status).toBe(200);
    const mail = await readMail(smtp.messages[0]!);
    expect(smtp.messages[0]!.mailFrom).toBe('care@bookshop.example');
    expect(mail.from?.value).toEqual([{ name: 'Jo Bloggs', address: 'care@bookshop.example' }]);
    expect(mail.replyTo?.value).toEqual([{ name: 'Jo Bloggs', address: 'jo.bloggs@example.com' }]);
  });

  it('refuses a letter that is not signed off (409), and sends nothing', async () => {
    const { send, lead, storedSends } = await setup();
    const res = await send({ to: 'ada@example.com' });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toEqual({ code: 'conflict', message: 'The letter is not signed off: the facilitator marks it ready to send first.' });
    expect(smtp.messages).toHaveLength(0);
    expect(lead.state()?.sentLetters).toEqual([]);
    expect(await storedSends()).toEqual([]);
  });

  it('refuses a letter edited after its sign-off (409): the customer gets only what was signed', async () => {
    const { send, lead, server, board, signOff } = await setup();
    await signOff();
    updateLetter(lead.doc, { text: `${LETTER}\n\nP.S. Sam says sorry too.` }, 'test');
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).letter.text).toMatch(/P\.S\./));
    const res = await send({ to: 'ada@example.com' });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toBe('The letter has changed since Fran Facilitator signed it off: read it again and sign it off before sending.');
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses a signed-off letter with a gap still to fill in (409): "[date]" never reaches a customer', async () => {
    const { send, lead, server, board, signOff, storedSends } = await setup();
    updateLetter(lead.doc, { text: LETTER.replace('by 2 December 2026', 'by [date]') }, 'test');
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).letter.text).toMatch(/\[date\]/));
    await signOff();
    const res = await send({ to: 'ada@example.com' });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toBe('The letter still has [date] to fill in: complete it, sign it off again, then send it.');
    expect(smtp.messages).toHaveLength(0);
    expect(await storedSends()).toEqual([]);
  });

  it('lets only the facilitator send (403 for an editor or a viewer; 401 without a token)', async () => {
    const { send, board, signOff } = await setup();
    await signOff();
    for (const role of ['editor', 'viewer'] as const) {
      const res = await send({ to: 'ada@example.com' }, board.tokens[role]);
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toEqual({ code: 'forbidden', message: 'Only the facilitator sends the letter: they signed it off.' });
    }
    expect((await send({ to: 'ada@example.com' }, 'not-a-token')).status).toBe(401);
    expect(smtp.messages).toHaveLength(0);
  });

  it('takes one e-mail address and nothing else (400)', async () => {
    const { send, signOff } = await setup();
    await signOff();
    for (const to of ['ada@example', 'Ada <ada@example.com>', 'ada@example.com\r\nBcc: eve@example.com', 'ada@example.com, eve@example.com', '']) {
      const res = await send({ to });
      expect(res.status, to).toBe(400);
      expect(await errorOf(res)).toEqual({ code: 'invalid-body', message: 'Give one e-mail address, like ada@example.com.', field: 'to' });
    }
    expect((await send({ to: 'ada@example.com', cc: 'eve@example.com' })).status).toBe(400);
    expect(smtp.messages).toHaveLength(0);
  });

  it('without SMTP_URL, says how to set it up (503) and sends nothing', async () => {
    const { send, status, signOff } = await setup({ smtpUrl: undefined });
    const told = await status();
    expect(told.configured).toBe(false);
    expect(told.message).toMatch(/^Sending by e-mail is not set up on this server\. .*SMTP_URL=smtps:\/\/user:password@smtp\.example\.com.*SMTP_FROM/);
    await signOff();
    const res = await send({ to: 'ada@example.com' });
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toEqual({ code: MailErrorCode.notConfigured, message: told.message });
  });

  it('answers 502 when the mail server refuses the letter, and records nothing', async () => {
    smtp.refuseRecipients = true;
    const { send, signOff, lead, storedSends } = await setup();
    await signOff();
    const res = await send({ to: 'ada@example.com' });
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.code).toBe(MailErrorCode.refused);
    expect(error.message).toMatch(/^The mail server refused the letter: 550 5\.1\.1 Mailbox unavailable/);
    expect(smtp.messages).toHaveLength(0);
    expect(await storedSends()).toEqual([]);
    expect(lead.state()?.sentLetters).toEqual([]);

    // The same letter goes once the mail server takes it.
    smtp.refuseRecipients = false;
    expect((await send({ to: 'ada@example.com' })).status).toBe(200);
    expect(await storedSends()).toHaveLength(1);
  });

  it('answers 502 when the mail server cannot be reached, without its address', async () => {
    const closed = new SMTPServer({ disabledCommands: ['STARTTLS'], logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(resolve));
    const { send, signOff, storedSends } = await setup({ smtpUrl: `smtp://127.0.0.1:${port}` });
    await signOff();
    const res = await send({ to: 'ada@example.com' });
    expect(res.status).toBe(502);
    const { message } = await errorOf(res);
    expect(message).toBe('The mail server could not be reached (ESOCKET): nothing was sent. Try again later, or ask whoever runs Whyboard to check SMTP_URL.');
    expect(await storedSends()).toEqual([]);
  });

  it('sends from a board nobody has open, records it in storage, and lets the room go again', async () => {
    const { lead, signOff, send, server, board, storedSends } = await setup({ idleMs: 50 });
    await signOff();
    lead.destroy();
    await vi.waitFor(() => expect(server.rooms.has(board.id)).toBe(false));

    expect((await send({ to: 'ada@example.com' })).status).toBe(200);
    expect(smtp.messages).toHaveLength(1);
    expect(await storedSends()).toHaveLength(1);
    await vi.waitFor(() => expect(server.rooms.has(board.id)).toBe(false));
    // Opened again, the board shows the letter as sent.
    const again = connectMeetingClient(server.url, board.id, board.tokens.viewer, 'Vic Viewer');
    cleanup.push(() => again.destroy());
    await vi.waitFor(() => expect(again.state()?.sentLetters.map((sent) => sent.to)).toEqual(['ada@example.com']));
  });

  it('keeps the sent copy when a new version is drafted, and sends the new version once signed off', async () => {
    const { lead, signOff, send, server, board, storedSends } = await setup();
    await signOff();
    expect((await send({ to: 'ada@example.com' })).status).toBe(200);
    // Draft a new version: the sign-off is withdrawn, the letter is edited.
    lead.send({ type: 'letter.signOff', ready: false });
    await vi.waitFor(() => expect(lead.state()?.signOff).toBeNull());
    expect(lead.state()?.sentLetters).toHaveLength(1);
    updateLetter(lead.doc, { text: LETTER.replace('I will call you by 2 December 2026', 'I will call you by 3 December 2026') }, 'test');
    await vi.waitFor(async () => expect((await server.rooms.snapshot(board.id)).letter.text).toMatch(/3 December/));
    expect((await send({ to: 'ada@example.com' })).status).toBe(409);
    await signOff();
    expect((await send({ to: 'ada.lovelace@example.org' })).status).toBe(200);
    const stored = await storedSends();
    expect(stored.map((sent) => sent.to)).toEqual(['ada@example.com', 'ada.lovelace@example.org']);
    expect(stored[0]!.text).toMatch(/by 2 December/);
    expect(stored[1]!.text).toMatch(/by 3 December/);
    expect((await readMail(smtp.messages[1]!)).text).toMatch(/by 3 December/);
  });
});

describe('the record of sent letters', () => {
  it('reads a meeting stored before letters were sent as having sent none, and leaves out a damaged entry', () => {
    const older = JSON.stringify({ phase: 'act', locked: false, signOff: { name: 'Fran', at: 1, letterHash: 'cafe0123' } });
    expect(parseMeeting(older).sentLetters).toEqual([]);
    expect(parseMeeting(older).signOff?.letterHash).toBe('cafe0123');
    const good = { at: 2, by: 'Fran', to: 'ada@example.com', letterHash: 'cafe0123', text: 'Dear Ada,' };
    expect(parseMeeting(JSON.stringify({ phase: 'act', sentLetters: [good, { at: 'soon' }, null] })).sentLetters).toEqual([good]);
    expect(parseMeeting(JSON.stringify({ phase: 'act', sentLetters: 'all of them' })).sentLetters).toEqual([]);
  });
});

describe('the subject', () => {
  it('names the complaint by the board’s title, or by its date when the title names a colleague or uses our jargon', () => {
    const board = readBoard(makeBoard('complaint > till 3 charged twice'));
    board.complaint.receivedAt = '2026-11-20';
    expect(subjectOf({ ...board, title: 'Charged twice for one book' }, [])).toBe('Your complaint: Charged twice for one book');
    expect(subjectOf({ ...board, title: 'Ada charged twice, Sam on till' }, ['Sam Staffer'])).toBe('Your complaint of 20 November 2026');
    expect(subjectOf({ ...board, title: 'RCA: double charge' }, [])).toBe('Your complaint of 20 November 2026');
    expect(subjectOf({ ...board, title: '', complaint: { ...board.complaint, receivedAt: '' } }, [])).toBe('Your complaint: our reply');
  });
});
