import type { ActionKind, ActionStatus, CauseStatus } from '../board';

export const CAUSE_STATUS_LABELS: Record<CauseStatus, string> = { hypothesis: 'Hypothesis', confirmed: 'Confirmed', ruledOut: 'Ruled out' };
export const ACTION_KIND_LABELS: Record<ActionKind, string> = { containment: 'Containment', corrective: 'Corrective', preventive: 'Preventive' };
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', inProgress: 'In progress', done: 'Done', verified: 'Verified effective' };
