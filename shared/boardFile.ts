import * as Y from 'yjs';
import { z } from 'zod';
import {
  ACTION_KINDS,
  ACTION_STATUSES,
  CAUSE_STATUSES,
  CHECK_RESULTS,
  COMPLAINT_ID,
  DATE_STYLES,
  Limits,
  MetaKey,
  addAction,
  askWhy,
  getMeta,
  initBoard,
  markRootCause,
  updateAction,
  updateCause,
  updateLetter,
  type BoardSnapshot,
} from './board';

/**
 * A whole board as a versioned JSON file: what `GET /api/boards/:id/export/board.json` answers and
 * `POST /api/boards/import` takes. Causes are listed parents first, so a file describes a tree by construction.
 */
export const BOARD_FILE_FORMAT = 'whyboard.board';
export const BOARD_FILE_VERSION = 1;

const text = (max: number, label: string) => z.string({ error: `${label} must be text.` }).max(max, { error: `${label} must be at most ${max} characters.` });
const date = (label: string) => z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, { error: `${label} must be a date like 2026-11-23, or empty.` });
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'An id is 1 to 64 letters, digits, "-" or "_".' });
const time = z.number().int().nonnegative().max(8.64e15);

const CauseRecord = z.strictObject({
  id,
  parentId: id,
  text: text(Limits.causeText, 'A cause'),
  isRoot: z.boolean(),
  status: z.enum(CAUSE_STATUSES),
  evidence: text(Limits.evidence, 'The evidence'),
  inControl: z.boolean(),
  escalation: text(Limits.escalation, 'The escalation note'),
  acceptedRisk: text(Limits.acceptedRisk, 'The accepted-risk reason'),
  /** Files written before themes, root times and checks have none: read as empty. */
  theme: text(Limits.theme, 'The theme').optional(),
  rootAt: time.optional(),
  createdAt: time,
  createdBy: text(Limits.customer, 'The author'),
});

const ActionRecord = z.strictObject({
  id,
  causeId: id,
  kind: z.enum(ACTION_KINDS),
  text: text(Limits.actionText, 'An action'),
  owner: text(Limits.owner, 'The owner'),
  due: date('The due date'),
  status: z.enum(ACTION_STATUSES),
  customerText: text(Limits.actionText, 'The customer wording'),
  createdAt: time,
  createdBy: text(Limits.customer, 'The author'),
  checkBy: date('The check date').optional(),
  checkResult: z.enum(CHECK_RESULTS).optional(),
  checkNote: text(Limits.evidence, 'How it was checked').optional(),
  checkedAt: time.optional(),
});

export const BoardFile = z.strictObject({
  format: z.literal(BOARD_FILE_FORMAT, { error: `This is not a Whyboard board file (format must be "${BOARD_FILE_FORMAT}").` }),
  version: z.literal(BOARD_FILE_VERSION, { error: `This file's version is not one this Whyboard reads (it reads version ${BOARD_FILE_VERSION}).` }),
  exportedAt: z.string().max(40),
  board: z.strictObject({
    title: text(Limits.title, 'The title').min(1, { error: 'The title is required.' }),
    createdAt: time,
    /** Files written before boards chose how documents write dates have none: day first, as then. */
    dateStyle: z.enum(DATE_STYLES, { error: `How dates are written is one of ${DATE_STYLES.join(', ')}.` }).optional(),
    complaint: z.strictObject({
      text: text(Limits.complaintText, "The customer's words").min(1, { error: "The customer's words are required." }),
      customer: text(Limits.customer, 'The customer name'),
      channel: text(Limits.channel, 'The channel'),
      receivedAt: date('The date received'),
    }),
    causes: z.array(CauseRecord).max(Limits.causes, { error: `A board holds at most ${Limits.causes} causes.` }),
    actions: z.array(ActionRecord).max(Limits.actions, { error: `A board holds at most ${Limits.actions} actions.` }),
    letter: z.strictObject({
      text: text(Limits.letter, 'The letter'),
      contactName: text(Limits.contactName, 'The contact name'),
      contactReach: text(Limits.contactReach, 'How to reach the contact'),
      nextContact: date('The next contact date'),
    }),
  }),
});
export type BoardFile = z.infer<typeof BoardFile>;

