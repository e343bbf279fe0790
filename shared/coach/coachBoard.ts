import { pathTo } from '../board/chainsToRoots';
import { quote } from '../board/questionFor';
import type { BoardSnapshot, CauseSnapshot } from '../board/readBoard';
import { CoachCheck, CoachMessage } from './messages';
import type { CauseReader } from './textChecks';

/** One piece of advice from the coach, pointing at the card it is about. */
export interface Hint {
  check: CoachCheck;
  causeId: string;
  message: string;
}

/** The method asks why at least five times before a root cause. */
export const MIN_ROOT_DEPTH = 5;

/**
 * The method coach: live, non-blocking checks of the board against the Five Whys method, in reading order. Pure; cheap
 * enough to run on every change (about linear in the number of causes). Ruled-out causes are left alone. What the
 * answers say (blame, restatement, two causes in one, the same cause twice) is read by `reader` (`causeReader` of the
 * language tools); without it (while the browser loads their chunk) only the shape of the tree is checked.
 */
export function coachBoard(board: BoardSnapshot, fullReader?: CauseReader): Hint[] {
  const reader = fullReader && remembering(fullReader);
  const hints: Hint[] = [];
  const names = new Set(board.causeIds.map((id) => board.causes[id]!.createdBy).filter(Boolean));
  const add = (check: CoachCheck, cause: CauseSnapshot, message: string) => hints.push({ check, causeId: cause.id, message });
  const said = new Map<string, Set<string>>();

  for (const id of board.causeIds) {
    const cause = board.causes[id]!;
    if (cause.status === 'ruledOut') continue;
    const text = cause.text.trim();
    if (!text) {
      add(CoachCheck.emptyAnswer, cause, CoachMessage.emptyAnswer());
      continue;
    }
    const effect = cause.parentId === 'complaint' ? board.complaint.text : (board.causes[cause.parentId]?.text ?? '');
    const liveChildren = cause.childIds.filter((child) => board.causes[child]!.status !== 'ruledOut');

    if (cause.isRoot && cause.depth < MIN_ROOT_DEPTH) add(CoachCheck.shallowRoot, cause, CoachMessage.shallowRoot(cause.depth));
    if (!cause.isRoot && liveChildren.length === 0) add(CoachCheck.keepDigging, cause, CoachMessage.keepDigging());
    if (reader) {
      const blame = reader.blamesPerson(text, names);
      if (blame) add(CoachCheck.blamesPerson, cause, CoachMessage.blamesPerson(blame));
      if (reader.restates(text, effect)) add(CoachCheck.restatesParent, cause, CoachMessage.restatesParent(quote(effect)));
      const joiner = reader.bundlesCauses(text);
      if (joiner) add(CoachCheck.bundlesCauses, cause, CoachMessage.bundlesCauses(joiner));
      said.set(id, reader.meanings(text));
    }
    // A hypothesis is a guess to check, and says so; a cause marked confirmed must say how we know.
    if (cause.status === 'confirmed' && !cause.evidence.trim()) add(CoachCheck.noEvidence, cause, CoachMessage.noEvidence());
    if (cause.isRoot && cause.status !== 'confirmed') add(CoachCheck.unconfirmedRoot, cause, CoachMessage.unconfirmedRoot());
    if (cause.isRoot && !cause.inControl && !cause.escalation.trim()) add(CoachCheck.outsideControl, cause, CoachMessage.outsideControl());
  }

  for (const [id, twin] of reader ? sameCauses(board, said, reader) : [])
    add(CoachCheck.duplicateCause, board.causes[id]!, CoachMessage.duplicateCause(board.causes[twin]!.depth, quote(board.causes[twin]!.text)));
  const order = new Map(board.causeIds.map((id, i) => [id, i]));
  return hints.sort((a, b) => order.get(a.causeId)! - order.get(b.causeId)!);
}

/** A meaning said by more causes than this tells too little to look for twins by (every card says "customer"). */
const COMMON = 100;

/**
 * Each cause with another in a different branch that says the same (`reader.sayTheSame`), found through an index of
 * who says what, so that a board of 1,000 causes is not 1,000,000 comparisons.
 */
function sameCauses(board: BoardSnapshot, said: Map<string, Set<string>>, reader: CauseReader): Array<[string, string]> {
  const sayers = new Map<string, string[]>();
  for (const [id, meanings] of said) {
    for (const meaning of meanings) {
      const ids = sayers.get(meaning);
      if (ids) ids.push(id);
      else sayers.set(meaning, [id]);
    }
  }
  const twins: Array<[string, string]> = [];
  for (const [id, meanings] of said) {
    const candidates = new Set<string>();
    for (const meaning of meanings) {
      const ids = sayers.get(meaning)!;
      if (ids.length <= COMMON) for (const other of ids) if (other !== id) candidates.add(other);
    }
    const ancestors = new Set(pathTo(board, id));
    const twin = [...candidates].find((other) => reader.sayTheSame(meanings, said.get(other)!) && !ancestors.has(other) && !pathTo(board, other).includes(id));
    if (twin) twins.push([id, twin]);
  }
  return twins;
}

/** Answers read and remembered, per reader: a board is coached at every keystroke, and one card changes at a time. */
const memories = new WeakMap<CauseReader, CauseReader>();
/** Each memory forgets everything past this many answers (a long meeting types many versions of each). */
const REMEMBERED = 20_000;

/** `reader`, remembering what it read (by the text, and what the text is compared with). */
function remembering(reader: CauseReader): CauseReader {
  const known = memories.get(reader);
  if (known) return known;
  const memory = () => {
    const seen = new Map<string, unknown>();
    return <T>(key: string, read: () => T): T => {
      if (seen.has(key)) return seen.get(key) as T;
      if (seen.size >= REMEMBERED) seen.clear();
      const value = read();
      seen.set(key, value);
      return value;
    };
  };
  const [restates, bundles, meanings] = [memory(), memory(), memory()];
  // Who may be blamed changes rarely (a new person adds a card): one memory per set of names, the last one kept.
  let blames = { names: '', memory: memory() };
  let lastNames: Iterable<string> | undefined;
  const remembered: CauseReader = {
    blamesPerson: (text, names) => {
      // One set of names per coaching of the board: its key is made once, not once per card.
      if (names !== lastNames) {
        lastNames = names;
        const key = JSON.stringify([...names].sort());
        if (key !== blames.names) blames = { names: key, memory: memory() };
      }
      return blames.memory(text, () => reader.blamesPerson(text, names));
    },
    restates: (answer, effect) => restates(JSON.stringify([answer, effect]), () => reader.restates(answer, effect)),
    bundlesCauses: (text) => bundles(text, () => reader.bundlesCauses(text)),
    meanings: (text) => meanings(text, () => reader.meanings(text)),
    sayTheSame: (a, b) => reader.sayTheSame(a, b),
  };
  memories.set(reader, remembered);
  return remembered;
}
