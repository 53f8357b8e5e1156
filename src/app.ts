import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { apiRoutes, MAX_BODY_BYTES } from "./api/routes.js";
import { clientAddress, parseTrustProxy, type TrustProxy } from "./http/client-address.js";
import { DEFAULT_LIMITS, RateLimiter, type RateLimit } from "./http/rate-limit.js";
import { ClientGate, DEFAULT_CONCURRENCY, throttle } from "./http/throttle.js";
import { mcpHttpHandler, rpcErrorFor } from "./mcp/http.js";
import { openApiDocument } from "./wire/openapi.js";
import type { Capgraph } from "./capgraph.js";
import { createError, isCapgraphError, logUnexpected, type CapgraphError } from "./errors.js";
import { checkSameOrigin } from "./web/csrf.js";
import { securityHeaders } from "./web/security-headers.js";
import { pageRoutes } from "./web/routes.js";
import { leaderboardApi } from "./api/leaderboards.js";
import { leaderboardPages } from "./web/leaderboard-routes.js";
import { renderErrorPage } from "./web/pages/error.js";
import { assetRoutes, compression } from "./web/http.js";
import { suggestRoutes } from "./api/suggest.js";

/**
 * The one fetch handler: JSON API under /api/v1 and server-rendered pages.
 * Node's server, tests (app.request) and future transports all go through it.
 */
export interface AppOptions {
  logError?: (e: unknown) => void;
  /** Rate limits by class (see DEFAULT_LIMITS); a class left out is not limited. */
  limits?: Record<string, RateLimit>;
  /** Requests one client may run at once (more wait in line); 0: no limit. Default 2, or none when `limits` is {}. */
  concurrency?: number;
  /** Largest request body accepted (413 beyond); default MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  allowPrivateClaimHosts?: boolean;
  /** true: one proxy in front; default: CAPGRAPH_TRUST_PROXY. */
  trustProxy?: boolean | TrustProxy;
}

export function createApp(core: Capgraph, opts: AppOptions = {}): Hono {
  // Behind trusted proxies, the client is the right-most X-Forwarded-For hop they did not add.
  const trustProxy =
    opts.trustProxy === true
      ? { hops: 1 }
      : opts.trustProxy === false
        ? undefined
        : (opts.trustProxy ?? parseTrustProxy(process.env["CAPGRAPH_TRUST_PROXY"]));
  const app = new Hono();
  const logError = opts.logError ?? logUnexpected;
  const limiter = new RateLimiter(opts.limits ?? DEFAULT_LIMITS);
  app.use("*", securityHeaders());
  // Rate limiting off (limits {}) also turns the per-client concurrency gate off.
  const limitsOff = opts.limits !== undefined && Object.keys(opts.limits).length === 0;
  const gate =
    opts.concurrency === 0 || (limitsOff && opts.concurrency === undefined)
      ? undefined
      : new ClientGate(opts.concurrency ?? DEFAULT_CONCURRENCY.running);
  const throttled = throttle(
    core,
    limiter,
    gate,
    (c) => clientOf(c, trustProxy),
    (c, wait) => {
      const res = respond(c, createError("RATE_LIMITED", [wait]));
      res.headers.set("Retry-After", String(wait));
      return res;
    },
  );
  app.use("*", throttled.middleware);
  // Pages and JSON go out compressed (brotli or gzip) when the client accepts it.
  app.use("*", compression());
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const limitBody = bodyLimit({
    maxSize: maxBody,
    onError: (c) => respond(c, createError("BODY_TOO_LARGE", [maxBody])),
  });
  // Reads carry no body; asking a read for one makes Node's adapter build a whole web Request.
  app.use("*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));
  // Reads are public: any origin may fetch them. Writes get no CORS grant, so another site's
  // script cannot send them from a visitor's browser; conditional requests save bandwidth.
  const preflight = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"] });
  app.use("/api/*", (c, next) => {
    if (c.req.method === "POST") return next();
    if (c.req.method === "OPTIONS") return preflight(c, next);
    // The same grant as cors() for a simple read, but as a prepared header: cors() writes through
    // c.res before the route answers, and the answer is then rebuilt as a stream (a third of a
    // demo search's cost in the server).
    c.header("Access-Control-Allow-Origin", "*");
    return next();
  });
  for (const path of ["/api/v1/feedback", "/feedback", "/mcp"]) {
    app.use(path, async (c, next) => {
      if (c.req.method === "POST") checkSameOrigin(c);
      await next();
    });
  }
  app.use("/.well-known/*", cors({ origin: "*", allowMethods: ["GET"] }));
  // ETags only where caching can help: searches, resolves and health are never served from a cache.
  const tagged = etag();
  const uncached = /\/(search|resolve|health)$/;
  app.use("/api/*", (c, next) => (uncached.test(c.req.path) ? next() : tagged(c, next)));
  app.use("/api/*", async (c, next) => {
    await next();
    if (c.req.method !== "GET" || c.res.status !== 200) return;
    // Searches record a match and health describes this process now: both must reach the server.
    // Authenticated answers are private; other reads may be cached briefly.
    const privateAnswer = c.req.header("authorization") !== undefined || c.req.path.endsWith("/audit");
    // On the answer's headers, not c.header(): after the route that would rebuild the answer.
    c.res.headers.set(
      "Cache-Control",
      privateAnswer ? "private, no-store" : uncached.test(c.req.path) ? "no-store" : "public, max-age=60",
    );
  });
  app.route("/api/v1", suggestRoutes(core));
  app.route(
    "/api/v1",
    apiRoutes(core, {
      allowPrivateClaimHosts: opts.allowPrivateClaimHosts ?? false,
      maxBodyBytes: maxBody,
      clientOf: (c) => clientOf(c, trustProxy),
    }),
  );
  app.route("/api/v1", leaderboardApi(core));
  app.get("/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/.well-known/capgraph-keys.json", async (c) => c.json({ keys: [(await core.signer()).jwk] }));
  // MCP over streamable HTTP, stateless: a fresh server and transport per request, so any
  // replica can answer any request.
  app.all("/mcp", mcpHttpHandler(core, { limiter, identity: throttled.identity, logError }));
  app.route("/", assetRoutes());
  app.route("/", leaderboardPages(core));
  app.route(
    "/",
    pageRoutes(core, (c) => clientOf(c, trustProxy)),
  );
  app.notFound((c) => respond(c, createError("ROUTE_NOT_FOUND", [c.req.path])));
  app.onError((err, c) => {
    if (isCapgraphError(err)) return respond(c, err);
    logError(err);
    return respond(c, createError("INTERNAL"));
  });
  return app;
}

function respond(c: Context, e: CapgraphError): Response {
  if (c.req.path === "/mcp") return rpcErrorFor(e);
  if (c.req.path.startsWith("/api/")) return c.json(e.toJSON(), e.status as 400);
  return c.html(renderErrorPage(e), e.status as 400);
}

/**
 * The client a request counts against: the socket's address, or behind trusted proxies the
 * right-most X-Forwarded-For hop they did not add. API keys get their own buckets only after
 * authentication.
 */
export function clientOf(c: Context, trustProxy: TrustProxy | undefined): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return clientAddress(env?.incoming?.socket?.remoteAddress || "local", c.req.header("x-forwarded-for"), trustProxy);
}
