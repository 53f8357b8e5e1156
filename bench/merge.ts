import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import type { Artifact } from "../src/catalog/schema.js";
import { loadTaxonomy } from "../src/catalog/taxonomy.js";
import { openStore } from "../src/cli/db.js";
import { SnapshotService, type Snapshot } from "../src/core/snapshot.js";
import { Learning } from "../src/match/learning.js";
import { SegmentedIndex } from "../src/match/segments.js";
import { BUILD_SLICE_MS } from "../src/match/steps.js";
import type { Store } from "../src/store/store.js";
import { sampleCapability } from "../src/store/fixtures.suite.js";
import type { Raw } from "./incremental.js";
import { syntheticManifests, writeSyntheticCatalog } from "./startup.js";
import { syntheticCorpus, syntheticQueries } from "./synthetic.js";

/**
 * Searches while the whole catalog is re-indexed (`npm run bench -- --only merge`): a replica
 * on a SQLite file serves searches at a fixed rate (open loop: a search's latency counts from
 * the time it was due, so waiting behind a blocked event loop counts) while (a) the delta is
 * merged into a new base and (b) a write the change log cannot name forces a full reload. Each
 * runs with the build in one stretch (before) and in slices (now); the event loop's delay comes
 * from perf_hooks' monitorEventLoopDelay.
 */

type Row = Record<string, string | number>;

/** One search due every SEARCH_EVERY_MS: 100 a second, a fraction of what one core answers at 100k. */
const SEARCH_EVERY_MS = 10;

/**
 * Searches due every `periodMs` from now until stop(); each latency runs from when it was due to
 * its answer. When the timer fires, every search due by then is answered, as a server answers
 * every request that arrived while its event loop was held.
 */
function searchLoad(
  search: (i: number) => Promise<void>,
  periodMs: number,
): { stop: () => { latencies: number[]; longestBurst: number } } {
  const latencies: number[] = [];
  const t0 = performance.now();
  let due = 0,
    stopped = false,
    longestBurst = 0,
    timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const start = performance.now();
    while (!stopped && t0 + due * periodMs <= performance.now()) {
      const at = t0 + due * periodMs;
      await search(due++);
      latencies.push(performance.now() - at);
    }
    // A backlog answered in one go holds the loop too: told apart from the build's own stretches.
    longestBurst = Math.max(longestBurst, performance.now() - start);
    if (!stopped) timer = setTimeout(tick, Math.max(0, t0 + due * periodMs - performance.now()));
  };
  timer = setTimeout(tick, 0);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      return { latencies, longestBurst };
    },
  };
}

const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number) : NaN;
};
const ms1 = (x: number) => Math.round(x * 10) / 10;

/** A new artifact with one capability (the change that starts each round). */
function probe(r: number): { artifact: Artifact; signals: [] } {
  const capability = sampleCapability({ id: "c0", name: `merge probe ${r}`, description: "A bench probe." });
  return {
    artifact: {
      slug: `merge-probe-${r}`,
      name: `Merge probe ${r}`,
      kind: "library",
      description: "Bench probe.",
      categories: ["test"],
      tags: [],
      status: "active",
      pricing: { model: "free", freeTier: true, prices: [] },
      capabilities: [capability],
    },
    signals: [],
  };
}

/** Runs `job` under the search load and the event-loop monitor until `done()`; the row's numbers. */
async function measured(job: () => Promise<unknown>, done: () => boolean, search: (i: number) => Promise<void>) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const gcs: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push(e.duration);
  });
  gc.observe({ entryTypes: ["gc"] });
  // A turn first, so the monitor's timer runs before the job can hold the loop.
  await new Promise((r) => setTimeout(r, 5));
  const load = searchLoad(search, SEARCH_EVERY_MS);
  const t0 = performance.now();
  await job();
  while (!done()) await new Promise((r) => setTimeout(r, 1));
  const wall = performance.now() - t0;
  // Searches already due when the job ended are part of it.
  await new Promise((r) => setTimeout(r, 20));
  const { latencies: lat, longestBurst } = load.stop();
  h.disable();
  gc.disconnect();
  return {
    "wall ms": Math.round(wall),
    searches: lat.length,
    "event loop delay max ms": ms1(h.max / 1e6),
    "event loop delay p99 ms": ms1(h.percentile(99) / 1e6),
    "longest GC pause ms": ms1(Math.max(0, ...gcs)),
    "longest burst of searches ms": ms1(longestBurst),
    "search p50 ms": ms1(pct(lat, 50)),
    "search p99 ms": ms1(pct(lat, 99)),
    "search max ms": ms1(Math.max(...lat)),
  };
}

