import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { demoCore } from "./helpers.js";

/**
 * Regression tests for the MCP findings of the hostile probe (docs/security.md): batches,
 * streams and error shapes on /mcp, each reproduced in-process.
 */
let core: Capgraph;
beforeAll(async () => {
  core = await demoCore();
});

const timed = async <T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
};

const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const rpc = (id: number, name: string, args: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});
type RpcReply = {
  error?: { code: number; message: string };
  result?: { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };
};

describe("finding 3: MCP batches", () => {
  it("finding 3: a batch of 100 tool calls is refused before any runs", async () => {
    const app = createApp(core, { logError: () => {} });
    const batch = Array.from({ length: 100 }, (_, i) => rpc(i, "search", { intent: `speech to text ${i}`, limit: 50 }));
    const { value: res, ms } = await timed(() =>
      app.request("/mcp", { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(batch) }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as RpcReply).error).toMatchObject({
      code: -32600,
      message: expect.stringContaining("1 to 10 messages"),
    });
    expect(ms).toBeLessThan(500);
  });

  it("finding 3: every message of a batch costs a read token, and report_outcome a write token", async () => {
    const app = createApp(core, {
      logError: () => {},
      limits: { read: { capacity: 10, perMinute: 1 }, write: { capacity: 1, perMinute: 1 } },
    });
    const post = (body: unknown) =>
      app.request("/mcp", { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(body) });
    const batch = Array.from({ length: 10 }, (_, i) => rpc(i, "search", { intent: "speech to text", limit: 1 }));
    const first = (await (await post(batch)).json()) as RpcReply[];
    expect(first).toHaveLength(10);
    const matchId = first[0]?.result?.structuredContent?.["matchId"] as string;
    const limited = await post(rpc(11, "search", { intent: "speech to text" }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("application/json");
    expect(((await limited.json()) as RpcReply).error?.message).toMatch(/Too many requests/);
    // The read bucket is empty, yet outcomes draw on the write bucket: one passes, the next is refused.
    const outcome = rpc(12, "report_outcome", { matchId, slug: "whisper", outcome: "success" });
    expect((await post(outcome)).status).toBe(200);
    expect((await post(outcome)).status).toBe(429);
  });
});

describe("finding 7: no endless MCP streams", () => {
  it("finding 7: GET and DELETE /mcp are answered 405 at once instead of an endless stream", async () => {
    const app = createApp(core, { logError: () => {} });
    for (const method of ["GET", "DELETE"]) {
      const res = await app.request("/mcp", { method, headers: { accept: "text/event-stream" } });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(((await res.json()) as RpcReply).error?.message).toMatch(/stateless/);
    }
  });
});

describe("finding 13: /mcp errors are JSON-RPC, without internals", () => {
  it("finding 13: /mcp 413 and 429 are JSON-RPC errors, not HTML", async () => {
    const app = createApp(core, { logError: () => {}, limits: { read: { capacity: 1, perMinute: 1 } } });
    const big = await app.request("/mcp", { method: "POST", headers: MCP_HEADERS, body: "x".repeat(300_000) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as RpcReply).error?.message).toMatch(/larger than/);
    await app.request("/mcp", { method: "GET" });
    const limited = await app.request("/mcp", { method: "GET" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("application/json");
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });

  it("finding 13: malformed tool-call params give -32602 with a short reason, not a raw validation dump", async () => {
    const app = createApp(core, { logError: () => {} });
    const res = await app.request("/mcp", {
      method: "POST",
      headers: MCP_HEADERS,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search", arguments: "x" } }),
    });
    const r = (await res.json()) as RpcReply;
    expect(r.error?.code).toBe(-32602);
    expect(r.error?.message).toBe("Invalid params: params.arguments: Invalid input: expected record, received string");
  });
});
