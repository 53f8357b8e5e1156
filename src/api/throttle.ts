import type { Context, MiddlewareHandler } from "hono";
import type { Capgraph } from "../capgraph.js";
import { authenticate } from "../owners/keys.js";
import type { LimitClass, RateLimiter } from "./rate-limit.js";

/** Whom a request is charged to, and which limits apply: an API key's, else its address's. */
export interface RateIdentity { client: string; read: LimitClass; write: LimitClass }

const ANONYMOUS = { read: "read", write: "write" } as const;
const KEYED = { read: "key-read", write: "key-write" } as const;

/**
 * Rate limiting for the whole app. A request with a valid API key counts against that key's
 * (higher) limits; anything else, including an unknown or revoked key, against its address.
 * MCP POSTs pass through here and are charged per JSON-RPC message by the MCP handler.
 */
export function throttle(core: Capgraph, limiter: RateLimiter, address: (c: Context) => string, refuse: (c: Context, wait: number) => Response) {
  const identities = new WeakMap<Request, RateIdentity>();
  const identify = async (c: Context): Promise<RateIdentity> => {
    const header = c.req.header("authorization");
    if (header?.startsWith("Bearer ")) {
      try {
        const key = await authenticate(core.store, header, "read");
        return { client: `key:${key.id}`, ...KEYED };
      } catch { /* not a usable key: charged as anonymous; the route answers 401 if it needs one */ }
    }
    return { client: address(c), ...ANONYMOUS };
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const who = await identify(c);
    identities.set(c.req.raw, who);
    if (c.req.path === "/mcp" && c.req.method === "POST") return next();
    const isRead = ["GET", "HEAD", "OPTIONS"].includes(c.req.method);
    const wait = limiter.take(who.client, isRead ? who.read : who.write);
    if (wait > 0) return refuse(c, wait);
    return next();
  };
  /** The identity the middleware found for this request. */
  const identity = (c: Context): RateIdentity => identities.get(c.req.raw) ?? { client: address(c), ...ANONYMOUS };
  return { middleware, identity };
}
