import * as Y from 'yjs';
import { BoardError, BoardErrorCode } from './BoardError';
import { checkLength } from './checkLength';
import { CauseKey, getCauses } from './layout';
import { Limits } from './limits';
import { replaceText } from './replaceText';

/**
 * Sets a cause's answer, editing its Y.Text in place so concurrent typing in the same card merges.
 * Cheap on purpose (no tree walk): it runs on every keystroke.
 */
export function editCause(doc: Y.Doc, id: string, text: string, origin: unknown): void {
  checkLength('The answer', text, Limits.causeText);
  doc.transact(() => {
    const cause = getCauses(doc).get(id);
    const ytext = cause instanceof Y.Map ? cause.get(CauseKey.text) : undefined;
    if (!(ytext instanceof Y.Text)) throw new BoardError(BoardErrorCode.unknownCause, `There is no cause "${id}" on this board.`);
    replaceText(ytext, text);
  }, origin);
}
