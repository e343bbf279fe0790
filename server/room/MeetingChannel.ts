import * as Y from 'yjs';
import { COMPLAINT_ID, CauseKey, askWhy, getCauses, readBoard } from '../../shared/board';
import {
  MeetingCommand,
  applyCommand,
  encodeMeetingFrame,
  initialMeeting,
  mineOf,
  participantNames,
  viewMeeting,
  withParticipant,
  type BoardFacts,
  type Meeting,
  type Reveal,
} from '../../shared/meeting';
import type { Author, Milestone } from '../../shared/history/changes';
import { milestonesBetween } from '../../shared/history/milestones';
import { letterText } from '../../shared/report';
import type { Logger } from '../log';
import type { Connection } from './Connection';
import { syncStep1Frame } from './frames';
import type { Origin } from './origins';

/** What the meeting channel needs of its room. */
export interface MeetingHost {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly connections: Iterable<Connection>;
  readonly logger: Logger;
  /** Stores the meeting's state (retried until it commits), then tells other instances. */
  save(json: string): Promise<void>;
  /** Counts a save among the room's pending writes (closing the room waits for them). */
  track(saving: Promise<void>): void;
  /** Keeps a milestone of the meeting in the board's history (retried until it commits). */
  record(milestone: Milestone, by: Author | null): void;
}

/**
 * The meeting of one board (phase, timers, follow, silent round, votes, lock): state the server owns, changed only by
 * commands it has checked (`applyCommand`), stored beside the board, and sent to every connection that asked for it,
 * each with its own private part (its candidates before the reveal, its dots before the count).
 */
export class MeetingChannel {
  private meeting: Meeting = initialMeeting();
  /** Saves run one after the other, so the last one stored is the last one made. */
  private saved: Promise<void> = Promise.resolve();

  constructor(private readonly host: MeetingHost) {}

  /** The meeting as stored, private parts included: for the report (participants, sign-off). */
  get state(): Meeting {
    return this.meeting;
  }

  get locked(): boolean {
    return this.meeting.locked;
  }

  /** The state the board was stored with (when the room loads). */
  load(meeting: Meeting): void {
    this.meeting = meeting;
  }

  /**
   * A connection starts: it is told the meeting if it asked, and it is a participant if it says who it is (a person
   * id). Without one it would be someone new on every connection, and could fill the participants' list.
   */
  join(connection: Connection): void {
    if (!connection.wantsMeeting) return;
    const joined = connection.knownPerson ? withParticipant(this.meeting, connection.person, connection.presence.name, connection.role) : this.meeting;
    if (joined !== this.meeting) {
      this.meeting = joined;
      this.save();
    }
    this.send(connection);
  }

  /** A meeting command: applied if this person may, then everyone is told; otherwise the sender is told why not. */
  receive(connection: Connection, json: string): void {
    const refused = (command: string, message: string) => connection.send(encodeMeetingFrame({ type: 'refused', command, message }));
    if (!connection.commandRate.take()) return refused('unknown', 'Too many meeting commands at once: wait a moment.');
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch {
      return refused('unknown', 'A meeting command must be JSON.');
    }
    const parsed = MeetingCommand.safeParse(body);
    const type = typeof (body as { type?: unknown } | null)?.type === 'string' ? (body as { type: string }).type.slice(0, 40) : 'unknown';
    if (!parsed.success) return refused(type, `Not a meeting command Whyboard knows: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    const actor = { person: connection.person, name: connection.presence.name, role: connection.role, clientId: connection.presence.clientId };
    const result = applyCommand(this.meeting, parsed.data, actor, this.facts, Date.now());
    if (!result.ok) return refused(type, result.message);
    const by: Author = { name: actor.name, role: actor.role };
    this.record(this.meeting, result.meeting, by);
    this.adopt(result.meeting);
    if (result.reveal) this.reveal(result.reveal, by);
    this.save();
  }

  /** Keeps the milestones between two states of the meeting in the board's history, as `by`'s. */
  private record(before: Meeting, after: Meeting, by: Author | null): void {
    for (const milestone of milestonesBetween(before, after)) this.host.record(milestone, by);
  }

  /**
   * A change the server makes itself, not on a command (a letter sent by e-mail): applied to the meeting as it is now,
   * told to everyone here and on other instances, and stored. Resolves once it is stored.
   */
  async change(next: (meeting: Meeting) => Meeting, by: Author | null): Promise<Meeting> {
    const changed = next(this.meeting);
    this.record(this.meeting, changed, by);
    this.adopt(changed);
    this.save();
    await this.saved;
    return changed;
  }

  /** Takes a new state of the meeting, made here or on another instance, and tells everyone here. */
  adopt(meeting: Meeting): void {
    const unlocked = this.meeting.locked && !meeting.locked;
    this.meeting = meeting;
    for (const other of this.host.connections) {
      if (unlocked) other.toldLocked = false;
      if (other.wantsMeeting) this.send(other);
      // Edits refused during the lock are still on the editors' devices: ask for them again.
      if (unlocked && other.role === 'editor') other.send(syncStep1Frame(this.host.doc));
    }
  }

  private readonly facts: BoardFacts = {
    exists: (id) => {
      if (id === COMPLAINT_ID) return true;
      const cause = getCauses(this.host.doc).get(id);
      return cause instanceof Y.Map && cause.get(CauseKey.deleted) !== true;
    },
    letterText: () => letterText(readBoard(this.host.doc), participantNames(this.meeting)),
  };

  private send(connection: Connection): void {
    connection.send(encodeMeetingFrame({ type: 'state', meeting: viewMeeting(this.meeting), now: Date.now() }));
    connection.send(encodeMeetingFrame({ type: 'mine', mine: mineOf(this.meeting, connection.person) }));
  }

  /**
   * Puts a silent round's candidates on the board, under its card, as their authors' causes; in the history, they are
   * the change of the facilitator who revealed them.
   */
  private reveal({ causeId, candidates }: Reveal, by: Author): void {
    const origin: Origin = { kind: 'server', by };
    try {
      this.host.doc.transact(() => {
        for (const candidate of candidates) askWhy(this.host.doc, causeId, { text: candidate.text, createdBy: candidate.author }, origin);
      }, origin);
    } catch (error) {
      this.host.logger.warn('meeting.reveal_failed', { board: this.host.id, error: String(error) });
    }
  }

  private save(): void {
    const json = JSON.stringify(this.meeting);
    this.saved = this.saved.then(() => this.host.save(json));
    this.host.track(this.saved);
  }

  /**
   * Tells an editor, once per lock, that the board is locked and their changes are not taken: in the meeting's own
   * message, so only a client that asked for the meeting (a stock y-websocket client cannot read it, and logs an error).
   */
  refuseLocked(connection: Connection): void {
    if (connection.toldLocked || !connection.wantsMeeting) return;
    connection.toldLocked = true;
    connection.send(
      encodeMeetingFrame({
        type: 'refused',
        command: 'edit',
        message: 'The facilitator has locked the board: your changes are kept on your device until it is unlocked.',
      }),
    );
  }
}
