export { coachBoard, MIN_ROOT_DEPTH, type Hint } from './coachBoard';
export { CoachCheck, CoachMessage, CoachTitle } from './messages';
export { blamesPerson, bundlesCauses, restates, sameCauseKey } from './textChecks';
export { contentWords, similarity, words } from './words';
