/** Why an operation refused to change the board. Stable ids: the UI and the API map them to messages. */
export const BoardErrorCode = {
  unknownCause: 'unknown-cause',
  unknownAction: 'unknown-action',
  tooManyActions: 'too-many-actions',
  tooLong: 'too-long',
  cycle: 'cycle',
  tooManyCauses: 'too-many-causes',
  invalid: 'invalid',
} as const;
export type BoardErrorCode = (typeof BoardErrorCode)[keyof typeof BoardErrorCode];

export class BoardError extends Error {
  constructor(
    readonly code: BoardErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BoardError';
  }
}
