import * as Y from 'yjs';
import type { z } from 'zod';
import { ApiErrorSchema, LetterMailStatusSchema, SendLetterBodySchema, SentLetterSchema } from '../shared/apiSchemas';
import { readBoard, stripBidiControls, type BoardSnapshot } from '../shared/board';
import { internalLeaks, placeholdersIn, staffNames } from '../shared/letter';
import { MAX_SENT_LETTERS, findEmailAddress, participantNames, recordSentLetter, type SentLetter } from '../shared/meeting';
import { ApiErrorCode, MailErrorCode } from '../shared/protocol';
import { letterText, longDate, textHash } from '../shared/report';
import { BoardIdParam, type ApiContext } from './api';
import { HttpError, clientAddress } from './http';
import { MailRefused, createMailer, type LetterMail } from './mail';
import { operation } from './router';
import { cleanName } from './stampAwareness';

/** What the facilitator, and whoever runs the server, is told when the server has no mail server. */
export const MAIL_SETUP =
  'Sending by e-mail is not set up on this server. Whoever runs Whyboard sets SMTP_URL to the mail server ' +
  '(SMTP_URL=smtps://user:password@smtp.example.com), and SMTP_FROM to the address letters go from if that mail server ' +
  'requires one, then restarts it. Until then, export the letter (Export → Letter) and send it yourself.';

/** Boards sending a letter now, on this instance: a second click while the first send is out gets a 409, not a second e-mail. */
const sending = new Set<string>();

