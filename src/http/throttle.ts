import type { Context, MiddlewareHandler } from "hono";
import type { Capgraph } from "../capgraph.js";
import { authenticate } from "../core/domain.js";
import type { LimitClass, RateLimiter } from "./rate-limit.js";

/** Whom a request is charged to, and which limits apply: an API key's, else its address's. */
export interface RateIdentity {
  client: string;
  read: LimitClass;
  write: LimitClass;
}

const ANONYMOUS = { read: "read", write: "write" } as const;
const KEYED = { read: "key-read", write: "key-write" } as const;

/**
 * Rate limiting for the whole app. A request with a valid API key counts against that key's
 * (higher) limits; anything else, including an unknown or revoked key, against its address.
 * MCP POSTs are charged per JSON-RPC message by the MCP handler instead. Then the gate (if
 * any) lets each client run only a few requests at a time.
 */
export function throttle(
  core: Capgraph,
  limiter: RateLimiter,
  gate: ClientGate | undefined,
  address: (c: Context) => string,
  refuse: (c: Context, wait: number) => Response,
) {
  const identities = new WeakMap<Request, RateIdentity>();
  const identify = async (c: Context): Promise<RateIdentity> => {
    const header = c.req.header("authorization");
    if (header?.startsWith("Bearer ")) {
      try {
        const key = await authenticate(core.store, header, "read");
        return { client: `key:${key.id}`, ...KEYED };
      } catch {
        /* not a usable key: charged as anonymous; the route answers 401 if it needs one */
      }
    }
    return { client: address(c), ...ANONYMOUS };
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const who = await identify(c);
    identities.set(c.req.raw, who);
    const isRead = ["GET", "HEAD", "OPTIONS"].includes(c.req.method);
    const wait =
      c.req.path === "/mcp" && c.req.method === "POST" ? 0 : limiter.take(who.client, isRead ? who.read : who.write);
    if (wait > 0) return refuse(c, wait);
    if (!gate) return next();
    const leave = await gate.enter(who.client);
    if (!leave) return refuse(c, 1);
    try {
      await next();
    } finally {
      leave();
    }
  };
  /** The identity the middleware found for this request. */
  const identity = (c: Context): RateIdentity => identities.get(c.req.raw) ?? { client: address(c), ...ANONYMOUS };
  return { middleware, identity };
}

/** Requests one client may have running at once, and waiting beyond those (429 after). */
export const DEFAULT_CONCURRENCY = { running: 2, waiting: 100 } as const;

/**
 * Fairness on the one event loop: each client runs at most `running` requests at a time;
 * the rest wait (costing a socket, not CPU) in arrival order. Without it, a burst of
 * expensive requests from one address queued ahead of everyone else's.
 */
export class ClientGate {
  private readonly slots = new Map<string, { running: number; waiting: (() => void)[] }>();
  constructor(
    private readonly running: number = DEFAULT_CONCURRENCY.running,
    private readonly waiting: number = DEFAULT_CONCURRENCY.waiting,
  ) {}

  /** Resolves with the function that frees the slot, or undefined when too many are waiting. */
  async enter(client: string): Promise<(() => void) | undefined> {
    const s = this.slots.get(client) ?? { running: 0, waiting: [] };
    this.slots.set(client, s);
    if (s.running >= this.running) {
      if (s.waiting.length >= this.waiting) return undefined;
      await new Promise<void>((resolve) => s.waiting.push(resolve));
    } else s.running++;
    return () => this.leave(client, s);
  }

  private leave(client: string, s: { running: number; waiting: (() => void)[] }): void {
    const next = s.waiting.shift();
    if (next) {
      next();
      return;
    } // the slot passes straight to the next waiting request
    s.running--;
    if (s.running === 0) this.slots.delete(client);
  }
}
