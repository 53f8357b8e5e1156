import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { apiRoutes, MAX_BODY_BYTES } from "./api/routes.js";
import { clientAddress, parseTrustProxy, type TrustProxy } from "./api/client-address.js";
import { DEFAULT_LIMITS, RateLimiter, type RateLimit } from "./api/rate-limit.js";
import { mcpHttpHandler, rpcErrorFor } from "./mcp/http.js";
import { openApiDocument } from "./api/openapi.js";
import type { Capgraph } from "./capgraph.js";
import { createError, isCapgraphError, logUnexpected, type CapgraphError } from "./errors.js";
import { pageRoutes } from "./web/routes.js";
import { renderErrorPage } from "./web/pages/error.js";
import { assetRoutes, compression } from "./web/http.js";
import { suggestRoutes } from "./web/suggest.js";

/**
 * The one fetch handler: JSON API under /api/v1 and server-rendered pages.
 * Node's server, tests (app.request) and future transports all go through it.
 */
export function createApp(core: Capgraph, opts: { logError?: (e: unknown) => void; limits?: Record<string, RateLimit>; allowPrivateClaimHosts?: boolean; trustProxy?: boolean | TrustProxy } = {}): Hono {
  // Behind trusted proxies, the client is the right-most X-Forwarded-For hop they did not add.
  const trustProxy = opts.trustProxy === true ? { hops: 1 } : opts.trustProxy === false ? undefined : opts.trustProxy ?? parseTrustProxy(process.env["CAPGRAPH_TRUST_PROXY"]);
  const app = new Hono();
  const logError = opts.logError ?? logUnexpected;
  const limiter = new RateLimiter(opts.limits ?? DEFAULT_LIMITS);
  app.use("*", async (c, next) => {
    // MCP POSTs are charged per JSON-RPC message by the MCP handler itself.
    if (c.req.path === "/mcp" && c.req.method === "POST") return next();
    const isRead = ["GET", "HEAD", "OPTIONS"].includes(c.req.method);
    const wait = limiter.take(clientOf(c, trustProxy), isRead ? "read" : "write");
    if (wait > 0) {
      const res = respond(c, createError("RATE_LIMITED", [wait]));
      res.headers.set("Retry-After", String(wait));
      return res;
    }
    return next();
  });
  // Pages and JSON go out compressed (brotli or gzip) when the client accepts it.
  app.use("*", compression());
  app.use("*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => respond(c, createError("BODY_TOO_LARGE", [MAX_BODY_BYTES])) }));
  // Reads are public: any origin may fetch them; conditional requests save bandwidth.
  app.use("/api/*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "POST", "OPTIONS"] }));
  app.use("/.well-known/*", cors({ origin: "*", allowMethods: ["GET"] }));
  // ETags only where caching can help: searches and resolves are never served from a cache.
  const tagged = etag();
  app.use("/api/*", (c, next) => (/\/(search|resolve)$/.test(c.req.path) ? next() : tagged(c, next)));
  app.use("/api/*", async (c, next) => {
    await next();
    if (c.req.method !== "GET" || c.res.status !== 200) return;
    // Searches record a match, so they must reach the server; other reads may be cached briefly.
    // Searches record a match, and authenticated answers are private: neither may be cached by others.
    const privateAnswer = c.req.header("authorization") !== undefined || c.req.path.endsWith("/audit");
    c.header("Cache-Control", privateAnswer ? "private, no-store" : c.req.path.endsWith("/search") || c.req.path.endsWith("/resolve") ? "no-store" : "public, max-age=60");
  });
  app.route("/api/v1", suggestRoutes(core));
  app.route("/api/v1", apiRoutes(core, { allowPrivateClaimHosts: opts.allowPrivateClaimHosts ?? false, limiter, clientOf: (c) => clientOf(c, trustProxy) }));
  app.get("/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/.well-known/capgraph-keys.json", async (c) => c.json({ keys: [(await core.signer()).jwk] }));
  // MCP over streamable HTTP, stateless: a fresh server and transport per request, so any
  // replica can answer any request.
  app.all("/mcp", mcpHttpHandler(core, { limiter, client: (c) => clientOf(c, trustProxy), logError }));
  app.route("/", assetRoutes());
  app.route("/", pageRoutes(core, (c) => clientOf(c, trustProxy)));
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
