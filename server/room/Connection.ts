import type { WebSocket } from 'ws';
import { nanoid } from 'nanoid';
import { AwarenessLimits, type Role, type SpaceRole } from '../../shared/protocol';
import type { ServerLimits } from '../limits';
import { cleanName, type Presence } from '../stampAwareness';
import { TokenBucket } from '../TokenBucket';
import type { Origin } from './origins';
import { metrics } from '../metrics';

export interface JoinOptions {
  role: Role;
  /** The team space whose link opened the board, when it was not one of the board's own (see `boardAccess`). */
  spaceId?: string;
  /** Which of the space's links it was. */
  spaceRole?: SpaceRole;
  /** The display name the person chose; stamped on their presence. */
  name: string;
  /** Send `stored` acknowledgements (Whyboard's client asks; the stock client would log them as unknown). */
  ack?: boolean;
  /** Send the meeting's state (Whyboard's client asks). */
  meeting?: boolean;
  /** A stable id for the person (from their device), so their candidates and votes survive a reconnect. */
  person?: string | null;
  /** Counts an update's bytes against the budget of the address it came from; false when that is spent. */
  takeUpdateBytes?: (bytes: number) => boolean;
}

const PERSON_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Unsent bytes past which a connection counts as lagging: presence, awareness answers and sync requests wait for it
 * to catch up. Its hard limit is the board's size on top: one full copy of the board in flight, no more.
 */
const SEND_BUFFER_SOFT_BYTES = 256 * 1024;
/**
 * y-websocket's client closes a connection that has received nothing for 30 seconds and reconnects: someone alone on a
 * board would see "Offline" twice a minute. A connection that has heard nothing for this long gets a heartbeat.
 */
/** What a connection's own budgets are made from. */
export type ConnectionLimits = Pick<ServerLimits, 'boardBytes' | 'updatesPerSecond' | 'updateBurst'>;

/** One socket in a room, with who it is. */
export class Connection {
  /** Who this connection is: the only identity its awareness states may carry. */
  readonly presence: Presence;
  readonly awarenessRate = new TokenBucket(AwarenessLimits.perSecond, AwarenessLimits.burst);
  readonly awarenessBytes = new TokenBucket(AwarenessLimits.bytesPerSecond, AwarenessLimits.bytesBurst);
  /** Sync step 1 asks for a copy of the document: a client needs one when it connects, not a stream of them. */
  readonly syncRequestRate = new TokenBucket(1, 5);
  readonly awarenessQueryRate = new TokenBucket(2, 5);
  /** Meeting commands are clicks: a few a second is plenty. */
  readonly commandRate = new TokenBucket(5, 20);
  /** Set while a request for everything this connection has is due (see `Room.resync`). */
  resyncTimer: NodeJS.Timeout | undefined;
  lastResync = 0;
  readonly updateRate: TokenBucket;
  /** Messages that arrived before the board finished loading. */
  buffer: Uint8Array[] = [];
  bufferedBytes = 0;

  readonly role: Role;
  readonly takeUpdateBytes: (bytes: number) => boolean;
  readonly wantsAck: boolean;
  readonly wantsMeeting: boolean;
  /** Which of a team space's links opened the board, if one did (a board's own link replaced does not concern it). */
  readonly spaceRole: SpaceRole | undefined;
  readonly person: string;
  /** Whether `person` came from the client (a device id that survives a reconnect), not made up for this connection. */
  readonly knownPerson: boolean;
  /** This connection as the origin of the changes it makes (see `origins.ts`). */
  readonly origin: Origin = { kind: 'connection', connection: this };
  /** Whether this editor has been told, since the lock, that their writes are refused. */
  toldLocked = false;
  /**
   * While this connection waits for a `stored` acknowledgement: the seq of the last change in flight when it last sent
   * one (see `DurableState`). Once every change up to it is durable, it is told the durable state vector.
   */
  awaitingUpTo: number | undefined;
  /** The seq of the oldest change in flight when it was last told (or began to wait): told again once that moves. */
  toldOldest = 0;
  /** Whether it is owed an acknowledgement although nothing was in flight (it sent what the room had already). */
  ackDue = false;

  private readonly sendBufferBytes: number;

  constructor(
    readonly ws: WebSocket,
    { role, spaceId, spaceRole, name, ack = false, meeting = false, person, takeUpdateBytes = () => true }: JoinOptions,
    limits: ConnectionLimits,
  ) {
    this.sendBufferBytes = limits.boardBytes + SEND_BUFFER_SOFT_BYTES;
    this.updateRate = new TokenBucket(limits.updatesPerSecond, limits.updateBurst);
    this.role = role;
    this.spaceRole = spaceId === undefined ? undefined : spaceRole;
    this.takeUpdateBytes = takeUpdateBytes;
    this.wantsAck = ack;
    this.wantsMeeting = meeting;
    this.knownPerson = Boolean(person && PERSON_ID.test(person));
    this.person = this.knownPerson ? person! : `anonymous-${nanoid()}`;
    this.presence = { clientId: undefined, name: cleanName(name), role };
  }

  /** Called when the connection has more unsent data than it may (set by the room: it lets the connection go). */
  onSlow: () => void = () => undefined;

  /** Whether what was sent to this connection is still mostly unsent: presence and other droppable messages wait. */
  get lagging(): boolean {
    return this.ws.bufferedAmount > SEND_BUFFER_SOFT_BYTES;
  }

  /** When the server last sent this connection anything (`performance.now()`). */
  lastSentAt = performance.now();

  /**
   * Closes the socket with `code`, its reason cut to the 123 bytes a close frame holds (longer, `ws` throws, and the
   * close that follows would say "malformed" instead of why).
   */
  close(code: number, reason: string): void {
    this.ws.close(code, closeReason(reason));
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.lastSentAt = performance.now();
    // Backpressure: a peer that does not read would make the server hold everything sent to it. One big message (the
    // whole board, on joining) may go out at any time; a backlog past the limit closes the connection.
    if (this.ws.bufferedAmount > 0 && this.ws.bufferedAmount + message.byteLength > this.sendBufferBytes) return this.onSlow();
    metrics.framesOut.inc();
    // No callback: a socket that fails is destroyed by ws itself (and the room hears its close). A callback a frame
    // cost a closure and the stream's after-write bookkeeping, tens of thousands of times a second in a busy room.
    this.ws.send(message);
  }
}

/** The most UTF-8 bytes a WebSocket close frame's reason may take. */
const CLOSE_REASON_BYTES = 123;

/** `reason`, or as much of it as fits in a close frame, ended with "…", cut between characters. */
export function closeReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).byteLength <= CLOSE_REASON_BYTES) return reason;
  let cut = '';
  for (const character of reason) {
    if (encoder.encode(`${cut}${character}…`).byteLength > CLOSE_REASON_BYTES) break;
    cut += character;
  }
  return `${cut}…`;
}
