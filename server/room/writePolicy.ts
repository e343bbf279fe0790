import type { Role } from '../../shared/protocol';
import { isEmptyUpdate } from './frames';

/** What becomes of a connection's update: applied, dropped silently, or refused because the board is locked. */
export type WriteVerdict = 'apply' | 'ignore' | 'locked';

/**
 * Who may change the board, decided by the server whatever the client shows: viewers never (their sync step 2 too:
 * offline edits travel in it), editors not while the facilitator has locked the board (their changes stay on their
 * devices, asked for again on unlock), the facilitator always. An update with nothing in it changes nothing.
 */
export function judgeWrite(role: Role, locked: boolean, update: Uint8Array): WriteVerdict {
  if (role === 'viewer' || isEmptyUpdate(update)) return 'ignore';
  if (locked && role === 'editor') return 'locked';
  return 'apply';
}
