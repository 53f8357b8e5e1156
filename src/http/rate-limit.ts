import { createError } from "../errors.js";

/**
 * Token buckets per client and route class: `capacity` requests at once, refilled at
 * `perMinute`. Memory is bounded: idle buckets are dropped when the table grows large.
 */
export interface RateLimit {
  capacity: number;
  perMinute: number;
}

/**
 * Per client and minute. `read`/`write` count against an address; `key-read`/`key-write`
 * against an authenticated API key, which is why they are ten times higher.
 */
export const DEFAULT_LIMITS = {
  read: { capacity: 120, perMinute: 600 },
  write: { capacity: 20, perMinute: 60 },
  "key-read": { capacity: 1200, perMinute: 6000 },
  "key-write": { capacity: 200, perMinute: 600 },
} as const satisfies Record<string, RateLimit>;

export type LimitClass = keyof typeof DEFAULT_LIMITS;
const CLASSES = Object.keys(DEFAULT_LIMITS) as LimitClass[];
const PER_MINUTE = { s: 60, sec: 60, min: 1, m: 1, h: 1 / 60, hour: 1 / 60 } as const;

/**
 * Reads an operator's rate-limit setting (`serve --rate-limit`, CAPGRAPH_RATE_LIMIT) over the
 * defaults: `read=600/min,write=60/min:20,key-read=100/s`, where `:N` is the burst (default:
 * a fifth of a minute's worth, at least 1); `off` turns limiting off.
 */
export function parseRateLimits(spec: string): Record<string, RateLimit> {
  const text = spec.trim();
  if (text === "off") return {};
  const out: Record<string, RateLimit> = { ...DEFAULT_LIMITS };
  for (const part of text
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([a-z-]+)=(\d+(?:\.\d+)?)\/(s|sec|m|min|h|hour)(?::(\d+))?$/.exec(part);
    const cls = m?.[1] as LimitClass | undefined;
    if (!m || !cls || !CLASSES.includes(cls) || Number(m[2]) <= 0) {
      throw createError("RATE_LIMIT_INVALID", [part, CLASSES.join(", ")]);
    }
    const perMinute = Number(m[2]) * PER_MINUTE[m[3] as keyof typeof PER_MINUTE];
    out[cls] = { perMinute, capacity: m[4] ? Math.max(1, Number(m[4])) : Math.max(1, Math.round(perMinute / 5)) };
  }
  return out;
}

const MAX_BUCKETS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly limits: Record<string, RateLimit> = DEFAULT_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

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
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
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
