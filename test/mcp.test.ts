import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/run.js";
import { DEMO_CATALOG_DIR, ROOT } from "../src/paths.js";
import { startServer } from "./e2e/browser.js";
import { captureIo, demoCore } from "./helpers.js";

type ToolResult = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text?: string }[];
};

/** The same checks over both transports: list every tool, call every tool, errors in-band. */
function suite(name: string, connect: () => Promise<{ client: Client; close: () => Promise<void> }>) {
  describe(`MCP over ${name}`, () => {
    let client: Client;
    let close: () => Promise<void>;
    beforeAll(async () => ({ client, close } = await connect()), 60_000);
    afterAll(async () => close?.());
    const call = async (tool: string, args: Record<string, unknown>) =>
      (await client.callTool({ name: tool, arguments: args })) as ToolResult;

    it("lists the six tools with input and output schemas", async () => {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        "compare",
        "get_passport",
        "leaderboard",
        "report_outcome",
        "resolve_capability",
        "search",
      ]);
      for (const t of tools) {
        expect(t.inputSchema.type).toBe("object");
        expect(t.outputSchema?.type).toBe("object");
      }
    });

    it("search → report_outcome round trip with structured results", async () => {
      const s = await call("search", { intent: "mcp server to query postgres read-only", limit: 3 });
      expect(s.isError).toBeFalsy();
      const sc = s.structuredContent as { matchId: string; results: { slug: string }[] };
      expect(sc.results[0]?.slug).toBe("mcp-server-postgres");
      expect(s.content[0]?.text).toContain("matchId");
      const o = await call("report_outcome", { matchId: sc.matchId, slug: "mcp-server-postgres", outcome: "success" });
      expect(o.structuredContent).toMatchObject({ recorded: true, slug: "mcp-server-postgres" });
    });

    it("search takes the same filters as the API (one filter builder): pricing, licence and category included", async () => {
      const args = {
        intent: "transcribe speech to text",
        limit: 10,
        license: "open-source",
        kind: "model",
        category: "speech",
      };
      const s = await call("search", args);
      expect(s.isError).toBeFalsy();
      const sc = s.structuredContent as { results: { slug: string; kind: string }[]; filters: Record<string, unknown> };
      expect(sc.filters).toEqual({ kind: "model", license: "open-source", category: "speech" });
      expect(sc.results.length).toBeGreaterThan(0);
      expect(sc.results.every((r) => r.kind === "model")).toBe(true);
      const all = (await call("search", { intent: args.intent, limit: 10 })).structuredContent as {
        results: { slug: string }[];
      };
      expect(all.results.length).toBeGreaterThan(sc.results.length);
    });

    it("compare, get_passport and resolve_capability", async () => {
      const c = await call("compare", { slugs: ["gpt-5-4-pro", "dreambooth-stable-diffusion"] });
      expect((c.structuredContent as { artifacts: unknown[] }).artifacts).toHaveLength(2);
      const p = await call("get_passport", { slug: "whisper" });
      const passport = (
        p.structuredContent as { passport: { capabilities: unknown[]; signature: null; scores: { capRank: number } } }
      ).passport;
      expect(passport.capabilities.length).toBeGreaterThan(0);
      const r = await call("resolve_capability", { capability: "ASR", risk: "strict" });
      expect((r.structuredContent as { uri: string }).uri).toBe("capability://audio.speech-to-text");
      const d = await call("resolve_capability", { capability: "turn speech into text", risk: "default" });
      expect((d.structuredContent as { results: { slug: string }[] }).results.map((x) => x.slug)).toContain("whisper");
    });

    it("leaderboard: the same rows as the API, in the published order, and an unknown node in-band", async () => {
      const l = await call("leaderboard", { kind: "mcp-server", limit: 3 });
      expect(l.isError).toBeFalsy();
      const b = l.structuredContent as {
        title: string;
        rows: { slug: string; placeText: string; lowerBound: number }[];
      };
      expect(b.title).toBe("MCP servers");
      expect(b.rows).toHaveLength(3);
      expect(b.rows.map((r) => r.lowerBound)).toEqual([...b.rows.map((r) => r.lowerBound)].sort((x, y) => y - x));
      expect(l.content[0]?.text).toContain(`${b.rows[0]?.placeText}. `);
      const bad = await call("leaderboard", { capability: "capability://no.such.node" });
      expect(bad.content[0]?.text).toMatch(/^UNKNOWN_CAPABILITY_URI: /);
    });

    it("returns failures in-band with the catalogue code", async () => {
      const r = await call("get_passport", { slug: "no-such-thing" });
      expect(r.isError).toBe(true);
      expect(r.content[0]?.text).toMatch(/^NOT_FOUND: /);
      expect(JSON.parse(r.content[1]?.text ?? "null")).toEqual({
        error: { code: "NOT_FOUND", message: expect.stringContaining("no-such-thing"), details: [] },
      });
      const o = await call("report_outcome", { matchId: "nope", slug: "whisper", outcome: "success" });
      expect(o.content[0]?.text).toMatch(/^MATCH_NOT_FOUND: /);
    });
  });
}

suite("streamable HTTP", async () => {
  const server = await startServer(await demoCore());
  const client = new Client({ name: "capgraph-test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)) as Transport);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
});

suite("stdio", async () => {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-mcp-")), "c.db");
  const c = captureIo();
  expect(await run(["add", DEMO_CATALOG_DIR, "--db", db], c.io)).toBe(0);
  const client = new Client({ name: "capgraph-test", version: "1" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", path.join(ROOT, "src", "cli", "main.ts"), "mcp", "--db", db],
    cwd: ROOT,
    stderr: "pipe",
  });
  await client.connect(transport);
  return { client, close: () => client.close() };
});
