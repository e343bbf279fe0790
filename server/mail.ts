import nodemailer from 'nodemailer';

/** One e-mail of a customer letter: both bodies are the same letter (server/letterApi.ts builds them). */
export interface LetterMail {
  from: { name: string; address: string };
  /** Where the customer's answer goes (the contact), when it is not the From address. */
  replyTo?: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The mail server did not take the letter: it refused it, or could not be reached. Nothing was sent. */
export class MailRefused extends Error {}

export interface Mailer {
  /** Hands the letter to the mail server; resolves once it has taken it, or rejects with `MailRefused`. */
  send(mail: LetterMail): Promise<{ messageId: string }>;
}

/**
 * How long a send may wait on the mail server. nodemailer's defaults (2 minutes to connect, 10 of silence) would hold
 * the facilitator's request, and the board's send, for minutes when the server is down; a mail server answers in seconds.
 */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 } as const;

/** The SMTP reply or the network error nodemailer rejects with, read without trusting its shape. */
interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

/**
 * A mailer over `SMTP_URL` (a nodemailer URL: `smtps://user:password@smtp.example.com`). One connection per letter:
 * letters are rare, and a pool would hold a connection open to the mail server between them.
 */
export function createMailer(url: string): Mailer {
  return {
    async send(mail) {
      const transport = nodemailer.createTransport({ url, ...TIMEOUTS });
      try {
        const info = await transport.sendMail({
          from: mail.from,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
        return { messageId: info.messageId };
      } catch (error) {
        throw new MailRefused(refusal(error as SmtpFailure));
      } finally {
        transport.close();
      }
    },
  };
}

/** Why the mail server did not take a letter, in a sentence for the person sending it (never the server's address). */
function refusal({ code, responseCode, response }: SmtpFailure): string {
  if (typeof responseCode === 'number' && typeof response === 'string') {
    return `The mail server refused the letter: ${response.replace(/\s+/g, ' ').slice(0, 300)}`;
  }
  const reason = typeof code === 'string' ? ` (${code})` : '';
  return `The mail server could not be reached${reason}: nothing was sent. Try again later, or ask whoever runs Whyboard to check SMTP_URL.`;
}
