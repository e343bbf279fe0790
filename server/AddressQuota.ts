import { TokenBucket } from './TokenBucket';

/**
 * A token bucket per client address. The quota must not be a leak of its own: an address unseen for as long as its
 * bucket takes to fill has a full bucket again, the same as a fresh one, so it is forgotten; and at most
 * `maxAddresses` are held (the least recently seen go first, which gives them nothing a new address would not get).
 */
export class AddressQuota {
  /** In order of last use, oldest first: a Map iterates in insertion order and each use re-inserts. */
  private readonly buckets = new Map<string, { bucket: TokenBucket; seenAt: number }>();
  /** How long a refused client should wait for one token. */
  readonly retryAfterSeconds: number;
  /** How long an empty bucket takes to fill. */
  private readonly fullAfterMs: number;

  constructor(
    private readonly rate: { perSecond: number; burst: number },
    private readonly maxAddresses = 100_000,
  ) {
    this.retryAfterSeconds = Math.ceil(1 / rate.perSecond);
    this.fullAfterMs = (rate.burst / rate.perSecond) * 1000;
  }

  /** `count` a minute, a minute's worth at once. */
  static perMinute(count: number, maxAddresses?: number): AddressQuota {
    return new AddressQuota({ perSecond: count / 60, burst: count }, maxAddresses);
  }

  /** Counts a use by `address` that costs `cost` tokens (one request, or its bytes); false when its quota is spent. */
  take(address: string, cost = 1): boolean {
    const now = performance.now();
    const entry = this.buckets.get(address) ?? { bucket: new TokenBucket(this.rate.perSecond, this.rate.burst), seenAt: now };
    this.buckets.delete(address);
    entry.seenAt = now;
    this.buckets.set(address, entry);
    for (const [oldest, { seenAt }] of this.buckets) {
      if (now - seenAt < this.fullAfterMs && this.buckets.size <= this.maxAddresses) break;
      this.buckets.delete(oldest);
    }
    return entry.bucket.take(cost);
  }

  /** Addresses held now (for tests). */
  get size(): number {
    return this.buckets.size;
  }
}
