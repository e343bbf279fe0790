import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../../shared/protocol';

/**
 * What a client's frame says, read before anything decides what to do with it (as Hocuspocus's `MessageReceiver`):
 * a request for the board, a change to it, presence, a request for everyone's presence, or a meeting command.
 */
export type ClientMessage =
  /** Sync step 1: the client's state vector, asking for what it lacks. */
  | { type: 'syncRequest'; stateVector: Uint8Array }
  /** Sync step 2 (the answer to ours, where offline edits travel) or an update. */
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'meeting'; json: string };

/** Reads a frame; throws on bytes that are not one (the connection is then closed as malformed). */
export function readFrame(bytes: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) return { type: 'syncRequest', stateVector: decoding.readVarUint8Array(decoder) };
      if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate)
        return { type: 'update', update: decoding.readVarUint8Array(decoder) };
      throw new Error(`unknown sync message type ${step}`);
    }
    case MessageType.awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case MessageType.queryAwareness:
      return { type: 'queryAwareness' };
    case MessageType.meeting:
      return { type: 'meeting', json: decoding.readVarString(decoder) };
    default:
      throw new Error(`unknown message type ${type}`);
  }
}

/** The message in `bytes`, or undefined for bytes that are not a frame. */
export function tryReadFrame(bytes: Uint8Array): ClientMessage | undefined {
  try {
    return readFrame(bytes);
  } catch {
    return undefined;
  }
}

/**
 * How many clients a sync request may name beyond those the board has: a client's own edits not yet on the server,
 * one client id per offline session. A state vector naming a hundred thousand made-up clients costs the server tens of
 * milliseconds to answer, for nothing (they are not on the board), and a request is counted once however big it is.
 */
export const MAX_UNKNOWN_CLIENTS = 256;

/** Whether a sync request's state vector names no more clients than `boardClients` and a few of its own. */
export function plausibleStateVector(stateVector: Uint8Array, boardClients: number): boolean {
  // A state vector starts with its number of entries: read before anything is decoded.
  return decoding.readVarUint(decoding.createDecoder(stateVector)) <= boardClients + MAX_UNKNOWN_CLIENTS;
}
