import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createApp } from "../src/app.js";
import { Capgraph } from "../src/capgraph.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { syntheticManifests } from "./startup.js";
import { syntheticCorpus, syntheticQueries } from "./synthetic.js";

/**
 * What one search costs the server on a large catalog, everything included: the search, the
 * match record (written behind, in batches) and whatever the snapshot does around it. Searches
 * run one after another through the app in-process (SQLite file), for `seconds`; CPU is the
 * whole process's.
 */
export async function requestPathRow(n: number, seconds: number): Promise<Record<string, string | number>> {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-path-")), "c.db");
  const docs = syntheticCorpus(n);
  const manifests = syntheticManifests(docs);
  const store = openSqliteStore(db);
  for (let i = 0; i < manifests.length; i += 500) await store.upsertManifests(manifests.slice(i, i + 500));
  const core = new Capgraph(store);
  await core.snapshot();
  const app = createApp(core, { limits: {} });
  const queries = syntheticQueries(docs, 500).map((q) => q.query);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; performance.now() - t0 < seconds * 1000; i++) {
    const s = performance.now();
    await (
      await app.request(`/api/v1/search?limit=10&q=${encodeURIComponent(queries[i % queries.length] ?? "")}`)
    ).text();
    times.push(performance.now() - s);
  }
  const cpu = process.cpuUsage(cpu0);
  await core.close();
  await store.close();
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((times[Math.floor(p * (times.length - 1))] ?? 0) * 10) / 10;
  return {
    capabilities: n,
    artifacts: manifests.length,
    searches: times.length,
    "CPU ms per search": Math.round(((cpu.user + cpu.system) / 1000 / times.length) * 100) / 100,
    "p50 ms": pct(0.5),
    "p99 ms": pct(0.99),
    "max ms": pct(1),
  };
}