/** An error of the mail, in the API's error body (its codes are `MailErrorCode`, beside `ApiErrorCode`'s). */
class MailError extends Error {
  constructor(
    readonly status: 502 | 503,
    readonly code: MailErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const LETTER_SEND = '/api/boards/{board}/letter/send';

/**
 * `/api/boards/:id/letter/send`. `GET` (any role): whether this server sends letters by e-mail. `POST {to, name?}`
 * (the facilitator's, who signed the letter off): e-mails the signed-off letter, plain text and HTML (the letter
 * export's own HTML), then records who sent it, when and to which address in the board's meeting, which every
 * connection sees at once.
 */
export const letterOperations = [
  operation({
    method: 'GET',
    path: LETTER_SEND,
    id: 'getLetterMail',
    tag: 'Letters',
    summary: 'Whether this server sends letters by e-mail, and if not, how whoever runs it sets that up.',
    auth: 'board',
    params: { board: BoardIdParam },
    answers: { 200: { description: 'Whether letters go by e-mail.', json: LetterMailStatusSchema } },
    async handle({ context, json }) {
      const { smtpUrl, smtpFrom } = context.mail;
      json(
        200,
        smtpUrl
          ? {
              configured: true,
              message: smtpFrom ? `Letters go from ${smtpFrom}, under the contact’s name.` : 'Letters go from the contact’s own e-mail address.',
            }
          : { configured: false, message: MAIL_SETUP },
      );
    },
  }),
  operation({
    method: 'POST',
    path: LETTER_SEND,
    id: 'sendLetter',
    tag: 'Letters',
    summary: 'E-mails the signed-off letter to the customer, and records the send on the board.',
    description: "The facilitator's. Refused (409) while the letter is not signed off, has changed since, or still has a gap to fill in.",
    auth: 'board',
    params: { board: BoardIdParam },
    body: SendLetterBodySchema,
    answers: {
      200: { description: 'The letter as sent, and when.', json: SentLetterSchema },
      502: { description: 'The mail server refused the letter or did not answer (`mail-refused`): nothing was sent or recorded.', json: ApiErrorSchema },
      503: {
        description:
          'This server has no mail server (`mail-not-configured`): the message says how to set one. Or the server is busy (`busy`, with `Retry-After`).',
        json: ApiErrorSchema,
      },
    },
    errors: {
      403: "Only the facilitator sends the letter: it is the facilitator's to sign off.",
      409: 'The letter is not signed off, has changed since, still has a gap to fill in, has no sender, has been sent as many times as a board records (10), or is being sent right now.',
    },
    async handle({ req, grant: { record, role }, context, body, json }) {
      if (role !== 'facilitator') throw new HttpError(403, ApiErrorCode.forbidden, 'Only the facilitator sends the letter: they signed it off.');
      const { smtpUrl, smtpFrom } = context.mail;
      try {
        if (!smtpUrl) throw new MailError(503, MailErrorCode.notConfigured, MAIL_SETUP);
        const data = await body();
        if (sending.has(record.id)) throw new HttpError(409, ApiErrorCode.conflict, 'This letter is being sent right now.');
        sending.add(record.id);
        try {
          json(200, await send(record.id, data, { smtpUrl, smtpFrom }, context, clientAddress(req)));
        } finally {
          sending.delete(record.id);
        }
      } catch (error) {
        if (!(error instanceof MailError)) throw error;
        json(error.status, { error: { code: error.code, message: error.message } });
      }
    },
  }),
];

/**
 * Checks the letter against its sign-off, sends it, and records the send. Done in the board's room (opened for it if
 * nobody is on the board), whose meeting is the one everyone sees: recorded there, the send reaches every connection
 * and every other instance, and is stored.
 */
async function send(
  boardId: string,
  { to, name }: z.output<typeof SendLetterBodySchema>,
  { smtpUrl, smtpFrom }: { smtpUrl: string; smtpFrom: string | undefined },
  { rooms, work, logger }: ApiContext,
  owner: string,
): Promise<SentLetter> {
  const room = rooms.get(boardId);
  try {
    await room.loaded;
    const meeting = room.meetingState;
    const { signOff } = meeting;
    if (!signOff) throw new HttpError(409, ApiErrorCode.conflict, 'The letter is not signed off: the facilitator marks it ready to send first.');
    if (meeting.sentLetters.length >= MAX_SENT_LETTERS) {
      throw new HttpError(409, ApiErrorCode.conflict, `This board has sent its letter ${MAX_SENT_LETTERS} times, as many as one board records.`);
    }
    const board = readBoard(room.doc);
    const participants = participantNames(meeting);
    const text = letterText(board, participants);
    const letterHash = textHash(text);
    if (letterHash !== signOff.letterHash) {
      throw new HttpError(
        409,
        ApiErrorCode.conflict,
        `The letter has changed since ${signOff.name} signed it off: read it again and sign it off before sending.`,
      );
    }
    // Sent, it cannot be taken back: a letter with a gap still to fill in ("[date]") never leaves.
    const unfilled = placeholdersIn(text);
    if (unfilled.length > 0) {
      throw new HttpError(
        409,
        ApiErrorCode.conflict,
        `The letter still has ${unfilled.slice(0, 3).join(', ')} to fill in: complete it, sign it off again, then send it.`,
      );
    }
    const contactAddress = findEmailAddress(board.letter.contactReach);
    const fromAddress = smtpFrom ?? contactAddress;
    if (!fromAddress) {
      throw new HttpError(
        409,
        ApiErrorCode.conflict,
        'The letter has no sender: write the contact’s e-mail address under “How to reach them”, or set SMTP_FROM on the server.',
      );
    }
    // The HTML is the letter export's own (read from the same state as the text, in a worker thread); the plain text is
    // the letter itself, without direction controls, as every rendering of it.
    const now = Date.now();
    const updates = [Y.encodeStateAsUpdate(room.doc)];
    const { body } = await work.run('export', { name: 'letter.html', updates, participants, signOff, now, paper: 'A4' }, { owner });
    const contactName = stripBidiControls(board.letter.contactName).replace(/\s+/g, ' ').trim();
    const mail: LetterMail = {
      from: { name: contactName, address: fromAddress },
      ...(contactAddress && contactAddress !== fromAddress ? { replyTo: { name: contactName, address: contactAddress } } : {}),
      to,
      subject: subjectOf(board, participants),
      text: `${stripBidiControls(text).trim()}\n`,
      html: new TextDecoder().decode(body),
    };
    try {
      const { messageId } = await createMailer(smtpUrl).send(mail);
      logger.info('letter.sent', { board: boardId, messageId });
    } catch (error) {
      if (!(error instanceof MailRefused)) throw error;
      logger.warn('letter.refused', { board: boardId, error: error.message });
      throw new MailError(502, MailErrorCode.refused, error.message);
    }
    const sent: SentLetter = { at: Date.now(), by: name?.trim() ? cleanName(name) : 'The facilitator', to, letterHash, text: mail.text };
    await room.changeMeeting((current) => recordSentLetter(current, sent), { name: sent.by, role: 'facilitator' });
    return sent;
  } finally {
    // A room opened for this request, with nobody on the board, is let go after the idle time, as when the last person leaves.
    if (room.connections.size === 0) room.onEmpty?.();
  }
}

/**
 * The e-mail's subject: the complaint as the board names it, in the customer's terms. A title that names a colleague
 * or uses our jargon (the letter's own check) gives way to the complaint's date: the subject is the first thing the
 * customer reads.
 * @example subjectOf(board) // 'Your complaint: Charged twice for one book'
 */
export function subjectOf(board: BoardSnapshot, participants: string[]): string {
  const title = stripBidiControls(board.title).replace(/\s+/g, ' ').trim();
  const leaks = title ? internalLeaks(title, { staffNames: staffNames(board, participants), contactName: board.letter.contactName }) : [];
  if (title && leaks.length === 0) return `Your complaint: ${title}`;
  const { receivedAt } = board.complaint;
  return receivedAt ? `Your complaint of ${longDate(receivedAt, board.dateStyle)}` : 'Your complaint: our reply';
}
