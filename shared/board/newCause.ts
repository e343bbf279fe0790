import * as Y from 'yjs';
import { nanoid } from 'nanoid';
import { BoardError, BoardErrorCode } from './BoardError';
import { checkLength } from './checkLength';
import type { TreeIndex } from './indexTree';
import { CauseKey, type CauseMap } from './layout';
import { Limits } from './limits';

export interface NewCauseInput {
  /** The answer to "why?"; often empty when the card is created and typed into next. */
  text?: string;
  /** Display name of whoever added it. */
  createdBy?: string;
  /** Lets tests and imports choose the id; a random one otherwise. */
  id?: string;
  /** When it was added (ms); now unless an import says otherwise. */
  createdAt?: number;
}

/** Inserts a cause under `parentId` at `order`. Callers run it inside their transaction, after validating the parent. */
export function newCause(index: TreeIndex, parentId: string, order: number, input: NewCauseInput): string {
  const text = input.text ?? '';
  checkLength('The answer', text, Limits.causeText);
  const live = [...index.causes.values()].filter((cause) => cause.get(CauseKey.deleted) !== true).length;
  if (live >= Limits.causes) {
    throw new BoardError(BoardErrorCode.tooManyCauses, `A board holds at most ${Limits.causes} causes.`);
  }
  const id = input.id ?? nanoid(12);
  if (index.causesMap.has(id)) throw new BoardError(BoardErrorCode.invalid, `A cause "${id}" exists already.`);
  const cause: CauseMap = new Y.Map();
  cause.set(CauseKey.parentId, parentId);
  cause.set(CauseKey.order, order);
  cause.set(CauseKey.text, new Y.Text(text));
  cause.set(CauseKey.isRoot, false);
  cause.set(CauseKey.status, 'hypothesis');
  cause.set(CauseKey.evidence, new Y.Text());
  cause.set(CauseKey.inControl, true);
  cause.set(CauseKey.escalation, new Y.Text());
  cause.set(CauseKey.deleted, false);
  cause.set(CauseKey.createdAt, input.createdAt ?? Date.now());
  cause.set(CauseKey.createdBy, (input.createdBy ?? '').slice(0, Limits.customer));
  index.causesMap.set(id, cause);
  return id;
}
