export * from './layout';
export * from './limits';
export * from './BoardError';
export { stripBidiControls } from './bidi';
export { initBoard, type NewBoardInput } from './initBoard';
export { MIGRATIONS, migrateBoard, type Migrated, type Migration } from './migrations';
export { updateComplaint, checkDate, type ComplaintFields } from './updateComplaint';
export { DATE_PATTERN, isCalendarDay } from './calendarDay';
export { addAction, updateAction, deleteAction, type ActionFields } from './actions';
export { updateLetter, type LetterFields } from './updateLetter';
export { askWhy } from './askWhy';
export { addSiblingCause } from './addSiblingCause';
export { editCause } from './editCause';
export { markRootCause } from './markRootCause';
export { deleteCause } from './deleteCause';
export { moveCause } from './moveCause';
export { updateCause, type CauseDetails } from './updateCause';
export type { NewCauseInput } from './newCause';
export {
  readBoard,
  readSource,
  rereadCauses,
  CAUSE_FIELD_KEYS,
  sourceOf,
  type BoardSource,
  type BoardSnapshot,
  type CauseSnapshot,
  type ComplaintSnapshot,
  type ActionSnapshot,
  type LetterSnapshot,
} from './readBoard';
export { replaceText, setText, setValue } from './replaceText';
export { chainsToRoots, pathTo, type Chain } from './chainsToRoots';
export { questionFor, quote } from './questionFor';
export { readBack, therefore } from './readBack';
export { seedExample, EXAMPLE_BOARD } from './seedExample';
