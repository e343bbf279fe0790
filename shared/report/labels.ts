import type { ActionKind, ActionStatus, CauseStatus, CheckResult } from '../board';

export const CAUSE_STATUS_LABELS: Record<CauseStatus, string> = { hypothesis: 'Hypothesis', confirmed: 'Confirmed', ruledOut: 'Ruled out' };
export const ACTION_KIND_LABELS: Record<ActionKind, string> = { containment: 'Containment', corrective: 'Corrective', preventive: 'Preventive' };
/** What an effectiveness check found, in the words of the board, the space and the exports alike. */
export const CHECK_RESULT_LABELS: Record<CheckResult, string> = { '': 'Not checked', effective: 'Worked', notEffective: 'Did not work' };
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', inProgress: 'In progress', done: 'Done', verified: 'Verified effective' };
