import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ApiErrorCode, type ApiError } from '../shared/protocol';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    /** Seconds after which trying again makes sense: sent as `Retry-After` (a 429 or a 503). */
    readonly retryAfter?: number,
    /** The methods the resource takes: sent as `Allow` (a 405). */
    readonly allow?: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** An error as the API answers it. */
export const errorBody = (error: HttpError): ApiError => ({
  error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
});

export function sendError(res: ServerResponse, error: HttpError): void {
  if (error.retryAfter !== undefined) res.setHeader('Retry-After', String(error.retryAfter));
  if (error.allow !== undefined) res.setHeader('Allow', error.allow);
  sendJson(res, error.status, errorBody(error));
}

/**
 * Reads a JSON request body of at most `limit` bytes, unparsed, into one buffer of its own (a chunk may share Node's
 * pool with other requests, so the bytes can be handed to a worker thread whole). Not JSON by its type: 400; larger:
 * 413; cut off before its end (the client went away, or was too slow and the server's requestTimeout already answered
 * 408): the client's 400, not an error line per slow client.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(400, ApiErrorCode.invalidBody, 'Send the body as JSON (Content-Type: application/json).');
  }
  const tooLarge = () => new HttpError(413, ApiErrorCode.bodyTooLarge, `The body is larger than ${limit} bytes.`);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).byteLength;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, ApiErrorCode.invalidBody, 'The body was cut off before its end.');
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** A 400 naming the first field that failed validation. */
export function invalidBody(issue: z.core.$ZodIssue): HttpError {
  // An unknown field is named where it is (`complaint.extra`), as a field that is wrong is.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const field = path.join('.') || undefined;
  const message = issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : issue.message;
  return new HttpError(400, ApiErrorCode.invalidBody, message, field);
}

/** Reads a JSON body of at most `limit` bytes (see `readBody`); a malformed one is a clear 400. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new HttpError(400, ApiErrorCode.invalidBody, 'The body is not valid JSON.');
  }
}

/** Who a request comes from, as far as budgets per client go. */
export const clientAddress = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/**
 * The id of a request, for its log lines and its `X-Request-Id` header: the one a proxy in front gave it (when it looks
 * like an id), or a new one.
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{8,64}$/.test(given) ? given : randomUUID();
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Headers for every response. The CSP allows inline style attributes because React Flow positions nodes with them;
 * scripts come only from this origin. `no-referrer` keeps board URLs out of other sites' logs.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * A signal that aborts when the response's connection closes before the response is sent: the client gave up (or went
 * away), so long work for it can stop (WorkPool.run's `signal`).
 */
export function whileConnected(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
