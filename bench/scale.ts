import { performance } from "node:perf_hooks";
import { fts5Retriever } from "./baselines/fts5.js";
import { minisearchRetriever } from "./baselines/minisearch.js";
import { oramaRetriever } from "./baselines/orama.js";
import type { BenchDoc, BenchRetriever } from "./corpus.js";
import { oursLearnedRetriever, oursRetriever } from "./ours.js";
import { syntheticCorpus, syntheticQueries } from "./synthetic.js";

export interface ScaleRow {
  [key: string]: string | number;
  system: string; capabilities: number; "build s": number; "caps/s": number; "bytes/cap": number; "p50 ms": number; "p99 ms": number; "q/s": number; queries: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
function heap(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Wall-clock budget for the latency loop of one system on one corpus. */
const QUERY_BUDGET_MS = 20_000;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const r = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Build time, index memory and single-core query latency for one system on one corpus. */
async function measure(system: BenchRetriever, docs: readonly BenchDoc[], queries: readonly string[]): Promise<ScaleRow> {
  const before = heap();
  const t0 = performance.now();
  await system.build(docs);
  const buildMs = performance.now() - t0;
  const bytes = heap() - before;
  for (const q of queries.slice(0, 50)) system.search(q, 10); // warm-up
  const times: number[] = [];
  const t1 = performance.now();
  // Slow systems stop after QUERY_BUDGET_MS so one run stays within minutes (the row says how many ran).
  for (const q of queries) {
    const s = performance.now();
    system.search(q, 10);
    times.push(performance.now() - s);
    if (s - t1 > QUERY_BUDGET_MS) break;
  }
  const total = performance.now() - t1;
  times.sort((a, b) => a - b);
  system.close?.();
  return {
    system: system.name, capabilities: docs.length, "build s": r(buildMs / 1000), "caps/s": Math.round(docs.length / (buildMs / 1000)),
    "bytes/cap": gc ? Math.round(bytes / docs.length) : NaN, "p50 ms": r(pct(times, 50), 3), "p99 ms": r(pct(times, 99), 3), "q/s": Math.round(times.length / (total / 1000)), queries: times.length,
  };
}

/**
 * The scale table: ours and the baselines on synthetic corpora. Orama and MiniSearch are
 * skipped above `maxBaselineSize` (they take minutes and many GB there), and the rows say so.
 */
export async function scaleTable(sizes: readonly number[], opts: { queries?: number; maxBaselineSize?: number } = {}): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const n of sizes) {
    let docs: BenchDoc[] | undefined = syntheticCorpus(n);
    const queries = syntheticQueries(docs, opts.queries ?? 1000).map((q) => q.query);
    const systems: (() => BenchRetriever)[] = [() => oursRetriever(), () => oursLearnedRetriever(10_000), () => fts5Retriever()];
    if (n <= (opts.maxBaselineSize ?? 100_000)) systems.push(() => minisearchRetriever(), () => oramaRetriever());
    for (const make of systems) rows.push(await measure(make(), docs, queries));
    docs = undefined;
  }
  return rows;
}
