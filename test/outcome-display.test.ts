import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { demoCore } from "./helpers.js";

let core: Capgraph;
let app: Hono;
beforeAll(async () => {
  core = await demoCore();
  app = createApp(core, { logError: () => {}, limits: {} });
});

const post = (path: string, body: unknown) =>
  app.request(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const search = async (q: string) =>
  (await (await app.request(`/api/v1/search?q=${encodeURIComponent(q)}`)).json()) as { matchId: string };

describe("displayed outcome counts (11.13)", () => {
  it("respect the per-reporter cap: one client's 8 reports read as the 3 that count, on every surface", async () => {
    let last: { artifact: { successes: number; text: string } } | undefined;
    for (let i = 0; i < 8; i++) {
      const m = await search("vector database for embeddings");
      last = (await (
        await post("/api/v1/feedback", { matchId: m.matchId, slug: "qdrant", outcome: "success" })
      ).json()) as typeof last;
    }
    expect(last?.artifact.successes).toBe(3);
    expect(last?.artifact.text).toMatch(
      /^3 of 3 counted successes from 1 reporter \(8 reports, at most 3 counted per reporter; /,
    );
    const passport = (await (await app.request("/api/v1/passport/qdrant")).json()) as {
      outcomes: { successes: number; text: string };
    };
    expect(passport.outcomes.successes).toBe(3);
    expect(passport.outcomes.text).toBe(last?.artifact.text);
    const again = (await (await app.request("/api/v1/search?q=vector%20database%20for%20embeddings")).json()) as {
      results: { slug: string; outcomesText: string }[];
    };
    expect(again.results.find((r) => r.slug === "qdrant")?.outcomesText).toBe(last?.artifact.text);
  });

  it("count one client over MCP and over HTTP as one reporter", async () => {
    const client = new Client({ name: "probe", version: "1" });
    // The MCP endpoint of the same app, in-process: the same client address as the JSON API calls above.
    await client.connect(
      new StreamableHTTPClientTransport(new URL("http://in-process/mcp"), {
        fetch: async (url, init) => app.request(String(url), init),
      }),
    );
    const m = await search("mcp server to query postgres read-only");
    await post("/api/v1/feedback", { matchId: m.matchId, slug: "mcp-server-postgres", outcome: "success" });
    const s = (await client.callTool({
      name: "search",
      arguments: { intent: "mcp server to query postgres read-only", limit: 3 },
    })) as unknown as { structuredContent: { matchId: string } };
    await client.callTool({
      name: "report_outcome",
      arguments: { matchId: s.structuredContent.matchId, slug: "mcp-server-postgres", outcome: "success" },
    });
    await client.close();
    const stats = (await core.snapshot()).outcomes.artifacts.get("mcp-server-postgres");
    expect(stats?.successes).toBe(2);
    expect(stats?.reporters).toBe(1);
  });
});
