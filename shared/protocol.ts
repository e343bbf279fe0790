/**
 * What travels between the client and the server: roles, message types, close codes, and the REST bodies.
 * The sync endpoint speaks the standard y-websocket protocol, so these message numbers are y-websocket's own.
 */
import type { z } from 'zod';
import type * as api from './apiSchemas';

export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a team space's links grant. The admin renames the space, replaces its links and takes boards out; a member
 * starts boards in it and opens each of its boards as an editor. Both see the space's views and exports.
 */
export const SPACE_ROLES = ['admin', 'member'] as const;
export type SpaceRole = (typeof SPACE_ROLES)[number];
/** The role a space's link grants on each of its boards. */
export const BOARD_ROLE_IN_SPACE: Record<SpaceRole, Role> = { admin: 'editor', member: 'editor' };

/** y-websocket's top-level message types (the first varuint of every frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Whyboard's own: the board's durable state vector (what is committed to storage), sent as what this connection
   * sent becomes durable; a client compares its own clock with it to say "Saved". Sent only to clients that ask for it
   * (`?ack=1`), since the stock client logs an error on message types it does not know.
   */
  stored: 100,
  /**
   * Whyboard's own: the meeting (phase, timer, votes…) as JSON, both ways: commands from clients, state from the
   * server (see shared/meeting). Sent only to clients that ask for it (`?meeting=1`).
   */
  meeting: 101,
  /**
   * Whyboard's own: whether the server can write the board to storage (a varuint, 1 or 0), sent when that changes
   * and on joining while it cannot. Edits stay live meanwhile; only "Saved" waits. Sent to clients that ask for acks.
   */
  storage: 102,
} as const;

/** What the server stamps on every awareness state: who this is, as far as the server knows. */
export interface PresenceUser {
  name: string;
  role: Role;
  color: string;
}

/** Limits on presence, per connection. */
export const AwarenessLimits = {
  /** Bytes of JSON in one awareness state (cursor, selection, name…). */
  stateBytes: 4 * 1024,
  /** Awareness messages a second, sustained; bursts up to `burst`. Cursors are sent at most 20 times a second. */
  perSecond: 30,
  burst: 60,
  nameLength: 40,
  /**
   * Bytes of awareness messages a second, whatever they carry: the stock client echoes every state it receives, which
   * costs nothing against `perSecond` but still has to be read.
   */
  bytesPerSecond: 256 * 1024,
  bytesBurst: 1024 * 1024,
} as const;

export const PRESENCE_COLORS = ['#4338ca', '#be123c', '#047857', '#b45309', '#7c3aed', '#0369a1', '#a21caf', '#4d7c0f'] as const;

/** Close codes the server uses, in the 4000–4999 range the WebSocket spec leaves to applications. */
export const CloseCode = {
  /** The frame could not be decoded: truncated, unknown type, or not binary. */
  malformedMessage: 4400,
  /** The token no longer grants access (for example, the link was rotated). */
  unauthorized: 4401,
  /** The board is gone. */
  boardNotFound: 4404,
  /** The board has reached its size limit: nothing more can be added to it. */
  boardFull: 4413,
  /** A change that does not fit a board (a value of the wrong kind, a text past its limit): refused, not stored. */
  invalidUpdate: 4422,
  /** Too much data arrived while the board was still loading, or it took too long: try again later (4500–4599 tells clients to retry). */
  bufferFull: 4503,
  /** More updates (or sync requests) a second than the limit: reconnect after a pause (the missed edits are sent again on reconnect). */
  tooManyUpdates: 4529,
  /** The connection does not read what it is sent fast enough: the server lets it go rather than buffer without end; reconnect. */
  tooSlow: 4508,
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** The board could not be loaded from storage (it is read again when the client reconnects). */
  loadFailed: 1011,
} as const;

