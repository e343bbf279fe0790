import { meanings } from '../../shared/coach';
import * as language from '../../shared/language';
import { readSpaceContent, type LetterRecord, type SpaceContent } from '../../shared/space/content';
import { readStored, type ReadJob } from './readStored';

/** A board of a space to read: its updates, and what its meeting says of the letter. */
export interface SpaceContentJob extends ReadJob {
  letter: LetterRecord;
}

/**
 * What a space shows of each board, read in a worker thread: the coach's reading of root causes (to group those that
 * say the same thing) needs the language model, which only the worker threads load.
 */
export const readSpaceContents = (boards: SpaceContentJob[]): SpaceContent[] =>
  boards.map((job) => readSpaceContent(readStored(job), job.letter, (text) => meanings(text, language)));