/** One replica (one build mode): a merge round, then a full-reload round. */
async function replicaRows(store: Store, raw: Raw, queries: readonly string[], sliceMs: number, r0: number) {
  const snaps = new SnapshotService(store, {
    taxonomy: loadTaxonomy(),
    now: () => new Date(),
    learning: new Learning(),
    log: () => {},
    // Searches are answered from the snapshot in hand while a reload runs (a PostgreSQL replica does so for REFRESH_MS).
    refreshMs: 3_600_000,
    mergeCaps: 0,
    mergeQuietMs: 3_600_000,
    buildSliceMs: sliceMs,
  });
  const search = async (i: number) => {
    const s = await snaps.get();
    s.index.search(queries[i % queries.length] as string, 10);
  };
  const mode = Number.isFinite(sliceMs) ? `slices of ${sliceMs} ms (now)` : "one stretch (before)";
  try {
    const s0 = await snaps.get();
    const rows: Row[] = [];
    // The same load with nothing re-indexed: what the searches cost on their own.
    const alone = await measured(
      () => new Promise((r) => setTimeout(r, 2000)),
      () => true,
      search,
    );
    rows.push({ path: "none (searches alone)", build: mode, ...alone });
    // Merge: one new artifact lands in the delta; past mergeCaps (0) the snapshot folds it into a new base.
    await store.upsertManifests([probe(r0)]);
    snaps.invalidate();
    let s1: Snapshot | undefined;
    const merge = await measured(
      async () => {
        s1 = await snaps.get();
      },
      () => s1 !== undefined && snaps.peek()?.index.base !== s0.index.base,
      search,
    );
    rows.push({ path: "merge", build: mode, ...merge });
    // Full reload: a write the change log does not name.
    await store.upsertManifests([probe(r0 + 1)]);
    await raw("DELETE FROM catalog_changes");
    snaps.invalidate();
    const before = snaps.peek()?.index.base;
    const reload = await measured(
      () => snaps.get(),
      () => snaps.peek()?.index.base !== before,
      search,
    );
    rows.push({ path: "full reload", build: mode, ...reload });
    return rows;
  } finally {
    await snaps.close();
  }
}

/** Writes `n` synthetic capabilities to `file`; search queries drawn from them (the corpus itself is not kept: a smaller heap to collect). */
async function catalogAndQueries(file: string, n: number): Promise<string[]> {
  const docs = syntheticCorpus(n);
  await writeSyntheticCatalog(file, docs, 2000);
  return syntheticQueries(docs, 500).map((q) => q.query);
}

/** Both paths, before and now, on a SQLite file of `n` synthetic capabilities. */
export async function mergeRows(file: string, n: number, raw: Raw, rounds = 3): Promise<Row[]> {
  const queries = await catalogAndQueries(file, n);
  const store = await openStore(file);
  const rows: Row[] = [];
  try {
    for (let r = 0; r < rounds; r++)
      for (const [k, sliceMs] of [Number.POSITIVE_INFINITY, BUILD_SLICE_MS].entries())
        rows.push(...(await replicaRows(store, raw, queries, sliceMs, 10 * r + 2 * k)));
  } finally {
    await store.close();
  }
  return rows;
}

/**
 * The build itself, at once and in slices of BUILD_SLICE_MS as runSliced cuts them (an
 * event-loop turn between two): each slice's wall time, and the whole build's.
 */
export async function sliceRows(n: number, rounds = 3): Promise<Row[]> {
  const taxonomy = loadTaxonomy();
  const artifacts = syntheticManifests(syntheticCorpus(n)).map((m) => m.artifact);
  const rows: Row[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    SegmentedIndex.build(artifacts, taxonomy);
    const once = performance.now() - t;
    rows.push({
      build: "at once",
      "total ms": Math.round(once),
      slices: 1,
      "slice p50 ms": "",
      "slice p99 ms": "",
      "slice max ms": ms1(once),
    });
    const slices: number[] = [];
    const steps = SegmentedIndex.steps(artifacts, taxonomy, {});
    const t0 = performance.now();
    t = t0;
    for (;;) {
      const done = steps.next().done;
      const now = performance.now();
      if (done || now - t >= BUILD_SLICE_MS) {
        slices.push(now - t);
        if (done) break;
        await new Promise((resolve) => setImmediate(resolve));
        t = performance.now();
      }
    }
    rows.push({
      build: `slices of ${BUILD_SLICE_MS} ms`,
      "total ms": Math.round(performance.now() - t0),
      slices: slices.length,
      "slice p50 ms": ms1(pct(slices, 50)),
      "slice p99 ms": ms1(pct(slices, 99)),
      "slice max ms": ms1(Math.max(...slices)),
    });
  }
  return rows;
}
