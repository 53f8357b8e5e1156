import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Context } from "hono";
import type { RateLimiter } from "../http/rate-limit.js";
import type { RateIdentity } from "../http/throttle.js";
import type { Capgraph } from "../capgraph.js";
import type { CapgraphError } from "../errors.js";
import { createMcpServer } from "./server.js";

/** Bounds of one POST /mcp: JSON-RPC messages per batch and bytes of the reply. */
export const MCP_HTTP_LIMITS = { maxBatch: 10, maxReplyBytes: 2_000_000 } as const;

/** JSON-RPC error codes used at the HTTP edge. */
const RPC = { parse: -32700, invalidRequest: -32600, invalidParams: -32602, internal: -32603, server: -32000 } as const;

interface Options {
  limiter: RateLimiter;
  identity: (c: Context) => RateIdentity;
  logError: (e: unknown) => void;
}

/**
 * MCP over streamable HTTP, stateless: a fresh server and transport per request, so any
 * replica can answer any request. Every message of a batch is charged to the rate limiter
 * (report_outcome to the write bucket), batches are capped, streams are not offered (GET and
 * DELETE get 405: in stateless mode nothing could ever be sent on them), replies are bounded,
 * and internal error texts are replaced before they leave.
 */
export function mcpHttpHandler(core: Capgraph, o: Options): (c: Context) => Promise<Response> {
  return async (c) => {
    if (c.req.method !== "POST")
      return rpcError(
        405,
        RPC.server,
        "Method not allowed: this MCP endpoint is stateless; send JSON-RPC messages with POST",
        { Allow: "POST" },
      );
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return rpcError(400, RPC.parse, "Parse error: the body is not valid JSON");
    }
    const messages = Array.isArray(body) ? body : [body];
    if (messages.length === 0 || messages.length > MCP_HTTP_LIMITS.maxBatch)
      return rpcError(
        400,
        RPC.invalidRequest,
        `Invalid request: a batch holds 1 to ${MCP_HTTP_LIMITS.maxBatch} messages, got ${messages.length}`,
      );
    const who = o.identity(c);
    const wait = charge(o.limiter, who, messages);
    if (wait > 0)
      return rpcError(429, RPC.server, `Too many requests from this client; try again in ${wait} s`, {
        "Retry-After": String(wait),
      });
    if (!Array.isArray(body))
      return boundedReply(await handleOne(core, who.client, c.req.raw, body, o.logError), o.logError);
    return boundedReply(await handleBatch(core, who.client, c.req.raw, body, o.logError), o.logError);
  };
}

/** One JSON-RPC message through a fresh stateless server and transport. */
async function handleOne(
  core: Capgraph,
  client: string,
  req: Request,
  message: unknown,
  logError?: (e: unknown) => void,
): Promise<Response> {
  const server = createMcpServer(core, `mcp:${client}`, logError);
  const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true }); // no sessionIdGenerator: stateless
  await server.connect(transport);
  try {
    return await transport.handleRequest(req, { parsedBody: message });
  } finally {
    await server.close();
  }
}

/**
 * A batch, one message at a time with a turn of the event loop between them: handed to the
 * SDK whole, its tool calls ran back to back and held the loop for the sum of their costs.
 */
async function handleBatch(
  core: Capgraph,
  client: string,
  req: Request,
  messages: readonly unknown[],
  logError?: (e: unknown) => void,
): Promise<Response> {
  const replies: string[] = []; // each one JSON-RPC response, joined as text: no parse and re-serialise
  let headers = new Headers({ "content-type": "application/json" });
  for (const m of messages) {
    await new Promise((resolve) => setImmediate(resolve));
    const res = await handleOne(
      core,
      client,
      new Request(req.url, { method: "POST", headers: req.headers }),
      m,
      logError,
    );
    const text = res.status === 202 ? "" : await res.text();
    if (!text) continue; // a notification has no reply
    if (res.status !== 200) return new Response(text, { status: res.status, headers: res.headers });
    replies.push(text);
    headers = new Headers(res.headers);
  }
  headers.delete("content-length");
  return replies.length === 0
    ? new Response(null, { status: 202 })
    : new Response(`[${replies.join(",")}]`, { status: 200, headers });
}

/** Takes one token per message, from the write bucket for report_outcome; the first refusal wins. */
function charge(limiter: RateLimiter, who: RateIdentity, messages: readonly unknown[]): number {
  for (const m of messages) {
    const msg = m as { method?: unknown; params?: { name?: unknown } } | null;
    const write = msg?.method === "tools/call" && msg.params?.name === "report_outcome";
    const wait = limiter.take(who.client, write ? who.write : who.read);
    if (wait > 0) return wait;
  }
  return 0;
}

/** Caps the reply's size and rewrites internal errors (raw validation dumps) to plain ones. */
async function boundedReply(res: Response, logError: (e: unknown) => void): Promise<Response> {
  if (!res.body || !(res.headers.get("content-type") ?? "").includes("application/json")) return res;
  const text = await res.text();
  if (text.length > MCP_HTTP_LIMITS.maxReplyBytes)
    return rpcError(
      413,
      RPC.server,
      `The reply would exceed ${MCP_HTTP_LIMITS.maxReplyBytes} bytes; send fewer messages per batch or ask for fewer results`,
    );
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  // Parsing a large reply again costs time; only internal errors need rewriting.
  if (!text.includes(String(RPC.internal))) return new Response(text, { status: res.status, headers });
  const parsed = JSON.parse(text) as unknown;
  const out = Array.isArray(parsed) ? parsed.map((m) => plainError(m, logError)) : plainError(parsed, logError);
  return new Response(JSON.stringify(out), { status: res.status, headers });
}

type RpcMessage = { error?: { code?: number; message?: string } } & Record<string, unknown>;

function plainError(m: unknown, logError: (e: unknown) => void): unknown {
  const msg = m as RpcMessage | null;
  if (msg?.error?.code !== RPC.internal) return m;
  const issues = validationIssues(msg.error.message ?? "");
  if (issues) return { ...msg, error: { code: RPC.invalidParams, message: `Invalid params: ${issues}` } };
  logError(new Error(`MCP internal error: ${msg.error.message ?? ""}`));
  return { ...msg, error: { code: RPC.internal, message: "Internal error; it was logged. Try again." } };
}

/** A schema library's issue list, as "path: message; …", or undefined if the text is not one. */
function validationIssues(text: string): string | undefined {
  if (!text.startsWith("[")) return undefined;
  try {
    const issues = JSON.parse(text) as { path?: unknown[]; message?: string }[];
    if (!Array.isArray(issues)) return undefined;
    return issues
      .slice(0, 5)
      .map((i) => `${(i.path ?? []).join(".") || "(message)"}: ${String(i.message ?? "invalid")}`)
      .join("; ");
  } catch {
    return undefined;
  }
}

function rpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A catalogue error (413 body too large, 429 rate limited) as a JSON-RPC error for /mcp clients. */
export function rpcErrorFor(e: CapgraphError): Response {
  return rpcError(e.status, RPC.server, e.message);
}