/** The board as a file. */
export function exportBoardFile(board: BoardSnapshot, now: number): BoardFile {
  return {
    format: BOARD_FILE_FORMAT,
    version: BOARD_FILE_VERSION,
    exportedAt: new Date(now).toISOString(),
    board: {
      title: board.title,
      createdAt: board.createdAt,
      dateStyle: board.dateStyle,
      complaint: { text: board.complaint.text, customer: board.complaint.customer, channel: board.complaint.channel, receivedAt: board.complaint.receivedAt },
      causes: board.causeIds.map((causeId) => {
        const {
          id: causeKey,
          parentId,
          text: answer,
          isRoot,
          status,
          evidence,
          inControl,
          escalation,
          acceptedRisk,
          theme,
          rootAt,
          createdAt,
          createdBy,
        } = board.causes[causeId]!;
        return { id: causeKey, parentId, text: answer, isRoot, status, evidence, inControl, escalation, acceptedRisk, theme, rootAt, createdAt, createdBy };
      }),
      actions: board.actionIds.map((actionId) => board.actions[actionId]!),
      letter: board.letter,
    },
  };
}

export class BoardFileError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Checks a parsed file and writes it into an empty document, or throws a BoardFileError naming the problem (and
 * writes nothing): wrong types, unknown fields or version, over-long texts, a parent that is not listed before its
 * child (which also rules out cycles), duplicate ids, an action on an unknown cause.
 */
export function importBoardFile(doc: Y.Doc, input: unknown, origin: unknown): void {
  const parsed = BoardFile.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || undefined;
    throw new BoardFileError(issue.code === 'unrecognized_keys' ? `Unknown field: ${issue.keys.join(', ')}.` : issue.message, field);
  }
  const { board } = parsed.data;
  const seen = new Set<string>([COMPLAINT_ID]);
  board.causes.forEach((cause, i) => {
    if (seen.has(cause.id)) throw new BoardFileError(`The cause id "${cause.id}" is used twice.`, `board.causes.${i}.id`);
    if (!seen.has(cause.parentId)) {
      throw new BoardFileError(
        `The cause "${cause.id}" hangs under "${cause.parentId}", which is not listed before it: parents come first, and a tree has no cycles.`,
        `board.causes.${i}.parentId`,
      );
    }
    seen.add(cause.id);
  });
  const actionIds = new Set<string>();
  board.actions.forEach((action, i) => {
    if (actionIds.has(action.id)) throw new BoardFileError(`The action id "${action.id}" is used twice.`, `board.actions.${i}.id`);
    if (action.causeId === COMPLAINT_ID || !seen.has(action.causeId))
      throw new BoardFileError(`The action "${action.id}" is on "${action.causeId}", which is not a cause in this file.`, `board.actions.${i}.causeId`);
    actionIds.add(action.id);
  });

  // Written in a scratch document first: if an operation still refuses something, the target stays untouched.
  const scratch = new Y.Doc();
  scratch.transact(() => {
    initBoard(scratch, { title: board.title, complaint: board.complaint }, origin);
    getMeta(scratch).set(MetaKey.createdAt, board.createdAt);
    if (board.dateStyle) getMeta(scratch).set(MetaKey.dateStyle, board.dateStyle);
    for (const { id: causeId, parentId, text: answer, isRoot, rootAt, createdAt, createdBy, ...details } of board.causes) {
      askWhy(scratch, parentId, { id: causeId, text: answer, createdAt, createdBy }, origin);
      updateCause(scratch, causeId, details, origin);
      if (isRoot) markRootCause(scratch, causeId, true, origin, rootAt || undefined);
    }
    for (const { causeId, checkBy, checkResult, checkNote, checkedAt, ...action } of board.actions) {
      const actionId = addAction(scratch, causeId, action, origin);
      updateAction(scratch, actionId, { checkBy, checkResult, checkNote, status: action.status }, origin, checkedAt || undefined);
    }
    updateLetter(scratch, board.letter, origin);
  }, origin);
  // Made at this version (initBoard): the steps of later versions apply to it when a later server loads it.
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch), origin);
  scratch.destroy();
}
