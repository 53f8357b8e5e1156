import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Capgraph } from "../src/capgraph.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import { AGGREGATE_DECAY, AGGREGATE_DEPTH } from "../src/match/engine.js";
import { evaluate, parseLabelled } from "../src/match/eval.js";
import { DEMO_CATALOG_DIR, ROOT } from "../src/paths.js";
import { openPostgresStore } from "../src/store/postgres/pg-store.js";
import type { Store } from "../src/store/store.js";
import { startThrowawayPostgres } from "../test/postgres.js";
import { syntheticManifests } from "./startup.js";
import { syntheticCorpus, syntheticQueries } from "./synthetic.js";

/** In-database search ranked like the engine aggregates: best capabilities per artifact with decay. */
async function dbSearch(store: Store, q: string, k: number): Promise<string[]> {
  const hits = (await store.searchText?.(q, 500)) ?? [];
  const per = new Map<string, number[]>();
  for (const h of hits) per.set(h.slug, [...(per.get(h.slug) ?? []), h.score]);
  return [...per]
    .map(
      ([slug, ss]) =>
        [slug, ss.slice(0, AGGREGATE_DEPTH).reduce((s, v, i) => s + v * AGGREGATE_DECAY ** i, 0)] as const,
    )
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, k)
    .map(([s]) => s);
}

/**
 * The in-database search mode (PostgreSQL full-text, same field weights in four classes)
 * against the in-memory engine: quality on the labelled splits, latency at `n` capabilities.
 */
export async function pgSearchRows(n: number): Promise<Record<string, string | number>[]> {
  const pg = await startThrowawayPostgres();
  const rows: Record<string, string | number>[] = [];
  try {
    const store = await openPostgresStore(pg.url, { schema: "demo" });
    const core = new Capgraph(store);
    const r = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
    await core.add(r.manifests, r.diagnostics);
    const snap = await core.snapshot();
    for (const split of ["dev", "test"]) {
      const queries = parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", `${split}.jsonl`), "utf8"));
      const db = new Map<string, string[]>();
      for (const q of queries) db.set(q.query, await dbSearch(store, q.query, 10));
      const mem = evaluate(queries, (q) =>
        snap.index.search(q, 10).artifacts.map((a) => snap.artifacts[a.artifact]?.slug ?? ""),
      );
      const inDb = evaluate(queries, (q) => db.get(q) ?? []);
      rows.push({
        scenario: `quality, ${split}`,
        system: "in-memory engine",
        "MRR@10": mem.mrr10,
        "Recall@10": mem.recall10,
        "p50 ms": "",
        "p99 ms": "",
      });
      rows.push({
        scenario: `quality, ${split}`,
        system: "PostgreSQL full-text",
        "MRR@10": inDb.mrr10,
        "Recall@10": inDb.recall10,
        "p50 ms": "",
        "p99 ms": "",
      });
    }
    await store.close();
    const big = await openPostgresStore(pg.url, { schema: "synthetic" });
    const docs = syntheticCorpus(n);
    const manifests = syntheticManifests(docs);
    for (let i = 0; i < manifests.length; i += 500) await big.upsertManifests(manifests.slice(i, i + 500));
    const qs = syntheticQueries(docs, 300).map((q) => q.query);
    for (const q of qs.slice(0, 20)) await dbSearch(big, q, 10);
    const times: number[] = [];
    for (const q of qs) {
      const t = performance.now();
      await dbSearch(big, q, 10);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => Math.round((times[Math.floor((p / 100) * (times.length - 1))] ?? 0) * 100) / 100;
    rows.push({
      scenario: `latency, ${n} capabilities`,
      system: "PostgreSQL full-text",
      "MRR@10": "",
      "Recall@10": "",
      "p50 ms": pct(50),
      "p99 ms": pct(99),
    });
    await big.close();
  } finally {
    pg.stop();
  }
  return rows;
}
