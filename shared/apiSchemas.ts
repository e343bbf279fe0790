import { z } from 'zod';
import { ACTION_KINDS, ACTION_STATUSES, CHECK_RESULTS } from './board/layout';
import { STEP_KINDS } from './history/steps';
import { isEmailAddress } from './meeting/sentLetters';
import { ApiErrorCode, BOARD_STATES, MailErrorCode, ROLES, SPACE_ROLES } from './protocol';

/*
 * The REST API's bodies as zod schemas, each with the id it has in the OpenAPI document (server/openapi.ts): the
 * responses, and the requests the browser does not check itself (those are in ./schemas). ./protocol's types of the
 * same names are these schemas' types, so what the document says and what the code sends cannot part.
 * Responses are strict objects: a field the document does not name is a failure of the contract test.
 */

export const RoleSchema = z.enum(ROLES).meta({
  id: 'Role',
  description: "What a board's link grants: the facilitator runs the meeting, an editor edits, a viewer reads.",
});
export const SpaceRoleSchema = z.enum(SPACE_ROLES).meta({
  id: 'SpaceRole',
  description: "What a team space's link grants: the admin renames it, replaces its links and takes boards out; a member starts boards in it.",
});
const isoTime = z.iso.datetime({ offset: true });
const day = z.string().describe('A day, `YYYY-MM-DD`, or empty.');

export const ApiErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum([...Object.values(ApiErrorCode), ...Object.values(MailErrorCode)]).describe('A stable id, for programs.'),
      message: z.string().describe('What went wrong and what to do, for people.'),
      field: z.string().optional().describe('The field (or query parameter) at fault, when one is.'),
    }),
  })
  .meta({ id: 'Error' });

/**
 * An object with a field for each role, written out (a generated client gets a class with those fields, where a record
 * keyed by an enum became a map). `optional`: each field may be missing.
 */
function byRole<R extends string, S extends z.ZodType>(roles: readonly R[], value: S, optional?: false): z.ZodObject<Record<R, S>, z.core.$strict>;
function byRole<R extends string, S extends z.ZodType>(roles: readonly R[], value: S, optional: true): z.ZodObject<Record<R, z.ZodOptional<S>>, z.core.$strict>;
function byRole(roles: readonly string[], value: z.ZodType, optional = false) {
  return z.strictObject(Object.fromEntries(roles.map((role) => [role, optional ? value.optional() : value])));
}

export const BoardLinksSchema = byRole(ROLES, z.url(), true).meta({
  id: 'BoardLinks',
  description: 'Board links (with their tokens in the fragment), by role.',
});

export const BoardLinksViewSchema = z
  .strictObject({
    role: RoleSchema,
    links: BoardLinksSchema,
    viaSpace: z.boolean().describe("Opened with a team space's link, which passes on none of the board's own."),
    space: z.strictObject({ id: z.string(), name: z.string() }).optional().describe('The team space the board belongs to, if any.'),
  })
  .meta({ id: 'BoardLinksView', description: 'The links this token may pass on: nobody hands out more access than they have.' });

export const CreateBoardResponseSchema = z
  .strictObject({
    id: z.string(),
    tokens: byRole(ROLES, z.string()),
    links: byRole(ROLES, z.url()),
  })
  .meta({ id: 'CreatedBoard', description: "A new board's id and its three links, shown once to whoever made it." });

const rotated = <R extends z.ZodEnum>(roles: R, id: string) =>
  z.strictObject({ role: roles, link: z.url(), token: z.string() }).meta({ id, description: "The role's new link; the old one no longer works." });
export const RotatedLinkSchema = rotated(RoleSchema, 'RotatedLink');
export const RotatedSpaceLinkSchema = rotated(SpaceRoleSchema, 'RotatedSpaceLink');

export const CreateSpaceResponseSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    tokens: byRole(SPACE_ROLES, z.string()),
    links: byRole(SPACE_ROLES, z.url()),
  })
  .meta({ id: 'CreatedSpace', description: 'The new space and its two links, shown once to whoever made it.' });

export const SpaceLinksViewSchema = z
  .strictObject({ role: SpaceRoleSchema, links: byRole(SPACE_ROLES, z.url(), true) })
  .meta({ id: 'SpaceLinksView', description: 'The admin passes on both links; a member, the member link.' });

export const SpaceNameSchema = z.strictObject({ id: z.string(), name: z.string() }).meta({ id: 'SpaceName' });

export const BoardAddedSchema = z.strictObject({ id: z.string(), spaceId: z.string() }).meta({ id: 'BoardAdded' });

export const BoardSummarySchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    role: RoleSchema,
    complaint: z.strictObject({ text: z.string(), customer: z.string(), channel: z.string(), receivedAt: day }),
    causeCount: z.number().int(),
    rootCauses: z.array(z.strictObject({ id: z.string(), text: z.string(), depth: z.number().int() })),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'BoardSummary' });

export const BoardStateSchema = z
  .enum(BOARD_STATES)
  .meta({ id: 'BoardState', description: 'Where an analysis stands, in the order a complaint moves through them.' });
export const LetterStateSchema = z.enum(['none', 'draft', 'signedOff', 'sent']).meta({ id: 'LetterState' });

export const ActionCountsSchema = z
  .strictObject({ open: z.number().int(), overdue: z.number().int(), done: z.number().int(), verified: z.number().int() })
  .meta({ id: 'ActionCounts', description: "A board's actions, counted (`overdue` are open ones past their due date)." });

