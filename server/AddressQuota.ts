import { TokenBucket } from './TokenBucket';

/**
 * A quota per client address: `perMinute` a minute, a minute's worth at once. The quota must not be a leak of its own:
 * an address unseen for a minute has a full bucket again, the same as a fresh one, so it is forgotten; and at most
 * `maxAddresses` are held (the least recently seen go first, which gives them nothing a new address would not get).
 */
export class AddressQuota {
  /** In order of last use, oldest first: a Map iterates in insertion order and each use re-inserts. */
  private readonly buckets = new Map<string, { bucket: TokenBucket; seenAt: number }>();
  /** How long a refused client should wait: by then its bucket holds a token again. */
  readonly retryAfterSeconds: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxAddresses = 100_000,
  ) {
    this.retryAfterSeconds = Math.ceil(60 / perMinute);
  }

  /** Counts one use by `address`; false when its quota is spent. */
  take(address: string): boolean {
    const now = performance.now();
    const entry = this.buckets.get(address) ?? { bucket: new TokenBucket(this.perMinute / 60, this.perMinute), seenAt: now };
    this.buckets.delete(address);
    entry.seenAt = now;
    this.buckets.set(address, entry);
    for (const [oldest, { seenAt }] of this.buckets) {
      if (now - seenAt < FULL_AFTER_MS && this.buckets.size <= this.maxAddresses) break;
      this.buckets.delete(oldest);
    }
    return entry.bucket.take();
  }

  /** Addresses held now (for tests). */
  get size(): number {
    return this.buckets.size;
  }
}

/** A bucket of a minute's worth refills in a minute. */
const FULL_AFTER_MS = 60_000;
