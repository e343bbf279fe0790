/**
 * A board's history: every change the server stored, with when and who (the name and role the server stamped on the
 * connection it came from, never what a client claims), and the meeting's milestones between them. The board as it was
 * at any moment is the merge of the changes up to it: Yjs updates commute, so no change needs any other rewritten.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { z } from 'zod';
import { PARTICIPANT_LIMITS, PHASES } from '../meeting/meeting';
import { mergeUpdates } from '../mergeUpdates';
import { ROLES } from '../protocol';
import type { SignOff } from '../report/buildReport';

/** Who made a change: a person on the board, as the server knew them. */
export const Author = z.strictObject({ name: z.string().max(200), role: z.enum(ROLES) });
export type Author = z.infer<typeof Author>;

/** Moments of the meeting that are not edits of the document, kept in the history beside them. */
export const Milestone = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('phase'), phase: z.enum(PHASES) }),
  z.strictObject({ type: z.literal('votesRevealed') }),
  /** `letterHash`: the letter signed (see `SignOff`), so the board at a later moment knows whether it still holds. */
  z.strictObject({ type: z.literal('letterSignedOff'), letterHash: z.string().max(128) }),
  z.strictObject({ type: z.literal('letterSignOffWithdrawn') }),
  /** `to`: the address, or how it went ("by post"). */
  z.strictObject({ type: z.literal('letterSent'), to: z.string().max(320) }),
  /** The facilitator restored the board as it was at `to` (ms): the edit that did it follows. */
  z.strictObject({ type: z.literal('restored'), to: z.number() }),
]);
export type Milestone = z.infer<typeof Milestone>;

/** One stored change: a Yjs update (empty for a milestone), when the server stored it, and who sent it. */
export interface Change {
  /** Milliseconds since the epoch, on the server's clock. */
  at: number;
  /** Null where nobody is known: the board as it was before its history was kept, or folded history (see the server). */
  by: Author | null;
  update: Uint8Array;
  milestone?: Milestone;
}

/**
 * What `write` changes in `doc`, as one update: what a browser sends for it (an update of the whole document since a
 * state vector would carry every deletion the board ever had).
 */
export function updateOf(doc: Y.Doc, write: () => void): Uint8Array {
  const sent: Uint8Array[] = [];
  const listen = (update: Uint8Array) => sent.push(update);
  doc.on('update', listen);
  try {
    write();
  } finally {
    doc.off('update', listen);
  }
  return mergeUpdates(sent);
}

/** The update of a change that is only a milestone: a Yjs update that changes nothing. */
export const EMPTY_UPDATE: Uint8Array = Y.encodeStateAsUpdate(new Y.Doc());

/** The changes stored up to and at `at`, merged: the board's document as it was then. */
export function stateAt(changes: readonly Change[], at: number): Uint8Array {
  return mergeUpdates(changes.filter((change) => change.at <= at).map((change) => change.update));
}

/** What the documents of a board at a past moment are made of (see `momentAt`). */
export interface Moment {
  /** Milliseconds since the epoch. */
  at: number;
  /** The document's updates up to the moment. */
  updates: Uint8Array[];
  /** Who had changed the board by then: the report's participants at that moment. */
  participants: string[];
  /** The letter's sign-off as it stood then. */
  signOff: SignOff | null;
  /** When the letter had gone out by then, and to whom. */
  sentLetters: Array<{ at: number; to: string }>;
}

/** The board as it was at `at`: its document, who had worked on it, and the letter's sign-off then. */
export function momentAt(changes: readonly Change[], at: number): Moment {
  const updates: Uint8Array[] = [];
  const participants = new Set<string>();
  let signOff: SignOff | null = null;
  const sentLetters: Moment['sentLetters'] = [];
  for (const change of changes) {
    if (change.at > at) continue;
    // As many as a meeting keeps: made-up names cannot fill the report of a moment either.
    if (change.by && participants.size < PARTICIPANT_LIMITS.total) participants.add(change.by.name);
    if (change.milestone?.type === 'letterSignedOff')
      signOff = { name: change.by?.name ?? 'The facilitator', at: change.at, letterHash: change.milestone.letterHash };
    else if (change.milestone?.type === 'letterSignOffWithdrawn') signOff = null;
    else if (change.milestone?.type === 'letterSent') sentLetters.push({ at: change.at, to: change.milestone.to });
    else if (!change.milestone) updates.push(change.update);
  }
  return { at, updates, participants: [...participants], signOff, sentLetters };
}

const CODEC_VERSION = 1;

/**
 * The changes as bytes, for the browser's replay (`GET /api/boards/:id/history/changes`): a version, then each change's
 * time, author, milestone and update, as lib0 encodes them (the encoding Yjs itself uses on the wire).
 */
export function encodeChanges(changes: readonly Change[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CODEC_VERSION);
  encoding.writeVarUint(encoder, changes.length);
  for (const change of changes) {
    encoding.writeVarUint(encoder, change.at);
    encoding.writeVarString(encoder, change.by ? JSON.stringify(change.by) : '');
    encoding.writeVarString(encoder, change.milestone ? JSON.stringify(change.milestone) : '');
    encoding.writeVarUint8Array(encoder, change.update);
  }
  return encoding.toUint8Array(encoder);
}

/** Reads `encodeChanges`' bytes; throws on bytes it did not write. */
export function decodeChanges(bytes: Uint8Array): Change[] {
  const decoder = decoding.createDecoder(bytes);
  const version = decoding.readVarUint(decoder);
  if (version !== CODEC_VERSION) throw new Error(`Unknown history encoding ${version}.`);
  const count = decoding.readVarUint(decoder);
  const changes: Change[] = [];
  for (let i = 0; i < count; i++) {
    const at = decoding.readVarUint(decoder);
    const by = decoding.readVarString(decoder);
    const milestone = decoding.readVarString(decoder);
    const update = decoding.readVarUint8Array(decoder);
    changes.push({ at, by: by ? Author.parse(JSON.parse(by)) : null, update, ...(milestone ? { milestone: Milestone.parse(JSON.parse(milestone)) } : {}) });
  }
  return changes;
}
