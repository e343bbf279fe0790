/**
 * What travels between the client and the server: roles, message types, close codes, and the REST bodies.
 * The sync endpoint speaks the standard y-websocket protocol, so these message numbers are y-websocket's own.
 */
import type { ActionKind, ActionStatus, CheckResult } from './board/layout';

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

export interface ApiError {
  error: { code: ApiErrorCode; message: string; field?: string };
}

// The request body's schema is in ./schemas (zod), so the board page's bundle does without zod.
export type { CreateBoardBody } from './schemas';

export interface BoardLinks {
  facilitator?: string;
  editor?: string;
  viewer?: string;
}

/**
 * `GET /api/boards/:id/links`: the board's links this token may pass on. A team space's link passes on none of the
 * board's own (whoever leaves the space must not keep the board): `viaSpace` says so.
 */
export interface BoardLinksView {
  role: Role;
  links: BoardLinks;
  viaSpace: boolean;
  /** The team space the board belongs to, if any: the board's page leads back to it. */
  space?: { id: string; name: string };
}

export interface CreateBoardResponse {
  id: string;
  tokens: Record<Role, string>;
  links: Record<Role, string>;
}

/** `POST /api/boards/:id/links/:role/rotate`: the role's new link (the old one no longer works). */
export interface RotatedLink {
  role: Role;
  link: string;
  token: string;
}

/** `POST /api/spaces/:id/links/:role/rotate`: the space's new link for the role (the old one no longer works). */
export interface RotatedSpaceLink {
  role: SpaceRole;
  link: string;
  token: string;
}

/** `POST /api/spaces`: the new space and its two links (shown once to whoever made it, like a board's). */
export interface CreateSpaceResponse {
  id: string;
  name: string;
  tokens: Record<SpaceRole, string>;
  links: Record<SpaceRole, string>;
}

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

/** Where the customer letter stands. */
export type LetterState = 'none' | 'draft' | 'signedOff' | 'sent';

/** A board's corrective, preventive and containment actions, counted (`overdue` are open ones past their due date). */
export interface ActionCounts {
  open: number;
  overdue: number;
  done: number;
  verified: number;
}

/** A board as a space lists it: its summary, with the complaint's customer, channel and date, without its words. */
export type SpaceBoard = Omit<BoardSummary, 'role' | 'complaint'> &
  Pick<BoardSummary['complaint'], 'customer' | 'channel' | 'receivedAt'> & {
    state: BoardState;
    /** An action was checked and did not work, and no action has been agreed since: the analysis is open again. */
    reopened: boolean;
    /** When the board's first root cause was marked (ISO time), or null. */
    rootCauseAt: string | null;
    actions: ActionCounts;
    letter: LetterState;
  };

/** `GET /api/spaces/:id/actions`: every live action of every board of the space, overdue first. */
export interface SpaceAction {
  boardId: string;
  boardTitle: string;
  customer: string;
  id: string;
  /** The root cause it addresses, in the team's words. */
  causeText: string;
  kind: ActionKind;
  text: string;
  owner: string;
  /** `YYYY-MM-DD` or empty. */
  due: string;
  status: ActionStatus;
  /** When its effectiveness is to be checked (`YYYY-MM-DD` or empty), what the check found, and how it was checked. */
  checkBy: string;
  checkResult: CheckResult;
  checkNote: string;
  /** Open (or in progress) and past its due date. */
  overdue: boolean;
  /** Its check date has come and it has no result yet. */
  checkDue: boolean;
}

/**
 * `GET /api/spaces/:id/recurring`: root causes that come back across boards, and customers who came back. A group is
 * `themed` when the teams gave its causes one theme; otherwise it is a suggestion: causes worded alike, to confirm by
 * giving them one theme.
 */
export interface SpaceRecurring {
  causes: Array<{
    /** The theme, or for a suggestion the theme one of them has, else the shortest wording. */
    label: string;
    themed: boolean;
    causes: Array<{ boardId: string; boardTitle: string; customer: string; causeId: string; text: string; theme: string }>;
  }>;
  customers: Array<{ customer: string; boards: Array<{ boardId: string; boardTitle: string; receivedAt: string; createdAt: string }> }>;
}

/** `GET /api/spaces/:id`: the space and its boards, oldest first. */
export interface SpaceView {
  id: string;
  name: string;
  role: SpaceRole;
  boards: SpaceBoard[];
}

export interface BoardSummary {
  id: string;
  title: string;
  role: Role;
  complaint: { text: string; customer: string; channel: string; receivedAt: string };
  causeCount: number;
  rootCauses: Array<{ id: string; text: string; depth: number }>;
  createdAt: string;
  updatedAt: string;
}

/** The path of a board page; its token travels in the fragment, which browsers never send to a server. */
export const boardPath = (id: string) => `/b/${encodeURIComponent(id)}`;
export const boardLink = (origin: string, id: string, token: string) => `${origin}${boardPath(id)}#token=${encodeURIComponent(token)}`;
export const spacePath = (id: string) => `/s/${encodeURIComponent(id)}`;
export const spaceLink = (origin: string, id: string, token: string) => `${origin}${spacePath(id)}#token=${encodeURIComponent(token)}`;
/** The board a path is the page of (`boardPath`'s reverse), if it is one. */
export const boardIdInPath = (pathname: string): string | undefined => /^\/b\/([A-Za-z0-9_-]+)\/?$/.exec(pathname)?.[1];
/** The space a path is the page of (`spacePath`'s reverse), if it is one. */
export const spaceIdInPath = (pathname: string): string | undefined => /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(pathname)?.[1];

/** `POST /api/boards/:id/letter/send` (the facilitator's): e-mails the signed-off letter to `to`. */
export interface SendLetterBody {
  /** One e-mail address. */
  to: string;
  /** Who sends it, as they go by on the board (recorded with the send). */
  name?: string;
}

/** `GET /api/boards/:id/letter/send`: whether this server sends letters by e-mail, and if not, how to set it up. */
export interface LetterMailStatus {
  configured: boolean;
  /** Where letters go from when configured; otherwise what to set, in a sentence or two. */
  message: string;
}

/** The errors of sending a letter beside `ApiErrorCode`'s, in the same `{ error: { code, message } }` body. */
export const MailErrorCode = {
  /** 503: the server has no `SMTP_URL`; the message says how to set it. */
  notConfigured: 'mail-not-configured',
  /** 502: the mail server refused the letter or could not be reached; nothing was sent or recorded. */
  refused: 'mail-refused',
} as const;
export type MailErrorCode = (typeof MailErrorCode)[keyof typeof MailErrorCode];
