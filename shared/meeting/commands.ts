import { z } from 'zod';
import { Limits } from '../board/limits';
import { MeetingLimits, PHASES } from './meeting';

const id = z.string().min(1).max(64);

/** Commands that run the meeting: the server accepts them from the facilitator only. */
export const FacilitatorCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('phase.set'), phase: z.enum(PHASES) }),
  z.strictObject({ type: z.literal('timer.start') }),
  z.strictObject({ type: z.literal('timer.pause') }),
  z.strictObject({ type: z.literal('timer.add'), minutes: z.number().int().min(-60).max(60) }),
  z.strictObject({ type: z.literal('timer.reset') }),
  z.strictObject({ type: z.literal('follow.set'), on: z.boolean() }),
  z.strictObject({ type: z.literal('spotlight.set'), causeId: id.nullable() }),
  z.strictObject({ type: z.literal('lock.set'), locked: z.boolean() }),
  z.strictObject({ type: z.literal('silent.start'), causeId: id }),
  z.strictObject({ type: z.literal('silent.reveal') }),
  z.strictObject({ type: z.literal('silent.cancel') }),
  z.strictObject({ type: z.literal('voting.start'), votesPerPerson: z.number().int().min(1).max(MeetingLimits.maxVotesPerPerson) }),
  z.strictObject({ type: z.literal('voting.reveal') }),
  z.strictObject({ type: z.literal('voting.end') }),
  z.strictObject({ type: z.literal('letter.signOff'), ready: z.boolean() }),
  /**
   * The facilitator restored an earlier moment of the board (History): the restore itself is an edit of the document;
   * this tells everyone, and the history, that it was one. `to`: the moment, ms since the epoch.
   */
  z.strictObject({ type: z.literal('history.restore'), to: z.number().int().min(0).max(8.64e15) }),
  /** The signed-off letter went out another way (by post, from one's own mail): to whom, or how. */
  z.strictObject({
    type: z.literal('letter.recordSent'),
    to: z.string().trim().min(1, { error: 'Say to whom, or how, the letter went.' }).max(200, { error: 'Say it in at most 200 characters.' }),
  }),
]);
export type FacilitatorCommand = z.infer<typeof FacilitatorCommand>;

/** Commands every participant who may edit sends: their own candidates and dots. */
export const ParticipantCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('candidate.add'), text: z.string().trim().min(1, { error: 'Write the candidate cause first.' }).max(Limits.causeText) }),
  z.strictObject({ type: z.literal('candidate.remove'), id }),
  z.strictObject({ type: z.literal('vote.add'), causeId: id }),
  z.strictObject({ type: z.literal('vote.remove'), causeId: id }),
]);
export type ParticipantCommand = z.infer<typeof ParticipantCommand>;

export const MeetingCommand = z.union([FacilitatorCommand, ParticipantCommand]);
export type MeetingCommand = FacilitatorCommand | ParticipantCommand;

const FACILITATOR_TYPES = new Set<string>(FacilitatorCommand.options.map((option) => option.shape.type.value));
export const isFacilitatorCommand = (command: MeetingCommand): command is FacilitatorCommand => FACILITATOR_TYPES.has(command.type);
