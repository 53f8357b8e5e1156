import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { Learning } from "../match/learning.js";
import { sampleCapability, sampleManifest } from "../store/fixtures.suite.js";
import { openPostgresStore } from "../store/postgres/pg-store.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import type { Store } from "../store/store.js";
import { SnapshotService, type Snapshot } from "./snapshot.js";

/* A merge or full reload while serving builds the new base in slices (match/DESIGN.md, "Incremental updates"). */

const taxonomy = loadTaxonomy();
const url = inject("pgUrl");
const open: Store[] = [];
const services: SnapshotService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A replica that merges any delta at once and yields to the event loop at every step of a build. */
function replica(store: Store, incrementalMax?: number): SnapshotService {
  const s = new SnapshotService(store, {
    taxonomy,
    now: () => new Date("2026-12-01T00:00:00Z"),
    learning: new Learning(),
    log: () => {},
    refreshMs: 0,
    mergeQuietMs: 0,
    buildSliceMs: 0,
    incrementalMax,
  });
  services.push(s);
  return s;
}

/** Enough artifacts that a build takes many steps (one step: 32 capabilities, terms or artifacts). */
const catalog = () =>
  Array.from({ length: 600 }, (_, i) =>
    sampleManifest(`lib-${i}`, {
      description: `Library ${i}.`,
      capabilities: [0, 1].map((k) =>
        sampleCapability({ id: `c${k}`, name: `skill${i} part${k}`, description: `Does thing ${i * 2 + k}.` }),
      ),
    }),
  );
const probe = (slug: string, word: string) =>
  sampleManifest(slug, {
    capabilities: [sampleCapability({ name: `${word} one` }), sampleCapability({ id: "two", name: "second skill" })],
  });

const found = (s: Snapshot, q: string) => s.index.search(q, 10).artifacts.map((a) => s.artifacts[a.artifact]?.slug);
const turn = () => new Promise((r) => setImmediate(r));

/** Event-loop turns until the snapshot's base is no longer `s`'s (at most `max`). */
async function turnsUntilNewBase(snaps: SnapshotService, s: Snapshot, max = 20_000): Promise<number> {
  let turns = 0;
  while (snaps.peek()?.index.base === s.index.base && turns < max) {
    found(snaps.peek() as Snapshot, "skill7");
    await turn();
    turns++;
  }
  return turns;
}

/** A replica of the 600-artifact catalog with one artifact just added: its snapshot holds a delta to merge. */
async function withDelta(kind: "sqlite" | "postgres", incrementalMax?: number) {
  const [writer, reader] = await openPair(kind);
  await writer.upsertManifests(catalog());
  const snaps = replica(reader, incrementalMax);
  await snaps.get();
  await writer.upsertManifests([probe("omega", "zebrafish")]);
  return { writer, snaps, s1: await snaps.get() };
}

let schemas = 0;
async function openPair(kind: "sqlite" | "postgres"): Promise<[Store, Store]> {
  if (kind === "sqlite") {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-merge-")), "db.sqlite");
    open.push(openSqliteStore(file), openSqliteStore(file));
  } else {
    const schema = `merge_${process.pid}_${schemas++}`;
    open.push(await openPostgresStore(url, { schema }), await openPostgresStore(url, { schema }));
  }
  return open.slice(-2) as [Store, Store];
}

describe.each(["sqlite", "postgres"] as const)("a merge while serving (%s)", (kind) => {
  it.skipIf(kind === "postgres" && !url)(
    "answers searches from the current snapshot while the merge builds the new base",
    async () => {
      const { snaps, s1 } = await withDelta(kind);
      expect(s1.index.deltaSize).toBe(2);
      // A build in one stretch swaps the base within the first turn; in slices, searches run in between.
      expect(await turnsUntilNewBase(snaps, s1)).toBeGreaterThan(20);
      const s2 = snaps.peek() as Snapshot;
      expect(s2.index.deltaSize).toBe(0);
      expect(found(s2, "zebrafish")).toEqual(["omega"]);
    },
  );

  it.skipIf(kind === "postgres" && !url)(
    "keeps a catalog change that lands while the merge builds (carried into the new base's delta)",
    async () => {
      const { writer, snaps, s1 } = await withDelta(kind);
      await turn();
      await turn();
      await writer.upsertManifests([probe("lib-3", "zebrafish")]);
      const s2 = await snaps.get();
      // The change landed while the merge of s1 was still building.
      expect(s2.index.base).toBe(s1.index.base);
      expect(found(s2, "zebrafish").sort()).toEqual(["lib-3", "omega"]);
      await turnsUntilNewBase(snaps, s1);
      const s3 = snaps.peek() as Snapshot;
      expect(s3.index.base).not.toBe(s1.index.base);
      expect(s3.index.deltaSize).toBe(2);
      expect(found(s3, "zebrafish").sort()).toEqual(["lib-3", "omega"]);
      expect(s3.artifacts.map((a) => a.slug)).toEqual(s2.artifacts.map((a) => a.slug));
      expect(s3.index.prior(s3.ordinal.get("lib-3") as number)).toBe(s2.index.prior(s2.ordinal.get("lib-3") as number));
    },
  );

  it.skipIf(kind === "postgres" && !url)(
    "a full reload during a merge wins: the merged base never replaces it",
    async () => {
      const { writer, snaps, s1 } = await withDelta(kind, 1);
      await turn();
      // Two changed artifacts: more than this replica applies one by one, so a full reload.
      await writer.upsertManifests([probe("lib-3", "zebrafish"), probe("lib-4", "zebrafish")]);
      const s2 = await snaps.get();
      expect(s2.index.base).not.toBe(s1.index.base);
      expect(s2.index.deltaSize).toBe(0);
      for (let i = 0; i < 200; i++) await turn();
      expect(snaps.peek()?.index.base).toBe(s2.index.base);
      expect(found(snaps.peek() as Snapshot, "zebrafish").sort()).toEqual(["lib-3", "lib-4", "omega"]);
    },
  );
});
