import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { run } from "../src/cli/run.js";
import { Capgraph } from "../src/capgraph.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { openPostgresStore } from "../src/store/postgres/pg-store.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { captureIo } from "./helpers.js";

const url = inject("pgUrl");

describe.skipIf(!url)("CLI on PostgreSQL", () => {
  it("the database search mode answers from PostgreSQL full-text with the same result shape", async () => {
    const store = await openPostgresStore(url, { schema: "dbmode" });
    const core = new Capgraph(store, { searchMode: "database" });
    const r = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
    await core.add(r.manifests, r.diagnostics);
    const res = await core.search("transcribe audio recordings", { limit: 5, filters: { kind: "model" } });
    expect(res.results[0]?.slug).toBe("whisper");
    for (const x of res.results) expect(x.kind).toBe("model");
    expect(res.results[0]?.capabilities[0]?.why.length).toBeGreaterThan(0);
    await store.close();
  });

  it("serve refuses the database search mode on SQLite", async () => {
    const c = captureIo();
    expect(await run(["serve", "--search-mode", "database", "--db", "x.db"], c.io)).toBe(2);
    expect(c.err()).toContain("needs a PostgreSQL --db");
  });

  it("add, search and compare give the same numbers as on SQLite", async () => {
    const sqlite = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-")), "c.db");
    const pgDb = url; // the throwaway cluster's public schema is used by this test only
    const cli = async (...argv: string[]) => {
      const c = captureIo();
      const code = await run(argv, c.io);
      return { code, out: c.out(), err: c.err() };
    };
    for (const db of [sqlite, pgDb]) expect((await cli("add", DEMO_CATALOG_DIR, "--db", db)).code).toBe(0);
    const cmp = async (db: string) =>
      JSON.parse((await cli("compare", "gpt-5-4-pro", "dreambooth-stable-diffusion", "--json", "--db", db)).out) as {
        artifacts: { capRank: number; scores: object }[];
        verdict: { claims: unknown[] };
      };
    const [a, b] = [await cmp(sqlite), await cmp(pgDb)];
    expect(b.artifacts.map((x) => [x.capRank, x.scores])).toEqual(a.artifacts.map((x) => [x.capRank, x.scores]));
  });
});
