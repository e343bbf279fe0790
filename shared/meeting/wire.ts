import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../protocol';
import type { MeetingCommand } from './commands';
import type { MeetingMine, MeetingView } from './meeting';

/**
 * What the server sends in a `meeting` frame (JSON in a varstring): the public meeting with the server's clock, this
 * person's private part, or why a command was refused.
 */
export type MeetingMessage =
  { type: 'state'; meeting: MeetingView; now: number } | { type: 'mine'; mine: MeetingMine } | { type: 'refused'; command: string; message: string };

/** A `meeting` frame carrying `body` as JSON: a command from a client, or a message from the server. */
export function encodeMeetingFrame(body: MeetingCommand | MeetingMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.meeting);
  encoding.writeVarString(encoder, JSON.stringify(body));
  return encoding.toUint8Array(encoder);
}

/** Reads the rest of a `meeting` frame from the server (the type has been read). */
export function readMeetingMessage(decoder: decoding.Decoder): MeetingMessage {
  return JSON.parse(decoding.readVarString(decoder)) as MeetingMessage;
}
