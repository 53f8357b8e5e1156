import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import { Capgraph } from "../src/capgraph.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import type { Store } from "../src/store/store.js";
import { TEST_NOW } from "./helpers.js";

/** The real SQLite store, with every call counted (by method, and whether it named one artifact). */
function counted(real: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const store = new Proxy(real, {
    get(t, p, r) {
      const v = Reflect.get(t, p, r) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        const name = p === "listOutcomes" && args[0] !== undefined ? "listOutcomes(slug)" : String(p);
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { store, calls };
}

const QUERIES = [
  "transcribe my podcast audio",
  "vector database for embeddings",
  "fine-tune stable diffusion on photos of my dog",
  "mcp server to query postgres",
  "generate images from text",
];
const WHOLE_CATALOG = ["listArtifacts", "listSignals", "listOutcomes", "matchCounts"] as const;

describe("the request path: no whole-catalog work, no write", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-path-")), "c.db");
  let core: Capgraph;
  let app: Hono;
  let calls: Map<string, number>;
  beforeAll(async () => {
    const c = counted(openSqliteStore(file));
    calls = c.calls;
    // Following other processes' counts runs every minute here, so only request-path calls are counted.
    core = new Capgraph(c.store, { now: () => TEST_NOW, activityMs: 60_000 });
    const r = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
    await core.add(r.manifests, r.diagnostics);
    await core.snapshot();
    app = createApp(core, { logError: () => {}, limits: {} });
  });
  afterAll(async () => {
    await core.close();
    await core.store.close();
  });

  it("a search never re-scores, re-lists or re-compares the catalog, and writes nothing while it answers (16.0, 16.1)", async () => {
    const before = await core.snapshot();
    const cards = new Map(before.artifacts.map((a) => [a.slug, before.cards.get(a.slug)]));
    calls.clear();
    for (let i = 0; i < 60; i++) {
      const res = await app.request(`/api/v1/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length] as string)}`);
      expect(res.status).toBe(200);
    }
    for (const m of WHOLE_CATALOG) expect(calls.get(m) ?? 0).toBe(0);
    expect((calls.get("recordMatches") ?? 0) + (calls.get("recordMatch") ?? 0)).toBe(0); // nothing written yet: it is behind the answers
    const after = await core.snapshot();
    expect(after).toBe(before);
    for (const [slug, card] of cards) expect(after.cards.get(slug)).toBe(card); // not one card recomputed
    await core.flush();
    expect(calls.get("recordMatches")).toBe(1); // 60 searches, one batch
    expect(core.matchLogStats()).toMatchObject({ written: 60, dropped: 0 });
  });

  it("feedback re-scores only the artifact it is about, without reloading the catalog (11.8)", async () => {
    const m = (await (await app.request("/api/v1/search?q=vector%20database%20for%20embeddings")).json()) as {
      matchId: string;
    };
    const before = await core.snapshot();
    const cards = new Map(before.artifacts.map((a) => [a.slug, before.cards.get(a.slug)]));
    calls.clear();
    const res = await app.request("/api/v1/feedback", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ matchId: m.matchId, slug: "qdrant", outcome: "success" }),
    });
    expect(res.status).toBe(201);
    for (const x of WHOLE_CATALOG) expect(calls.get(x) ?? 0).toBe(0);
    expect(calls.get("listOutcomes(slug)")).toBe(1);
    const after = await core.snapshot();
    expect(after).toBe(before);
    for (const [slug, card] of cards) {
      if (slug === "qdrant") expect(after.cards.get(slug)).not.toBe(card);
      else expect(after.cards.get(slug)).toBe(card);
    }
  });

  it("stores one row per search, nothing per result, and a bounded number of bytes (11.8)", async () => {
    const rows = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM matches").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const tables = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
          (t) => t.name,
        );
      } finally {
        db.close();
      }
    };
    const n0 = rows();
    for (let i = 0; i < 200; i++)
      await core.search(QUERIES[i % QUERIES.length] as string, { limit: 50, client: `198.51.100.${i % 20}` });
    await core.flush();
    expect(rows() - n0).toBe(200);
    expect(tables()).not.toContain("match_results");
    const db = new Database(file, { readonly: true });
    const bytes = (
      db
        .prepare(
          "SELECT SUM(LENGTH(query) + LENGTH(results) + LENGTH(client) + LENGTH(id) + LENGTH(at)) AS b FROM matches",
        )
        .get() as { b: number }
    ).b;
    db.close();
    // One row of ≤ 50 results as compact JSON: a few kilobytes at most, where one row per result took about 12 KB a search.
    expect(bytes / rows()).toBeLessThan(4000);
  });
});

describe("a new day's scores", () => {
  it("are computed off the request path and swapped in: the request that notices the new day is answered from the old scores", async () => {
    let now = TEST_NOW;
    const core = new Capgraph(openSqliteStore(":memory:"), { now: () => now });
    const r = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
    await core.add(r.manifests, r.diagnostics);
    const day0 = (await core.card("openai-node")).card;
    now = new Date(TEST_NOW.getTime() + 30 * 86_400_000);
    const during = (await core.card("openai-node")).card;
    expect(during).toBe(day0); // answered at once, from the scores it had
    let day30 = during;
    for (let i = 0; i < 100 && day30 === during; i++) {
      await new Promise((res) => setTimeout(res, 50));
      day30 = (await core.card("openai-node")).card;
    }
    expect(day30.scores.freshness.raw).toBeLessThan(day0.scores.freshness.raw as number); // 30 days older release
    await core.close();
    await core.store.close();
  });
});

describe("match log retention (11.8)", () => {
  it("a replica deletes searches older than 30 days in the background, keeps those an outcome refers to, and keeps Times matched", async () => {
    const store = openSqliteStore(":memory:");
    const old = new Capgraph(store, { now: () => TEST_NOW });
    const r = loadManifestPaths([DEMO_CATALOG_DIR], old.taxonomy);
    await old.add(r.manifests, r.diagnostics);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await old.search(QUERIES[i % QUERIES.length] as string, { client: `198.51.100.${i}` })).matchId);
    const kept = await old.search("vector database for embeddings", { client: "198.51.100.99" });
    await old.feedback({ matchId: kept.matchId, slug: "qdrant", outcome: "success", reporter: "198.51.100.99" });
    await old.close();
    const times = (await store.matchCounts()).counts;
    const later = new Capgraph(store, { now: () => new Date(TEST_NOW.getTime() + 31 * 86_400_000) });
    await later.snapshot();
    for (let i = 0; i < 100 && (await store.getMatch(ids[0] as string)); i++)
      await new Promise((res) => setTimeout(res, 50));
    for (const id of ids) expect(await store.getMatch(id)).toBeUndefined();
    expect(await store.getMatch(kept.matchId)).toBeDefined();
    expect((await store.matchCounts()).counts).toEqual(times);
    await later.close();
    await store.close();
  });
});
