export { coachBoard, MIN_ROOT_DEPTH, type Hint } from './coachBoard';
export { CoachCheck, CoachMessage, CoachTitle } from './messages';
export { blamesPerson, bundlesCauses, causeReader, meanings, restates, sameCause, sayTheSame, type CauseReader } from './textChecks';
