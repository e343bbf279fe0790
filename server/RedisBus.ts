import { Redis } from 'ioredis';
import { nanoid } from 'nanoid';
import type { Logger } from './log';
import { metrics, timed } from './metrics';

/** What instances tell each other about a board. */
export const BusKind = {
  update: 1,
  awareness: 2,
  meeting: 3,
  /** The state vector the sending instance knows to be in storage (sent after its own commits). */
  durable: 4,
  /** Links that no longer open the board (`Revocation`, JSON): every instance lets go of who came with them. */
  revoke: 5,
} as const;
export type BusKind = (typeof BusKind)[keyof typeof BusKind];

export type BusHandler = (kind: BusKind, payload: Uint8Array) => void;

/** How rooms on several instances share what happens on a board. One channel per board. */
export interface RoomBus {
  subscribe(boardId: string, handler: BusHandler): Promise<void>;
  unsubscribe(boardId: string): Promise<void>;
  publish(boardId: string, kind: BusKind, payload: Uint8Array): void;
  close(): Promise<void>;
}

const ID_BYTES = 16;
const channelOf = (boardId: string) => `whyboard:board:${boardId}`;

/**
 * Redis pub/sub between instances (`REDIS_URL`). Each message is tagged with the instance that sent it, so nothing
 * echoes back; an instance subscribes only to the boards it holds. Updates that arrive this way are stored by the
 * instance that received them, which says so (`durable`) once they are committed; they are not stored again unless it
 * never does.
 */
export class RedisBus implements RoomBus {
  readonly instance = nanoid(ID_BYTES);
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, BusHandler>();

  constructor(url: string, logger: Logger) {
    const options = { maxRetriesPerRequest: null, lazyConnect: false };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, options);
    for (const client of [this.pub, this.sub]) client.on('error', (error: Error) => logger.warn('redis.error', { error: error.message }));
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const handler = this.handlers.get(channel.toString().slice('whyboard:board:'.length));
      if (!handler || message.length <= ID_BYTES) return;
      if (message.toString('latin1', 0, ID_BYTES) === this.instance) return; // our own, back from Redis
      handler(message[ID_BYTES] as BusKind, new Uint8Array(message.buffer, message.byteOffset + ID_BYTES + 1, message.length - ID_BYTES - 1));
    });
  }

  async subscribe(boardId: string, handler: BusHandler): Promise<void> {
    this.handlers.set(boardId, handler);
    await this.sub.subscribe(channelOf(boardId));
  }

  async unsubscribe(boardId: string): Promise<void> {
    this.handlers.delete(boardId);
    await this.sub.unsubscribe(channelOf(boardId));
  }

  publish(boardId: string, kind: BusKind, payload: Uint8Array): void {
    const message = Buffer.allocUnsafe(ID_BYTES + 1 + payload.length);
    message.write(this.instance, 0, 'latin1');
    message[ID_BYTES] = kind;
    message.set(payload, ID_BYTES + 1);
    void timed(metrics.redisPublishSeconds, () => this.pub.publish(channelOf(boardId), message)).catch(() => undefined); // errors are logged by the client
  }

  async close(): Promise<void> {
    await Promise.all([this.pub.quit(), this.sub.quit()].map((quit) => quit.catch(() => undefined)));
  }
}