export const SpaceBoardSchema = BoardSummarySchema.omit({ role: true, complaint: true })
  .extend({
    customer: z.string(),
    channel: z.string(),
    receivedAt: day,
    state: BoardStateSchema,
    reopened: z.boolean().describe('An action was checked and did not work, and no action has been agreed since: the analysis is open again.'),
    rootCauseAt: isoTime.nullable().describe("When the board's first root cause was marked, or null."),
    actions: ActionCountsSchema,
    letter: LetterStateSchema,
  })
  .meta({ id: 'SpaceBoard', description: 'A board as a space lists it: its summary, with the complaint’s customer, channel and date, without its words.' });

export const SpaceViewSchema = z
  .strictObject({ id: z.string(), name: z.string(), role: SpaceRoleSchema, boards: z.array(SpaceBoardSchema).describe('Oldest first.') })
  .meta({ id: 'SpaceView' });

export const SpaceActionSchema = z
  .strictObject({
    boardId: z.string(),
    boardTitle: z.string(),
    customer: z.string(),
    id: z.string(),
    causeText: z.string().describe('The root cause it addresses, in the team’s words.'),
    kind: z.enum(ACTION_KINDS),
    text: z.string(),
    owner: z.string(),
    due: day,
    status: z.enum(ACTION_STATUSES),
    checkBy: day.describe('When its effectiveness is to be checked (`YYYY-MM-DD`), or empty.'),
    checkResult: z.enum(CHECK_RESULTS),
    checkNote: z.string(),
    overdue: z.boolean().describe('Open (or in progress) and past its due date.'),
    checkDue: z.boolean().describe('Its check date has come and it has no result yet.'),
  })
  .meta({ id: 'SpaceAction' });
export const SpaceActionsSchema = z
  .array(SpaceActionSchema)
  .meta({ id: 'SpaceActions', description: 'Every live action of every board of the space, overdue first.' });

export const SpaceRecurringSchema = z
  .strictObject({
    causes: z.array(
      z.strictObject({
        label: z.string().describe('The theme, or for a suggestion the theme one of them has, else the shortest wording.'),
        themed: z.boolean().describe('The teams gave these causes one theme; otherwise a suggestion: causes worded alike.'),
        causes: z.array(
          z.strictObject({ boardId: z.string(), boardTitle: z.string(), customer: z.string(), causeId: z.string(), text: z.string(), theme: z.string() }),
        ),
      }),
    ),
    customers: z.array(
      z.strictObject({
        customer: z.string(),
        boards: z.array(z.strictObject({ boardId: z.string(), boardTitle: z.string(), receivedAt: day, createdAt: isoTime })),
      }),
    ),
  })
  .meta({ id: 'SpaceRecurring', description: 'Root causes that come back across boards, and customers who came back.' });

export const SendLetterBodySchema = z
  .strictObject({
    to: z
      .string({ error: 'Give the customer’s e-mail address in "to".' })
      .trim()
      .refine(isEmailAddress, { error: 'Give one e-mail address, like ada@example.com.' })
      .describe('One e-mail address.'),
    name: z.string().max(200).optional().describe('Who sends it, as they go by on the board (recorded with the send).'),
  })
  .meta({ id: 'SendLetter' });

export const LetterMailStatusSchema = z
  .strictObject({
    configured: z.boolean(),
    message: z.string().describe('Where letters go from when configured; otherwise what to set, in a sentence or two.'),
  })
  .meta({ id: 'LetterMailStatus', description: 'Whether this server sends letters by e-mail, and if not, how to set it up.' });

export const SentLetterSchema = z
  .strictObject({
    at: z.number().int().describe('When the mail server took it: milliseconds since the epoch.'),
    by: z.string().describe('Who sent it: the name they go by on the board.'),
    to: z.string(),
    letterHash: z.string().describe('A hash of the letter sent: the sign-off it went out under.'),
    text: z.string().describe('The letter as sent, in plain text.'),
  })
  .meta({ id: 'SentLetter' });

export const HistoryStepSchema = z
  .strictObject({
    at: isoTime.describe('When the step ended (its last change), on the server’s clock.'),
    from: isoTime.describe('When it began.'),
    by: z.string().nullable(),
    role: RoleSchema.nullable(),
    kind: z.enum(STEP_KINDS),
    causeId: z.string().optional(),
    actionId: z.string().optional(),
    causeIds: z.array(z.string()).optional().describe('A deletion: every cause it deleted (the cause and its branch).'),
    to: z.number().optional().describe('A restore: the moment the board was made again (ms).'),
    summary: z.string(),
    change: z.number().int().describe('The index of the step’s last change: the moment a replay shows for it.'),
  })
  .meta({ id: 'HistoryStep', description: 'One readable step of the history ("Sam added …"), not a keystroke.' });
export const HistorySchema = z.array(HistoryStepSchema).meta({ id: 'History', description: 'The steps of the board’s history, oldest first.' });

export const ReadinessSchema = z
  .strictObject({ ready: z.boolean(), problems: z.array(z.string()).describe('What keeps the server from serving people, in words.') })
  .meta({ id: 'Readiness' });
export const AliveSchema = z.strictObject({ ok: z.literal(true) }).meta({ id: 'Alive' });
