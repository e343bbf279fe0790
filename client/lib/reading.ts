/**
 * Everything the board page reads text with, loaded after the page in one chunk of its own: the language tools
 * (winkNLP and its English model, chrono-node, franc), the coach's reading of answers, and the letter checks with their
 * phrase lists. The page paints without them; the coach checks the tree's shape until they arrive.
 */
import { causeReader } from '../../shared/coach/textChecks';
import * as language from '../../shared/language';

export { checkLetter } from '../../shared/letter/checks';
export { language };
export const causes = causeReader(language);
