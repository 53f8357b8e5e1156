import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { run } from "../src/cli/run.js";
import { ORDERING_RULE, type Leaderboard } from "../src/leaderboards/leaderboard.js";
import { SUBSTITUTE_MIN_OVERLAP } from "../src/compare/profile.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { captureIo, demoCore } from "./helpers.js";

let core: Capgraph;
let app: Hono;
beforeAll(async () => {
  core = await demoCore();
  app = createApp(core, { logError: () => {} });
});
const get = async (path: string) => {
  const r = await app.request(path);
  return { status: r.status, body: await r.text() };
};

describe("leaderboards over HTTP (finding 14.4: no leaderboards; home lists rank 53/52/52 as if they differed)", () => {
  it("GET /api/v1/leaderboards returns rows in the published order, with places and ranges", async () => {
    const r = await app.request("/api/v1/leaderboards?kind=model&limit=200");
    expect(r.status).toBe(200);
    const b = (await r.json()) as Leaderboard;
    expect(b.rule).toContain("lower end of the CapRank range");
    expect(b.rows.length).toBe(b.total);
    expect(b.rows.map((x) => x.lowerBound)).toEqual([...b.rows.map((x) => x.lowerBound)].sort((x, y) => y - x));
    for (const row of b.rows) expect(row.lowerBound).toBe(row.capRank - (row.capRank - row.capRankInterval[0]));
    // The demo's models mostly lack usage signals: their ranges overlap, and the list says so.
    expect(b.rows.filter((x) => x.tied).length).toBeGreaterThan(1);
    expect(b.rows.some((x) => x.placeText.startsWith("="))).toBe(true);
  });

  it("the API, the page, the CLI and the core agree", async () => {
    const direct = await core.leaderboard({ capability: "capability://code", filters: { free: true }, limit: 10 });
    const api = (await (
      await app.request("/api/v1/leaderboards?capability=capability://code&free=true&limit=10")
    ).json()) as Leaderboard;
    expect(api).toEqual(JSON.parse(JSON.stringify(direct)));
    const page = await get("/leaderboards/capability/code?free=true&limit=10");
    expect(page.status).toBe(200);
    const order = [...page.body.matchAll(/<tr class="[^"]*" data-slug="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(direct.rows.map((x) => x.slug));
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-lb-")), "c.db");
    expect(await run(["add", DEMO_CATALOG_DIR, "--db", db], captureIo().io)).toBe(0);
    const io = captureIo();
    expect(
      await run(
        ["leaderboard", "--capability", "capability://code", "--free", "--limit", "10", "--json", "--db", db],
        io.io,
      ),
    ).toBe(0);
    // The CLI's clock is the real one, so only the membership and its size are compared, not the scores.
    expect((JSON.parse(io.out()) as Leaderboard).total).toBe(direct.total);
    const text = captureIo();
    expect(await run(["leaderboard", "--kind", "cli", "--db", db], text.io)).toBe(0);
    expect(text.out()).toMatch(
      /^CLIs leaderboard \(\d+ artifacts\)\nplace +artifact +CapRank +range +price +licence *\n/,
    );
    expect(await run(["leaderboard", "--kind", "boat", "--db", db], captureIo().io)).toBe(2);
  });

  it("filters arrive from the query and narrow the rows; bad input is a clear error", async () => {
    const all = (await (await app.request("/api/v1/leaderboards?limit=200")).json()) as Leaderboard;
    const open = (await (
      await app.request("/api/v1/leaderboards?limit=200&license=open-source&free=true")
    ).json()) as Leaderboard;
    expect(open.total).toBeGreaterThan(0);
    expect(open.total).toBeLessThan(all.total);
    expect(open.rows.every((x) => x.freeTier && x.license !== "Proprietary")).toBe(true);
    const bad = await app.request("/api/v1/leaderboards?pricing=cheap");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("BAD_QUERY_PARAM");
    const node = await app.request("/api/v1/leaderboards?capability=capability://no.such");
    expect(node.status).toBe(404);
    const kindPage = await get("/leaderboards/boat");
    expect(kindPage.status).toBe(404);
    expect(kindPage.body).toContain("UNKNOWN_LEADERBOARD");
    expect(kindPage.body).not.toMatch(/at \w+ \(/);
  });

  it("pages: index, kind, capability; each row links its artifact and a compare with its neighbours that opens", async () => {
    const ix = await get("/leaderboards");
    expect(ix.status).toBe(200);
    expect(ix.body).toContain('href="/leaderboards/model"');
    expect(ix.body).toContain('href="/leaderboards/capability/retrieval.rag"');
    const kind = await get("/leaderboards/mcp-server");
    const b = await core.leaderboard({ kind: "mcp-server" });
    const first = b.rows[0];
    expect(kind.body).toContain(`href="/a/${first?.slug}"`);
    expect(kind.body).toContain(`href="${first?.compareUrl}"`);
    expect((await get(first?.compareUrl ?? "")).status).toBe(200);
    expect((await get(b.rows[1]?.compareUrl ?? "")).body).toContain(
      `${b.rows[0]?.name} vs ${b.rows[1]?.name} vs ${b.rows[2]?.name}`,
    );
  });

  it("the home page's top lists use the same rule and show ties as ties", async () => {
    const leaders = await core.leaders(5);
    for (const g of leaders) {
      const board = await core.leaderboard({ kind: g.kind, limit: 5 });
      expect(
        g.items.map((x) => [x.slug, x.placeText]),
        g.kind,
      ).toEqual(board.rows.map((x) => [x.slug, x.placeText]));
    }
    const home = await get("/");
    const models = leaders.find((g) => g.kind === "model");
    expect(models?.items.some((x) => x.tied)).toBe(true);
    expect(home.body).toContain(`<span class="place">${models?.items[0]?.placeText}</span>`);
  });

  it("/methodology and /api/v1/methodology publish the ordering rule, the verdict constants and the price units", async () => {
    const page = await get("/methodology");
    expect(page.body).toContain('id="ordering"');
    expect(page.body).toContain(ORDERING_RULE.replace(/"/g, "&quot;").replace(/'/g, "&#39;"));
    expect(page.body).toContain(`${Math.round(SUBSTITUTE_MIN_OVERLAP * 100)}% or more`);
    const doc = (await (await app.request("/api/v1/methodology")).json()) as {
      decisions: {
        ordering: { rule: string };
        verdict: { substituteMinOverlap: number };
        prices: { commonUnits: string[] };
      };
    };
    expect(doc.decisions.ordering.rule).toBe(ORDERING_RULE);
    expect(doc.decisions.verdict.substituteMinOverlap).toBe(SUBSTITUTE_MIN_OVERLAP);
    expect(doc.decisions.prices.commonUnits).toContain("1M input tokens");
  });
});

describe("placements outside the leaderboard pages (finding 15.4: the artifact page had no leaderboard placements)", () => {
  it("the artifact page says where it stands, with the same places as the leaderboards it links to", async () => {
    const page = (await get("/a/whisper")).body;
    const links = [...page.matchAll(/<a href="(\/leaderboards\/[^"]+)">#(=?\d+) of (\d+) in [^<]+<\/a>/g)];
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const [, href, place, total] of links) {
      const slug = (href ?? "").replace("/leaderboards/", "");
      const api = slug.startsWith("capability/")
        ? `/api/v1/leaderboards?capability=${slug.slice("capability/".length)}&limit=200`
        : `/api/v1/leaderboards?kind=${slug}&limit=200`;
      const b = (await (await app.request(api)).json()) as Leaderboard;
      expect(String(b.total)).toBe(total);
      expect(b.rows.find((r) => r.slug === "whisper")?.placeText).toBe(place);
    }
  });

  it("GET /api/v1/artifacts?sort=rank follows the same rule: lower end of the range first", async () => {
    const b = (await (await app.request("/api/v1/artifacts?sort=rank&limit=100")).json()) as {
      artifacts: { capRank: number; capRankInterval: [number, number] }[];
    };
    const lower = b.artifacts.map((x) => x.capRankInterval[0]);
    expect(b.artifacts.length).toBeGreaterThan(10);
    expect(lower).toEqual([...lower].sort((x, y) => y - x));
  });
});
