import { createHash, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';
import { ROLES, type Role } from '../shared/protocol';
import type { BoardRecord } from './storage/Storage';

/** 22 characters of nanoid's 64-letter alphabet: 132 random bits. */
export const newBoardId = (): string => nanoid(22);
/** 32 characters: 192 random bits. */
export const newToken = (): string => nanoid(32);

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The role a token grants on a board, compared in constant time (hashing first makes the lengths equal). */
export function roleForToken(record: BoardRecord, token: string | null | undefined): Role | undefined {
  if (!token) return undefined;
  const given = digest(token);
  let found: Role | undefined;
  for (const role of ROLES) {
    if (timingSafeEqual(given, digest(record.tokens[role])) && found === undefined) found = role;
  }
  return found;
}