/** The stable error ids the REST API answers with, next to a human message. */
export const ApiErrorCode = {
  invalidBody: 'invalid-body',
  bodyTooLarge: 'body-too-large',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  /** 409: the request conflicts with what is stored (a board that belongs to another space). */
  conflict: 'conflict',
  methodNotAllowed: 'method-not-allowed',
  /** 429: a per-address quota is spent; `Retry-After` says when to try again. */
  tooManyRequests: 'too-many-requests',
  /** 400 or 421: the `Host` header is malformed, or names a host this server does not answer to. */
  unknownHost: 'unknown-host',
  /** 503: the server is busy with other long work (exports, imports), or this work passed its budget: try again, or smaller. */
  busy: 'busy',
  internal: 'internal',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/*
 * The REST bodies' types, each the type of its schema in ./apiSchemas (the OpenAPI document's source), imported as
 * types only: the board page's bundle does without zod. The request bodies the browser checks are in ./schemas.
 */
export type { CreateBoardBody } from './schemas';
type Of<S extends z.ZodType> = z.output<S>;
export type ApiError = Of<typeof api.ApiErrorSchema>;
export type BoardLinks = Of<typeof api.BoardLinksSchema>;
/**
 * `GET /api/boards/:id/links`: the board's links this token may pass on. A team space's link passes on none of the
 * board's own (whoever leaves the space must not keep the board): `viaSpace` says so.
 */
export type BoardLinksView = Of<typeof api.BoardLinksViewSchema>;
export type CreateBoardResponse = Of<typeof api.CreateBoardResponseSchema>;
/** `POST /api/boards/:id/links/:role/rotate`: the role's new link (the old one no longer works). */
export type RotatedLink = Of<typeof api.RotatedLinkSchema>;
/** `POST /api/spaces/:id/links/:role/rotate`: the space's new link for the role (the old one no longer works). */
export type RotatedSpaceLink = Of<typeof api.RotatedSpaceLinkSchema>;
/** `POST /api/spaces`: the new space and its two links (shown once to whoever made it, like a board's). */
export type CreateSpaceResponse = Of<typeof api.CreateSpaceResponseSchema>;
/** `GET /api/spaces/:id/links`. */
export type SpaceLinksView = Of<typeof api.SpaceLinksViewSchema>;
export type BoardSummary = Of<typeof api.BoardSummarySchema>;
/** Where the customer letter stands. */
export type LetterState = Of<typeof api.LetterStateSchema>;
/** A board's corrective, preventive and containment actions, counted (`overdue` are open ones past their due date). */
export type ActionCounts = Of<typeof api.ActionCountsSchema>;
/** A board as a space lists it: its summary, with the complaint's customer, channel and date, without its words. */
export type SpaceBoard = Of<typeof api.SpaceBoardSchema>;
/** `GET /api/spaces/:id/actions`: every live action of every board of the space, overdue first. */
export type SpaceAction = Of<typeof api.SpaceActionSchema>;
/**
 * `GET /api/spaces/:id/recurring`: root causes that come back across boards, and customers who came back. A group is
 * `themed` when the teams gave its causes one theme; otherwise it is a suggestion: causes worded alike, to confirm by
 * giving them one theme.
 */
export type SpaceRecurring = Of<typeof api.SpaceRecurringSchema>;
/** `GET /api/spaces/:id`: the space and its boards, oldest first. */
export type SpaceView = Of<typeof api.SpaceViewSchema>;
/** `POST /api/boards/:id/letter/send` (the facilitator's): e-mails the signed-off letter to `to`. */
export type SendLetterBody = z.input<typeof api.SendLetterBodySchema>;
/** `GET /api/boards/:id/letter/send`: whether this server sends letters by e-mail, and if not, how to set it up. */
export type LetterMailStatus = Of<typeof api.LetterMailStatusSchema>;

/** Where an analysis stands, in the order a complaint moves through them. */
export const BOARD_STATES = ['analysing', 'rootCause', 'actionsOpen', 'signedOff', 'sent', 'closed'] as const;
export type BoardState = (typeof BOARD_STATES)[number];
export const BOARD_STATE_LABELS: Readonly<Record<BoardState, string>> = {
  analysing: 'Analysing',
  rootCause: 'Root cause confirmed',
  actionsOpen: 'Actions open',
  signedOff: 'Letter signed off',
  sent: 'Letter sent',
  closed: 'Closed',
};

/** The path of a board page; its token travels in the fragment, which browsers never send to a server. */
export const boardPath = (id: string) => `/b/${encodeURIComponent(id)}`;
export const boardLink = (origin: string, id: string, token: string) => `${origin}${boardPath(id)}#token=${encodeURIComponent(token)}`;
export const spacePath = (id: string) => `/s/${encodeURIComponent(id)}`;
export const spaceLink = (origin: string, id: string, token: string) => `${origin}${spacePath(id)}#token=${encodeURIComponent(token)}`;
/** The board a path is the page of (`boardPath`'s reverse), if it is one. */
export const boardIdInPath = (pathname: string): string | undefined => /^\/b\/([A-Za-z0-9_-]+)\/?$/.exec(pathname)?.[1];
/** The space a path is the page of (`spacePath`'s reverse), if it is one. */
export const spaceIdInPath = (pathname: string): string | undefined => /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(pathname)?.[1];

/** The errors of sending a letter beside `ApiErrorCode`'s, in the same `{ error: { code, message } }` body. */
export const MailErrorCode = {
  /** 503: the server has no `SMTP_URL`; the message says how to set it. */
  notConfigured: 'mail-not-configured',
  /** 502: the mail server refused the letter or could not be reached; nothing was sent or recorded. */
  refused: 'mail-refused',
} as const;
export type MailErrorCode = (typeof MailErrorCode)[keyof typeof MailErrorCode];
