import { createHash, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';
import { BOARD_ROLE_IN_SPACE, ROLES, SPACE_ROLES, type Role, type SpaceRole } from '../shared/protocol';
import type { BoardRecord, SpaceRecord, Storage } from './storage/Storage';

/** 22 characters of nanoid's 64-letter alphabet: 132 random bits. */
export const newBoardId = (): string => nanoid(22);
/** 32 characters: 192 random bits. */
export const newToken = (): string => nanoid(32);

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether `given` is `secret`, compared in constant time. */
export const isSecret = (given: string | undefined, secret: string): boolean => given !== undefined && timingSafeEqual(digest(given), digest(secret));

/** Which of `tokens` is `token`, compared in constant time (hashing first makes the lengths equal). */
function match<R extends string>(tokens: Record<R, string>, roles: readonly R[], token: string | null | undefined): R | undefined {
  if (!token) return undefined;
  const given = digest(token);
  let found: R | undefined;
  for (const role of roles) {
    if (timingSafeEqual(given, digest(tokens[role])) && found === undefined) found = role;
  }
  return found;
}

/** The role a board's own token grants on it. */
export const roleForToken = (record: BoardRecord, token: string | null | undefined): Role | undefined => match(record.tokens, ROLES, token);

/** The role a space's token grants in it. */
export const spaceRoleForToken = (space: SpaceRecord, token: string | null | undefined): SpaceRole | undefined => match(space.tokens, SPACE_ROLES, token);

/** How a token opens a board: the role, and the space (and which of its links) when it is not one of the board's own. */
export interface BoardAccess {
  role: Role;
  spaceId?: string;
  spaceRole?: SpaceRole;
}

/**
 * What a token grants on a board: its own links' role, or, for a board in a team space, the space's links' (a member
 * opens every board of the space as an editor). The space is read only when the token is none of the board's.
 */
export async function boardAccess(storage: Pick<Storage, 'getSpace'>, record: BoardRecord, token: string | null | undefined): Promise<BoardAccess | undefined> {
  const own = roleForToken(record, token);
  if (own) return { role: own };
  if (!token || record.spaceId === undefined) return undefined;
  const space = await storage.getSpace(record.spaceId);
  const spaceRole = space && spaceRoleForToken(space, token);
  return spaceRole && { role: BOARD_ROLE_IN_SPACE[spaceRole], spaceId: record.spaceId, spaceRole };
}
