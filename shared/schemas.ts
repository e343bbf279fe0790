import { z } from 'zod';
import { DATE_PATTERN, Limits, isCalendarDay, stripBidiControls } from './board';

/*
 * REST request bodies, checked with zod: by the server, and by the home page's form before it sends one. Kept out of
 * ./protocol, which the board page imports, so its bundle does without zod.
 */

const trimmed = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters.` });

const OPTIONAL_DATE = new RegExp(`^(?:${DATE_PATTERN.source.slice(1, -1)})?$`);

/** `POST /api/boards`: a new analysis from a customer complaint. */
export const CreateBoardBody = z
  .strictObject({
    title: trimmed(Limits.title, 'The title').min(1, { error: 'The title is required.' }),
    complaint: z.strictObject(
      {
        text: trimmed(Limits.complaintText, "The customer's words").min(1, { error: "The customer's words are required." }),
        customer: trimmed(Limits.customer, 'The customer name').optional(),
        channel: trimmed(Limits.channel, 'The channel').optional(),
        // Empty is no date, as a board's summary gives it.
        receivedAt: z
          .string({ error: 'The date received must be text.' })
          .regex(OPTIONAL_DATE, { error: 'The date received must look like 2026-11-23.' })
          .refine((day) => day === '' || isCalendarDay(day), { error: 'The date received is not a real date.' })
          .optional(),
      },
      { error: 'The complaint must be an object with the customer’s words in "text".' },
    ),
  })
  .meta({ id: 'NewBoard', description: "A new analysis: its title, and the customer's complaint in their own words." });
export type CreateBoardBody = z.infer<typeof CreateBoardBody>;

/** Half of a character that lost its other half (a string cut in the middle of an emoji): no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `POST /api/spaces`: a team space, by its name ("Customer Care — Leeds"), on one line: control characters become
 * spaces, and direction controls (which make a name read backwards) and invisible ones go.
 */
export const CreateSpaceBody = z
  .strictObject({
    name: trimmed(120, 'The name')
      .min(1, { error: 'The name is required.' })
      // Without lone surrogates, controls, direction marks or what draws nothing
      // (zero-width characters, the soft hyphen, the Mongolian vowel separator): a name that reads empty is empty.
      .transform((name) =>
        stripBidiControls(name.replace(LONE_SURROGATE, ''))
          .replace(/\p{Cc}+/gu, ' ')
          .replace(/[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .pipe(z.string().min(1, { error: 'The name is required.' })),
  })
  .meta({ id: 'SpaceNameChoice', description: "A team space's name, on one line." });
export type CreateSpaceBody = z.infer<typeof CreateSpaceBody>;

/** `POST /api/spaces/:id/boards/adopt`: an existing board, added with its facilitator's token. */
export const AdoptBoardBody = z
  .strictObject({
    boardId: z.string({ error: 'The board id must be text.' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'The board id is not one Whyboard makes.' }),
    token: z.string({ error: 'The token must be text.' }).min(1, { error: "The board's facilitator token is required." }).max(200),
  })
  .meta({ id: 'AdoptBoard', description: "An existing board, and its facilitator's token." });
export type AdoptBoardBody = z.infer<typeof AdoptBoardBody>;
