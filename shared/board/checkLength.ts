import { BoardError, BoardErrorCode } from './BoardError';

/** Throws a `too-long` BoardError naming the field when `value` is over `max`. */
export function checkLength(field: string, value: string, max: number): void {
  if (value.length > max) {
    throw new BoardError(BoardErrorCode.tooLong, `${field} is ${value.length} characters long; the limit is ${max}.`);
  }
}
