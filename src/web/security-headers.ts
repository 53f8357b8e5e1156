import { createHash } from "node:crypto";
import type { Hono, MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { CLIENT_JS } from "./client.js";

/** The client script's URL: served as a file so the CSP can forbid inline script; the hash busts caches. */
export const CLIENT_JS_URL = `/static/client.js?v=${createHash("sha256").update(CLIENT_JS).digest("hex").slice(0, 12)}`;

/**
 * Headers on every response: a CSP with no inline script (styles may stay inline), no
 * framing by any site, no MIME sniffing, and referrers reduced to the origin elsewhere.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"], frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    xContentTypeOptions: "nosniff",
    referrerPolicy: "strict-origin-when-cross-origin",
    // API reads are meant to be fetched from other origins (CORS); do not block them.
    crossOriginResourcePolicy: false,
  });
}

/** Serves the client script (the only script pages load). */
export function clientScriptRoute(app: Hono): void {
  app.get("/static/client.js", (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(CLIENT_JS);
  });
}
