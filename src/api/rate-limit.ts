/**
 * Token buckets per client and route class: `capacity` requests at once, refilled at
 * `perMinute`. Memory is bounded: idle buckets are dropped when the table grows large.
 */
export interface RateLimit { capacity: number; perMinute: number }

export const DEFAULT_LIMITS = {
  read: { capacity: 120, perMinute: 600 },
  write: { capacity: 20, perMinute: 60 },
} as const satisfies Record<string, RateLimit>;

const MAX_BUCKETS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly limits: Record<string, RateLimit> = DEFAULT_LIMITS, private readonly clock: () => number = Date.now) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(client: string, kind: string): number {
    const limit = this.limits[kind];
    if (!limit) return 0;
    const now = this.clock();
    const key = `${kind}\u0000${client}`;
    const b = this.buckets.get(key) ?? { tokens: limit.capacity, at: now };
    b.tokens = Math.min(limit.capacity, b.tokens + ((now - b.at) / 60_000) * limit.perMinute);
    b.at = now;
    if (this.buckets.size >= MAX_BUCKETS && !this.buckets.has(key)) this.evict(now);
    this.buckets.set(key, b);
    if (b.tokens >= 1) { b.tokens -= 1; return 0; }
    return Math.max(1, Math.ceil(((1 - b.tokens) / limit.perMinute) * 60));
  }

  /** Drops idle buckets, then the oldest (Map order is insertion order), never everyone's. */
  private evict(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
    for (const k of this.buckets.keys()) {
      if (this.buckets.size < MAX_BUCKETS * 0.9) break;
      this.buckets.delete(k);
    }
  }
}
