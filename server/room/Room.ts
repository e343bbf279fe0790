import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Author } from '../../shared/history/changes';
import { parseMeeting, type Meeting } from '../../shared/meeting';
import { z } from 'zod';
import { CloseCode, ROLES, SPACE_ROLES, type Role, type SpaceRole } from '../../shared/protocol';
import type { Logger } from '../log';
import { MAX_BOARD_STRUCTS, checkUpdate } from '../checkUpdate';
import { stampAwareness } from '../stampAwareness';
import { TokenBucket } from '../TokenBucket';
import type { ServerLimits } from '../limits';
import { BusKind, type RoomBus } from '../RedisBus';
import type { HistoryPolicy, Storage } from '../storage/Storage';
import { Connection, type JoinOptions } from './Connection';
import { BoardLog, REMOTE_STORE_AFTER_MS } from './BoardLog';
import { HEARTBEAT, awarenessFrame, storageFrame, storedFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './frames';
import { LOAD, REMOTE, SERVER, connectionOf, type Origin } from './origins';
import { migrateBoard } from '../../shared/board/migrations';
import { TurnBatch, changesByAuthor, relayPresence, relayUpdates, type Turn } from './TurnBatch';
import { plausibleStateVector, readFrame } from './readFrame';
import { StoredBoard, WAIT_FOR_REQUESTS_MS } from './StoredBoard';
import { judgeWrite } from './writePolicy';
import { MeetingChannel } from './MeetingChannel';
import { linkToBus } from './busLink';
import { metrics } from '../metrics';
import { mergeUpdates } from '../../shared/mergeUpdates';

export type { JoinOptions };
export { REMOTE_STORE_AFTER_MS };

export interface RoomOptions {
  storage: Storage;
  logger: Logger;
  /** Stored updates after which the log is merged in the background. */
  compactAfter: number;
  /** How the board's history is kept small (default `DEFAULT_HISTORY_POLICY`). */
  history?: HistoryPolicy;
  /** How long a connection may go without a message from the server before it is sent a heartbeat (default 10 s). */
  heartbeatMs?: number;
  /** Messages and bytes a connection may send while its board is still loading. */
  loadBuffer: { messages: number; bytes: number };
  limits: Pick<ServerLimits, 'boardBytes' | 'updatesPerSecond' | 'updateBurst' | 'loadTimeoutMs'>;
  /** Other instances holding the same board (Redis), when there are any: linked to the room's hooks (`busLink.ts`). */
  bus?: RoomBus;
}

/**
 * Links that no longer open a board: one of its own (replaced), or a team space's (replaced, or the board left the
 * space: `spaceRole` unset). Told to every instance, each of which lets go of the sockets that came with them.
 */
export const Revocation = z.discriminatedUnion('links', [
  z.strictObject({ links: z.literal('board'), role: z.enum(ROLES), reason: z.string().max(200) }),
  z.strictObject({ links: z.literal('space'), spaceRole: z.enum(SPACE_ROLES).optional(), reason: z.string().max(200) }),
]);
export type Revocation = z.infer<typeof Revocation>;

/**
 * What a room tells whoever listens: the bus to other instances, when there are several. Only what this instance
 * received or made: what came from other instances is not told back.
 */
export interface RoomHooks {
  /** One turn's updates, merged, the moment they are applied (before they are stored). */
  update(update: Uint8Array): void;
  awareness(update: Uint8Array): void;
  meeting(json: string): void;
  /** The state vector this instance knows to be durable, after its own commits. */
  durable(stateVector: Uint8Array): void;
}

/**
 * y-websocket's client closes a connection that has received nothing for 30 seconds and reconnects: someone alone on a
 * board would see "Offline" twice a minute. A connection that has heard nothing for this long gets a heartbeat.
 */
export const HEARTBEAT_MS = 10_000;

/** See `Room.presenceBudget`. */
const PRESENCE_BYTES_OUT_PER_SECOND = 8 * 1024 * 1024;
/** Awareness client ids a room remembers the owner of (see `Room.claims`). */
const MAX_CLAIMS = 10_000;

/** Structs the document holds now (Yjs merges neighbours as it goes): a walk over its clients, not its structs. */
const structCount = (doc: Y.Doc): number => {
  let count = 0;
  for (const structs of doc.store.clients.values()) count += structs.length;
  return count;
};

/** The shortest time between two requests to one connection for everything it has. */
const RESYNC_INTERVAL_MS = 250;

/**
 * A board held in memory while people are connected to it. The document is loaded once; connections that arrive
 * meanwhile are attached at once and their messages buffered (with caps), so nothing is lost or applied twice.
 *
 * Updates are applied as they arrive; what arrives in one turn of the event loop is then merged and handled once, at
 * the end of the turn: one frame to each connection (never its own changes back), one message to other instances, and
 * one append to storage. Nothing live waits for the disk; the `stored` acknowledgement ("Saved") waits for the commit.
 * Under load a turn holds many messages, so the work per update falls as the load grows: this is what keeps a room of
 * hundreds of typing people responsive (the reference server sends every update to every socket, one by one).
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  readonly loaded: Promise<void>;
  private ready = false;
  /** The board as read from storage, while the document is built from it (see `load`). */
  private stored: StoredBoard | undefined;
  /** Updates from other instances applied before the board was built (see `load`). */
  private relayedBeforeLoad: Uint8Array[] = [];
  private closed = false;
  /** The board's meeting (phases, timers, votes, the lock), sent to the connections that ask for it. */
  private readonly meeting: MeetingChannel;
  /** What changes during this turn of the event loop, handled at its end (`endTurn`). */
  private readonly turn = new TurnBatch((turn) => this.endTurn(turn));
  /**
   * Which person first announced each awareness client id, for as long as the room is open: a person who reconnects
   * takes theirs back, nobody else can take it (or they could, once its owner dropped, be followed as the facilitator).
   */
  private readonly claims = new Map<number, string>();
  /**
   * Bytes of presence the room sends out a second. Twenty people moving cursors ten times a second take a tenth of it;
   * ninety-seven sockets sending 4 KB states twenty times a second would take 180 times it (and the server's CPU).
   * Past it, moves are dropped: cursors lag in a huge room, the server and every other board do not.
   */
  private readonly presenceBudget = new TokenBucket(PRESENCE_BYTES_OUT_PER_SECOND, 2 * PRESENCE_BYTES_OUT_PER_SECOND);
  /** The connection holding each awareness client id now. */
  private readonly holders = new Map<number, Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  /** Set by whoever listens to the room (see `RoomHooks`). */
  hooks: RoomHooks | undefined;
  private readonly bus: ReturnType<typeof linkToBus> | undefined;
  /** The board in storage: appends, what is durable, its size, compaction (see `BoardLog`). */
  private readonly log: BoardLog;
  private acksScheduled = false;
  /** Whether a local commit happened since other instances were last told what this one knows to be durable. */
  private announceDue = false;

  constructor(
    readonly id: string,
    private readonly options: RoomOptions,
    /** Resolves when a previous instance of this room has finished writing, so loading sees everything. */
    previous: Promise<void> = Promise.resolve(),
  ) {
    this.log = new BoardLog({
      boardId: id,
      storage: options.storage,
      logger: options.logger,
      compactAfter: options.compactAfter,
      ...(options.history ? { history: options.history } : {}),
      onCommitted: () => {
        this.announceDue = true;
        this.scheduleAcks();
      },
      // Whyboard's clients are told when the server starts or stops failing to save this board.
      onCanSave: (canSave) => {
        for (const connection of this.connections) if (connection.wantsAck) connection.send(storageFrame(canSave));
      },
    });
    this.meeting = new MeetingChannel({
      id: this.id,
      doc: this.doc,
      connections: this.connections,
      logger: this.options.logger,
      save: async (json) => {
        await this.log.retrying('meeting', () => this.options.storage.saveMeeting(this.id, json));
        this.hooks?.meeting(json);
      },
      track: (saving) => this.log.track(saving),
      record: (milestone, by) => {
        const stamp = { at: Date.now(), by };
        this.log.track(this.log.retrying('milestone', () => this.options.storage.recordMilestone(this.id, stamp, milestone)));
      },
    });
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
    const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.heartbeat = setInterval(() => {
      const quietSince = performance.now() - heartbeatMs;
      for (const connection of this.connections) if (connection.lastSentAt <= quietSince) connection.send(HEARTBEAT);
      // Only another instance relays what it may never store (it died): alone, a room holds no such change.
      if (this.bus) this.log.storeOrphans(REMOTE_STORE_AFTER_MS);
    }, heartbeatMs / 4);
    this.heartbeat.unref();
    // Subscribe before loading: what others store after the load starts still arrives, and Yjs merges it either way.
    this.bus = options.bus && linkToBus(this, options.bus);
    this.loaded = previous.then(() => this.bus?.subscribe()).then(() => this.load());
    // A board that takes too long to load (a stuck store) lets its waiting sockets go, to come back later.
    const timeout = setTimeout(() => {
      if (this.ready || this.closed) return;
      for (const connection of [...this.connections])
        this.refuse(connection, CloseCode.bufferFull, 'The board is taking too long to load: try again in a moment.');
    }, options.limits.loadTimeoutMs);
    timeout.unref();
    void this.loaded.finally(() => clearTimeout(timeout)).catch(() => undefined);
  }

  private async load(): Promise<void> {
    const [updates, meeting] = await Promise.all([this.options.storage.load(this.id), this.options.storage.loadMeeting(this.id)]);
    if (this.closed) return;
    // Sync requests are answered from the stored bytes while the document is built (see `StoredBoard`): those that
    // came while the board was read at once, and those of the connections that opened it as they arrive.
    const stored = StoredBoard.of(updates);
    if (stored) {
      this.stored = stored;
      for (const connection of this.connections) stored.answerBuffered(connection);
      await stored.waitForRequests(this.connections, WAIT_FOR_REQUESTS_MS);
      this.stored = undefined;
      if (this.closed) return;
    }
    this.meeting.load(parseMeeting(meeting));
    this.doc.transact(() => {
      for (const update of updates) Y.applyUpdate(this.doc, update);
    }, LOAD);
    // Listened to from here on: Yjs encodes each transaction for its listeners, and the load's is the whole board.
    this.doc.on('update', this.onDocUpdate);
    // What other instances relayed before this is in the document, and in flight like anything they relay: durable
    // once they say so, or stored here if they never do (their instance died). Untracked, it would have counted as
    // durable at once, and a client that sent it again would have been told "Saved" for a change stored nowhere.
    for (const update of this.relayedBeforeLoad) this.log.durable.add(update, true);
    this.log.loaded(updates);
    // A board saved by an older version is brought to this one: a change like any other, stored and sent to everyone.
    const migrated = migrateBoard(this.doc, SERVER);
    if (migrated.steps.length > 0) this.options.logger.info('board.migrated', { board: this.id, from: migrated.from, to: migrated.to });
    this.ready = true;
    // What other instances relayed before the board was built is in the document, not in the stored bytes some
    // connections were answered with: they get it now.
    const relayedEarly = this.relayedBeforeLoad.length > 0 ? updateFrame(mergeUpdates(this.relayedBeforeLoad)) : undefined;
    this.relayedBeforeLoad = [];
    for (const connection of this.connections) {
      if (relayedEarly && stored?.answered.has(connection)) connection.send(relayedEarly);
      this.start(connection);
    }
  }

  /** Attaches a socket. Call synchronously in the upgrade callback: the listener must exist before any message. */
  join(ws: WebSocket, options: JoinOptions): Connection {
    const connection = new Connection(ws, options, this.options.limits);
    connection.onSlow = () => this.refuse(connection, CloseCode.tooSlow, 'The connection cannot keep up: reconnect when the network is better.');
    this.connections.add(connection);
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return this.refuse(connection, CloseCode.malformedMessage, 'Whyboard speaks binary y-websocket frames only.');
      const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (this.ready) return this.receive(connection, message);
      if (this.stored?.answer(connection, message)) return;
      connection.buffer.push(message.slice()); // a copy: the socket may reuse the memory behind `data`
      connection.bufferedBytes += message.byteLength;
      const { messages, bytes } = this.options.loadBuffer;
      if (connection.buffer.length > messages || connection.bufferedBytes > bytes) {
        this.refuse(connection, CloseCode.bufferFull, 'Too much data before the board finished loading.');
      }
    });
    ws.on('close', () => this.leave(connection));
    if (this.ready) this.start(connection);
    return connection;
  }

  /** Opens the conversation once the document is loaded: our state vector, who is here, then what they sent early. */
  private start(connection: Connection): void {
    connection.send(syncStep1Frame(this.doc));
    if (!this.log.saving && connection.wantsAck) connection.send(storageFrame(false));
    if (this.awareness.getStates().size > 0) connection.send(awarenessFrame(this.awareness, [...this.awareness.getStates().keys()]));
    this.meeting.join(connection);
    const early = connection.buffer;
    connection.buffer = [];
    connection.bufferedBytes = 0;
    for (const message of early) this.receive(connection, message);
  }

  /** Handles one frame. Anything undecodable closes this connection only. */
  private receive(connection: Connection, bytes: Uint8Array): void {
    if (this.closed || !this.connections.has(connection)) return;
    try {
      const message = readFrame(bytes);
      switch (message.type) {
        case 'syncRequest':
          // Each answer can be the whole board: one is owed on joining, not one for every request sent while the last
          // answer is still on its way.
          if (connection.lagging || !connection.syncRequestRate.take()) {
            return this.refuse(connection, CloseCode.tooManyUpdates, 'Too many sync requests: reconnect in a moment.');
          }
          if (!plausibleStateVector(message.stateVector, this.doc.store.clients.size)) {
            return this.refuse(connection, CloseCode.malformedMessage, 'This sync request names far more clients than the board has.');
          }
          return connection.send(syncStep2Frame(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        case 'update':
          return this.receiveUpdate(connection, message.update);
        case 'awareness': {
          // Every message counts towards the connection's bytes; only one with its own state counts towards its rate of
          // moves: the stock client also sends back every state it receives, and those echoes (dropped in
          // stampAwareness) must not use up the budget of its own moves. Over either: dropped; the next one carries
          // the latest state.
          if (!connection.awarenessBytes.take(bytes.byteLength)) return;
          const hadClientId = connection.presence.clientId !== undefined;
          const stamped = stampAwareness(message.update, connection.presence, (clientId) => this.isTaken(clientId, connection));
          if (!hadClientId && connection.presence.clientId !== undefined) this.claim(connection);
          if (!stamped || !connection.awarenessRate.take()) return;
          // What the room relays grows with the square of its size: its presence has a budget of bytes sent out.
          if (!this.presenceBudget.take(stamped.byteLength * Math.max(1, this.connections.size - 1))) return;
          awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, connection.origin);
          return;
        }
        case 'queryAwareness':
          if (connection.lagging || !connection.awarenessQueryRate.take()) return;
          return connection.send(awarenessFrame(this.awareness, [...this.awareness.getStates().keys()]));
        case 'meeting':
          return this.meeting.receive(connection, message.json);
      }
    } catch (error) {
      this.options.logger.warn('message.malformed', { board: this.id, role: connection.role, error: String(error) });
      this.refuse(connection, CloseCode.malformedMessage, 'Malformed message.');
    }
  }

  /** A change from a connection: checked against its role and the lock, its budgets, the schema and the board's size. */
  private receiveUpdate(connection: Connection, update: Uint8Array): void {
    const verdict = judgeWrite(connection.role, this.meeting.locked, update);
    if (verdict === 'ignore') return;
    if (verdict === 'locked') {
      metrics.updatesRefused.inc();
      return this.meeting.refuseLocked(connection);
    }
    if (!connection.updateRate.take() || !connection.takeUpdateBytes(update.byteLength)) {
      metrics.updatesRefused.inc();
      return this.refuse(connection, CloseCode.tooManyUpdates, 'Too many updates a second: reconnect in a moment, nothing you wrote is lost.');
    }
    // Throws on an undecodable update: this connection is closed with 4400.
    const checked = checkUpdate(this.doc, update);
    if (!checked.ok && checked.missing) return this.resync(connection, checked.reason);
    if (!checked.ok) {
      metrics.updatesRefused.inc();
      this.options.logger.warn('update.refused', { board: this.id, role: connection.role, reason: checked.reason });
      return this.refuse(connection, CloseCode.invalidUpdate, `This change does not fit the board (${checked.reason}), so it was not saved.`);
    }
    if (
      this.log.storedBytes + this.turn.bytes + update.byteLength > this.options.limits.boardBytes ||
      structCount(this.doc) + checked.structs > MAX_BOARD_STRUCTS
    ) {
      metrics.updatesRefused.inc();
      this.options.logger.warn('board.full', { board: this.id, bytes: this.log.storedBytes, structs: structCount(this.doc) });
      return this.refuse(connection, CloseCode.boardFull, 'This board has reached its size limit: start a new board for new work.');
    }
    Y.applyUpdate(this.doc, update, connection.origin);
    metrics.updatesIn.inc();
    // Nothing new (an offline copy sent again): acknowledged once what the room holds is durable.
    if (connection.wantsAck && !this.turn.sent(connection.origin)) this.awaitDurable(connection);
  }

  /** Whether this board's writes are going through (false while storage fails them: they are retried). */
  get saving(): boolean {
    return this.log.saving;
  }

  /** The meeting as stored, private parts included: for the report (participants, sign-off). */
  get meetingState(): Meeting {
    return this.meeting.state;
  }

  /**
   * A change the server makes to the meeting itself, not on anyone's command (a letter sent by e-mail): told to
   * everyone, here and on other instances, and stored; resolves once stored.
   */
  changeMeeting(next: (meeting: Meeting) => Meeting, by: Author | null): Promise<Meeting> {
    return this.meeting.change(next, by);
  }

  /** Whether an awareness client id belongs to someone other than this connection (see `claims`). */
  private isTaken(clientId: number, connection: Connection): boolean {
    const holder = this.holders.get(clientId);
    if (holder && holder !== connection) return true;
    const owner = this.claims.get(clientId);
    return owner !== undefined && owner !== connection.person;
  }

  private claim(connection: Connection): void {
    const clientId = connection.presence.clientId!;
    this.holders.set(clientId, connection);
    // Only a person who can come back as themself claims an id: a client without a person id (a stock y-websocket
    // client) is someone new on every connection, and would be locked out of its own id after a reconnect.
    if (!connection.knownPerson || this.claims.has(clientId)) return;
    this.claims.set(clientId, connection.person);
    // The oldest claims go first: a room open for days forgets ids nobody has used since.
    if (this.claims.size > MAX_CLAIMS) this.claims.delete(this.claims.keys().next().value!);
  }

  /**
   * An update that builds on changes the server does not have is not applied (Yjs would hold it in memory, outside
   * every budget): the sender is asked for everything it has instead, once the turn is over and at most every
   * RESYNC_INTERVAL_MS (each ask sends a state vector; the answer is one update with all the sender has).
   */
  private resync(connection: Connection, reason: string): void {
    if (connection.resyncTimer) return;
    this.options.logger.info('update.resync', { board: this.id, reason });
    const wait = Math.max(0, connection.lastResync + RESYNC_INTERVAL_MS - Date.now());
    connection.resyncTimer = setTimeout(() => {
      connection.resyncTimer = undefined;
      connection.lastResync = Date.now();
      if (this.connections.has(connection)) connection.send(syncStep1Frame(this.doc));
    }, wait);
    connection.resyncTimer.unref();
  }

  /** A message from another instance holding this board. */
  readonly receiveRemote = (kind: BusKind, payload: Uint8Array): void => {
    if (this.closed) return;
    try {
      if (kind === BusKind.update) {
        if (!this.ready) this.relayedBeforeLoad.push(payload);
        Y.applyUpdate(this.doc, payload, REMOTE);
      } else if (kind === BusKind.durable) {
        if (this.log.durable.announce(Y.decodeStateVector(payload))) this.scheduleAcks();
      } else if (kind === BusKind.awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, REMOTE);
      else if (kind === BusKind.meeting) this.meeting.adopt(parseMeeting(new TextDecoder().decode(payload)));
      else if (kind === BusKind.revoke) this.revoke(Revocation.parse(JSON.parse(new TextDecoder().decode(payload))));
    } catch (error) {
      this.options.logger.warn('bus.bad_message', { board: this.id, kind, error: String(error) });
    }
  };

  private readonly onDocUpdate = (update: Uint8Array, origin: Origin): void => {
    // Another instance stores what it received: until it says so, the change counts as in flight here.
    this.turn.update(update, origin, this.log.durable.add(update, origin === REMOTE));
  };

  private readonly onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: Origin): void =>
    this.turn.presence([...added, ...updated, ...removed], origin === REMOTE);

  /**
   * Sends out what changed this turn (see the class comment): updates are relayed and published at once, and stored
   * meanwhile; their senders are acknowledged once they are durable.
   */
  private endTurn(turn: Turn): void {
    const { updates, pieces, senders, awareness, remoteAwareness } = turn;
    if (this.closed && updates.length === 0) return;
    // Live edits never wait for the disk: what a crash takes back before it is stored, every client that holds it gives
    // back on reconnecting (they keep their copy). Only "Saved" (the acknowledgement) waits for the commit.
    // The turn's updates as one, merged once: for the connections, and for the other instances when all are this one's.
    const everything = updates.length > 0 ? mergeUpdates(updates.map((item) => item.update)) : undefined;
    const local = updates.filter((item) => item.origin !== REMOTE);
    if (local.length > 0) {
      this.log.store(changesByAuthor(local, Date.now()), pieces);
      if (this.hooks) this.hooks.update(local.length === updates.length ? everything! : mergeUpdates(local.map((item) => item.update)));
      for (const sender of senders) if (connectionOf(sender)?.wantsAck) this.awaitDurable(connectionOf(sender)!);
    }
    if (this.closed) return;
    if (everything) {
      relayUpdates(this.connections, turn, everything);
      const relayed = performance.now();
      for (const piece of pieces) metrics.updateSeconds.observe((relayed - piece.at) / 1000);
    }
    if (awareness.size + remoteAwareness.size > 0) {
      relayPresence(this.connections, this.awareness, new Set([...awareness, ...remoteAwareness]));
      if (awareness.size > 0) this.hooks?.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...awareness]));
    }
  }

  /**
   * Acknowledges `connection` as the changes in flight now become durable: each time some do, with the durable state
   * vector (the client sees how far its own changes are stored), until all have. The room's changes in flight are in
   * order (`DurableState`), so what a connection waits for is one number, and checking it costs the same however far
   * storage is behind (a set of the changes each connection waited for made a writer that fell behind cost the event
   * loop more with every change, until it could not keep up).
   */
  private awaitDurable(connection: Connection): void {
    const oldest = this.log.durable.oldest();
    if (!oldest) {
      connection.ackDue = true;
      return this.scheduleAcks();
    }
    connection.awaitingUpTo = this.log.durable.lastSeq;
    connection.toldOldest = oldest.seq;
  }

  /** Once this turn is over: acknowledges the connections whose changes are durable, and tells other instances. */
  private scheduleAcks(): void {
    if (this.acksScheduled) return;
    this.acksScheduled = true;
    setImmediate(() => {
      this.acksScheduled = false;
      if (this.closed) return;
      const oldest = this.log.durable.oldest();
      const oldestRemote = this.log.durable.oldestRemote();
      let vector: Uint8Array | undefined;
      for (const connection of this.connections) {
        if (!connection.wantsAck) continue;
        const upTo = connection.awaitingUpTo;
        if (upTo === undefined) {
          // Nothing was in flight when it sent its change (an offline copy sent again): told what is durable.
          if (!connection.ackDue) continue;
        } else if (!oldest || oldest.seq > upTo) connection.awaitingUpTo = undefined;
        // Told as it goes (someone typing on never waits for a pause to see "Saved" move), and once all is durable; but
        // not while a change from another instance it may have built on is durable nowhere yet.
        else if (oldest.seq === connection.toldOldest || (oldestRemote !== undefined && oldestRemote.seq <= upTo)) continue;
        else connection.toldOldest = oldest.seq;
        connection.ackDue = false;
        vector ??= Y.encodeStateVector(this.log.durable.vector(this.doc));
        connection.send(storedFrame(vector));
      }
      // Only what this instance committed is news to the others (announcing what they announced would echo forever).
      if (this.announceDue && this.hooks) {
        this.announceDue = false;
        this.hooks.durable(vector ?? Y.encodeStateVector(this.log.durable.vector(this.doc)));
      }
    });
  }

  /** Resolves when everything this instance received so far is in storage. */
  flushed(): Promise<void> {
    if (this.turn.hasUpdates) this.turn.end();
    return this.log.flushed();
  }

  /** Merges the stored log now, with everything received so far (it is merged in the background every `compactAfter` appends). */
  async compact(): Promise<void> {
    await this.flushed();
    await this.log.compact();
  }

  private refuse(connection: Connection, code: number, reason: string): void {
    this.leave(connection);
    connection.close(code, reason);
    // The closing handshake waits behind whatever is unsent: a peer that does not read is cut off soon after.
    setTimeout(() => connection.ws.terminate(), 2000).unref();
  }

  private leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    connection.buffer = [];
    const { clientId } = connection.presence;
    if (clientId !== undefined && this.holders.get(clientId) === connection) this.holders.delete(clientId);
    if (clientId !== undefined && this.awareness.getStates().has(clientId)) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [clientId], null);
    }
    this.onEmpty?.();
  }

  /** Lets go of everyone who came with links that no longer open the board (closed with 4401 and `reason`). */
  revoke(revocation: Revocation): number {
    return revocation.links === 'board'
      ? this.closeRole(revocation.role, CloseCode.unauthorized, revocation.reason)
      : this.closeSpaceLinks(revocation.spaceRole, CloseCode.unauthorized, revocation.reason);
  }

  /** Closes every connection that joined with a role's link (it was replaced): they must come back with the new link. */
  closeRole(role: Role, code: number, reason: string): number {
    // Only those who came with the board's own link: a space's link still opens the board.
    return this.closeWhere((connection) => connection.role === role && connection.spaceRole === undefined, code, reason);
  }

  /**
   * Closes every connection that joined with the team space's link for `spaceRole` (it was replaced), or with any of
   * the space's links when none is named (the board left the space).
   */
  closeSpaceLinks(spaceRole: SpaceRole | undefined, code: number, reason: string): number {
    return this.closeWhere((connection) => connection.spaceRole !== undefined && (spaceRole === undefined || connection.spaceRole === spaceRole), code, reason);
  }

  private closeWhere(which: (connection: Connection) => boolean, code: number, reason: string): number {
    const closing = [...this.connections].filter(which);
    for (const connection of closing) this.refuse(connection, code, reason);
    return closing.length;
  }

  /** Set by the room manager: called when the last connection leaves. */
  onEmpty?: () => void;

  /** Stops taking messages, closes every socket, waits for pending writes, then merges the log. */
  async close(code: number = CloseCode.goingAway, reason = 'The board was closed.'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const connection of [...this.connections]) connection.close(code, reason);
    this.connections.clear();
    // A board still loading has applied and stored nothing yet: there is nothing to wait for (its store may be stuck).
    // What other instances relayed and have not yet said they stored is stored here too: this copy is going away.
    if (this.ready) {
      this.log.storeOrphans(0);
      await this.flushed();
    }
    if (this.log.uncompacted) await this.log.compact();
    await this.bus?.unsubscribe();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
