import * as Y from 'yjs';
import { BoardError } from '../../shared/board';
import { BoardFileError, importBoardFile } from '../../shared/boardFile';
import { ApiErrorCode } from '../../shared/protocol';
import { HttpError } from '../http';

/** A board file to import, as the request's bytes, and the origin its writes carry. */
export interface ImportJob {
  body: Uint8Array;
  origin: string;
}

/**
 * A board file's bytes as a new board's document (its whole state as one update), or a 400 naming the problem.
 * Parsing and checking a file of thousands of causes takes seconds: this runs in a worker thread (server/work/worker.ts).
 */
export function importBoard({ body, origin }: ImportJob): Uint8Array {
  let file: unknown;
  try {
    file = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new HttpError(400, ApiErrorCode.invalidBody, 'The body is not valid JSON.');
  }
  const doc = new Y.Doc();
  try {
    importBoardFile(doc, file, origin);
    return Y.encodeStateAsUpdate(doc);
  } catch (error) {
    if (error instanceof BoardFileError) throw new HttpError(400, ApiErrorCode.invalidBody, error.message, error.field);
    if (error instanceof BoardError) throw new HttpError(400, ApiErrorCode.invalidBody, error.message);
    throw error;
  } finally {
    doc.destroy();
  }
}
