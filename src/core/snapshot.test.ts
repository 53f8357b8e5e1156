import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { Capability } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { Learning } from "../match/learning.js";
import { sampleManifest } from "../store/contract.suite.js";
import { openPostgresStore } from "../store/postgres/pg-store.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import type { Store } from "../store/store.js";
import { SnapshotService, type Snapshot } from "./snapshot.js";

const taxonomy = loadTaxonomy();
const url = inject("pgUrl");
const open: Store[] = [];
const services: SnapshotService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A replica's snapshot service (checks the store on every get, like an embedded file). */
const NOW = new Date("2026-12-01T00:00:00Z");
function replica(
  store: Store,
  over: { mergeQuietMs?: number; incrementalMax?: number; learning?: Learning } = {},
): SnapshotService {
  const s = new SnapshotService(store, {
    taxonomy,
    now: () => NOW,
    learning: over.learning ?? new Learning(),
    log: () => {},
    refreshMs: 0,
    mergeQuietMs: over.mergeQuietMs ?? 3_600_000,
    incrementalMax: over.incrementalMax,
  });
  services.push(s);
  return s;
}

const found = (s: Snapshot, q: string) => s.index.search(q, 10).artifacts.map((a) => s.artifacts[a.artifact]?.slug);
const catalog = () =>
  ["alpha", "beta", "gamma", "delta"].map((slug) => sampleManifest(slug, { description: `The ${slug} library.` }));
const withCap = (slug: string, name: string) => {
  const cap = sampleManifest(slug).artifact.capabilities[0] as Capability;
  return sampleManifest(slug, {
    capabilities: [
      { ...cap, name },
      { ...cap, id: "two", name: "second skill" },
    ],
  });
};

type Opener = () => Promise<[Store, Store, (sql: string) => Promise<void>]>;
const sqlite: Opener = async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-snap-")), "db.sqlite");
  const a = openSqliteStore(file),
    b = openSqliteStore(file);
  open.push(a, b);
  return [
    a,
    b,
    async (sql) => {
      const db = new Database(file);
      db.exec(sql);
      db.close();
    },
  ];
};
let n = 0;
const postgres: Opener = async () => {
  const schema = `snap_${process.pid}_${n++}`;
  const a = await openPostgresStore(url, { schema }),
    b = await openPostgresStore(url, { schema });
  open.push(a, b);
  return [
    a,
    b,
    async (sql) => {
      const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
      await c.connect();
      await c.query(sql);
      await c.end();
    },
  ];
};

