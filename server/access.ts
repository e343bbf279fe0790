/**
 * Who a request is, as far as a board or a space goes: its bearer token checked against the one it names. The router
 * asks this for every operation whose `auth` is `board` or `space` (server/router.ts), before its handler runs, so
 * what the API document says an operation needs is what it enforces.
 */
import type { IncomingMessage } from 'node:http';
import { ApiErrorCode, type SpaceRole } from '../shared/protocol';
import { HttpError, bearerToken } from './http';
import type { BoardRecord, SpaceRecord, Storage } from './storage/Storage';
import { boardAccess, spaceRoleForToken, type BoardAccess } from './tokens';

/** A board and what the request's token grants on it: its role, and the space link it is, if one. */
export type BoardGrant = { record: BoardRecord } & BoardAccess;

/** A space and the role the request's token grants in it. */
export interface SpaceGrant {
  space: SpaceRecord;
  role: SpaceRole;
}

/** The board and what the request's bearer token grants on it, or 404 / 401. */
export async function boardGrant(req: IncomingMessage, boardId: string, storage: Storage): Promise<BoardGrant> {
  const record = await storage.getBoard(boardId);
  if (!record) throw new HttpError(404, ApiErrorCode.notFound, 'There is no such board.');
  const access = await boardAccess(storage, record, bearerToken(req));
  if (!access) throw new HttpError(401, ApiErrorCode.unauthorized, 'This board needs a valid token: Authorization: Bearer <token>.');
  return { record, ...access };
}

/** The space and the role the request's bearer token grants in it, or 404 / 401. */
export async function spaceGrant(req: IncomingMessage, spaceId: string, storage: Storage): Promise<SpaceGrant> {
  const space = await storage.getSpace(spaceId);
  if (!space) throw new HttpError(404, ApiErrorCode.notFound, 'There is no such space.');
  const role = spaceRoleForToken(space, bearerToken(req));
  if (!role) throw new HttpError(401, ApiErrorCode.unauthorized, 'This space needs a valid token: Authorization: Bearer <token>.');
  return { space, role };
}

/** The space, when the grant is its admin's; a 403 otherwise. */
export function adminOnly({ space, role }: SpaceGrant): SpaceRecord {
  if (role !== 'admin') throw new HttpError(403, ApiErrorCode.forbidden, "Only the space's admin can do this.");
  return space;
}
