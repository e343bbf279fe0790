import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';

/**
 * The frames a room sends, written once: y-websocket's (sync, awareness) and Whyboard's own (`stored`, the storage
 * status). A frame is a message type, then its body.
 */

export const frame = (type: number, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
};

/** The heartbeat: an awareness update with no entry, which every y-websocket client reads and which changes nothing. */
export const HEARTBEAT = frame(MessageType.awareness, (encoder) => encoding.writeVarUint8Array(encoder, new Uint8Array([0])));

/** Whyboard's storage status: whether the server can write this board to storage (see `MessageType.storage`). */
export const storageFrame = (canSave: boolean) => frame(MessageType.storage, (encoder) => encoding.writeVarUint(encoder, canSave ? 1 : 0));

export const updateFrame = (update: Uint8Array) => frame(MessageType.sync, (encoder) => syncProtocol.writeUpdate(encoder, update));

/** Sync step 1: the room's state vector, asking the client for what the room lacks. */
export const syncStep1Frame = (doc: Y.Doc) => frame(MessageType.sync, (encoder) => syncProtocol.writeSyncStep1(encoder, doc));

/** Sync step 2: `update`, what the client lacks. */
export const syncStep2Frame = (update: Uint8Array) =>
  frame(MessageType.sync, (encoder) => {
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, update);
  });

/** The `stored` acknowledgement: the board's durable state vector. */
export const storedFrame = (stateVector: Uint8Array) => frame(MessageType.stored, (encoder) => encoding.writeVarUint8Array(encoder, stateVector));

/** An awareness message with the current states of `clientIds` (removed ones encode as null). */
export const awarenessFrame = (awareness: awarenessProtocol.Awareness, clientIds: number[]) =>
  frame(MessageType.awareness, (encoder) => encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds)));

/** An update with no change in it: what a client in sync answers to sync step 1. */
export const isEmptyUpdate = (update: Uint8Array) => update.byteLength === 2 && update[0] === 0 && update[1] === 0;