describe.each([
  ["sqlite", sqlite],
  ["postgres", postgres],
] as const)("snapshot follows catalog changes incrementally (%s)", (name, opener) => {
  it.skipIf(name === "postgres" && !url)(
    "another process's upsert reaches search through the change log, without rebuilding the base",
    async () => {
      const [writer, reader] = await opener();
      await writer.upsertManifests(catalog());
      const snaps = replica(reader);
      const s0 = await snaps.get();
      expect(found(s0, "zebrafish")).toEqual([]);
      await writer.upsertManifests([withCap("beta", "zebrafish tracking"), withCap("omega", "zebrafish counting")]);
      const s1 = await snaps.get();
      expect(s1.index.base).toBe(s0.index.base);
      expect(s1.index.deltaSize).toBe(4);
      expect(found(s1, "zebrafish").sort()).toEqual(["beta", "omega"]);
      // Laid out as the index: the changed artifact keeps its place, the new one follows; scores and cards follow.
      expect(s1.artifacts.map((a) => a.slug)).toEqual(["alpha", "beta", "delta", "gamma", "omega"]);
      expect(s1.ordinal.get("omega")).toBe(4);
      expect(s1.bySlug.get("beta")?.capabilities.map((c) => c.name)).toEqual(["zebrafish tracking", "second skill"]);
      expect(s1.cards.get("omega")?.capRank).toBeGreaterThan(0);
      const hit = s1.index.search("zebrafish counting", 1).artifacts[0];
      expect(hit && snaps.firstOrdinal(s1, hit.artifact)).toBe(hit?.capabilities[0]?.ordinal);
    },
  );

  it.skipIf(name === "postgres" && !url)(
    "reloads the whole catalog when the change log cannot say what changed",
    async () => {
      const [writer, reader, sql] = await opener();
      await writer.upsertManifests(catalog());
      const snaps = replica(reader);
      const s0 = await snaps.get();
      await writer.upsertManifests([withCap("beta", "zebrafish tracking")]);
      await sql("DELETE FROM catalog_changes");
      const s1 = await snaps.get();
      expect(s1.index.base).not.toBe(s0.index.base);
      expect(s1.index.deltaSize).toBe(0);
      expect(found(s1, "zebrafish")).toEqual(["beta"]);
    },
  );

  it.skipIf(name === "postgres" && !url)(
    "reloads the whole catalog when more artifacts changed than it applies one by one (a bulk import)",
    async () => {
      const [writer, reader] = await opener();
      await writer.upsertManifests(catalog());
      const snaps = replica(reader, { incrementalMax: 1 });
      const s0 = await snaps.get();
      await writer.upsertManifests([withCap("beta", "zebrafish tracking"), withCap("omega", "zebrafish counting")]);
      const s1 = await snaps.get();
      expect(s1.index.base).not.toBe(s0.index.base);
      expect(s1.index.deltaSize).toBe(0);
      expect(found(s1, "zebrafish").sort()).toEqual(["beta", "omega"]);
    },
  );

  it.skipIf(name === "postgres" && !url)(
    "keeps the learned side index across a change that moves no capability ordinal, and rebuilds it when one moves",
    async () => {
      const [writer, reader] = await opener();
      await writer.upsertManifests(catalog());
      for (let r = 0; r < 4; r++) {
        const m = await writer.recordMatch({
          query: "summarise my inbox",
          client: `c${r}`,
          results: [{ slug: "beta", score: 1, capabilityIds: ["one"] }],
        });
        await writer.recordOutcome({
          matchId: m.id,
          slug: "beta",
          capabilityId: "one",
          outcome: "success",
          reporter: `r${r}`,
        });
      }
      const learning = new Learning();
      const snaps = replica(reader, { learning });
      const s0 = await snaps.get();
      const l0 = learning.attach(s0.index, s0.artifacts, NOW);
      await writer.upsertManifests([sampleManifest("gamma", { description: "Changed." }), sampleManifest("omega")]);
      const s1 = await snaps.get();
      expect(s1.index.base).toBe(s0.index.base);
      expect(learning.attach(s1.index, s1.artifacts, NOW)).toBe(l0);
      expect(s1.index.learnedIndex).toBe(l0);
      expect(s1.index.search("summarise inbox", 3).learned.length).toBeGreaterThan(0);
      await writer.upsertManifests([withCap("alpha", "zebrafish tracking")]);
      const s2 = await snaps.get();
      expect(learning.attach(s2.index, s2.artifacts, NOW)).not.toBe(l0);
    },
  );

  it.skipIf(name === "postgres" && !url)(
    "folds the delta into a new base once the catalog is quiet, and searches the same",
    async () => {
      const [writer, reader] = await opener();
      await writer.upsertManifests(catalog());
      const snaps = replica(reader, { mergeQuietMs: 0 });
      await snaps.get();
      await writer.upsertManifests([withCap("omega", "zebrafish counting")]);
      const s1 = await snaps.get();
      expect(s1.index.deltaSize).toBe(2);
      for (let i = 0; i < 50 && (await snaps.get()).index.deltaSize > 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      const s2 = await snaps.get();
      expect(s2.index.deltaSize).toBe(0);
      expect(found(s2, "zebrafish")).toEqual(["omega"]);
      expect(s2.index.prior(4)).toBe(s1.index.prior(4));
    },
  );
});
