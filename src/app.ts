import { Hono, type Context } from "hono";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { apiRoutes } from "./api/routes.js";
import { createMcpServer } from "./mcp/server.js";
import type { Capgraph } from "./capgraph.js";
import { createError, isCapgraphError, type CapgraphError } from "./errors.js";
import { pageRoutes } from "./web/routes.js";
import { renderErrorPage } from "./web/pages/error.js";

/**
 * The one fetch handler: JSON API under /api/v1 and server-rendered pages.
 * Node's server, tests (app.request) and future transports all go through it.
 */
export function createApp(core: Capgraph, opts: { logError?: (e: unknown) => void } = {}): Hono {
  const app = new Hono();
  const logError = opts.logError ?? ((e: unknown) => console.error("capgraph: unexpected error", e));
  app.route("/api/v1", apiRoutes(core));
  app.get("/.well-known/capgraph-keys.json", async (c) => c.json({ keys: [(await core.signer()).jwk] }));
  // MCP over streamable HTTP, stateless: a fresh server and transport per request, so any
  // replica can answer any request.
  app.all("/mcp", async (c) => {
    const server = createMcpServer(core);
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true }) // no sessionIdGenerator: stateless;
    await server.connect(transport);
    return transport.handleRequest(c.req.raw);
  });
  app.route("/", pageRoutes(core));
  app.notFound((c) => respond(c, createError("ROUTE_NOT_FOUND", [c.req.path])));
  app.onError((err, c) => {
    if (isCapgraphError(err)) return respond(c, err);
    logError(err);
    return respond(c, createError("INTERNAL"));
  });
  return app;
}

function respond(c: Context, e: CapgraphError): Response {
  if (c.req.path.startsWith("/api/")) return c.json(e.toJSON(), e.status as 400);
  return c.html(renderErrorPage(e), e.status as 400);
}
