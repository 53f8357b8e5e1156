import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseLabelled } from "../src/match/eval.js";
import { ROOT } from "../src/paths.js";
import { fts5Retriever } from "./baselines/fts5.js";
import { minisearchRetriever } from "./baselines/minisearch.js";
import { oramaRetriever } from "./baselines/orama.js";
import type { BenchDoc, BenchRetriever } from "./corpus.js";
import { oursLearnedRetriever, oursRetriever } from "./ours.js";
import { syntheticCorpus, syntheticQueries } from "./synthetic.js";

export interface ScaleRow {
  [key: string]: string | number;
  system: string;
  capabilities: number;
  "build s": number;
  "caps/s": number;
  "bytes/cap": number;
  "p50 ms": number;
  "p99 ms": number;
  "q/s": number;
  queries: number;
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

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const r = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Build time, index memory and single-core query latency for one system on one corpus: one row
 * per query set (the first is the synthetic short intents; `long`, when given, whole-sentence
 * intents on the same built index, in a row of its own).
 */
async function measure(
  system: BenchRetriever,
  docs: readonly BenchDoc[],
  queries: readonly string[],
  long?: readonly string[],
): Promise<ScaleRow[]> {
  const before = heap();
  const t0 = performance.now();
  await system.build(docs);
  const buildMs = performance.now() - t0;
  const bytes = heap() - before;
  const build = {
    capabilities: docs.length,
    "build s": r(buildMs / 1000),
    "caps/s": Math.round(docs.length / (buildMs / 1000)),
    "bytes/cap": gc ? Math.round(bytes / docs.length) : NaN,
  };
  const rows = [{ system: system.name, ...build, ...latency(system, queries) }];
  if (long) rows.push({ system: `${system.name}, long intents`, ...build, ...latency(system, long) });
  system.close?.();
  return rows;
}

/** Sequential search latency over `queries` (several rounds of a short set), after a warm-up. */
function latency(
  system: BenchRetriever,
  queries: readonly string[],
): Pick<ScaleRow, "p50 ms" | "p99 ms" | "q/s" | "queries"> {
  for (const q of queries.slice(0, 50)) system.search(q, 10); // warm-up
  const times: number[] = [];
  const t1 = performance.now();
  // Slow systems stop after QUERY_BUDGET_MS so one run stays within minutes (the row says how many ran).
  for (let i = 0; i < Math.max(queries.length, MIN_QUERIES); i++) {
    const s = performance.now();
    system.search(queries[i % queries.length] ?? "", 10);
    times.push(performance.now() - s);
    if (s - t1 > QUERY_BUDGET_MS) break;
  }
  const total = performance.now() - t1;
  times.sort((a, b) => a - b);
  return {
    "p50 ms": r(pct(times, 50), 3),
    "p99 ms": r(pct(times, 99), 3),
    "q/s": Math.round(times.length / (total / 1000)),
    queries: times.length,
  };
}

/** Searches per latency row at least (a short query set is run in rounds), so p99 rests on enough samples. */
const MIN_QUERIES = 1000;

/** Whole-sentence intents that rarely name a tool (the paraphrase split): the long, common-word queries. */
function longIntents(): string[] {
  return parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", "paraphrase.jsonl"), "utf8")).map(
    (q) => q.query,
  );
}

/**
 * The scale table: ours and the baselines on synthetic corpora. Orama and MiniSearch are
 * skipped above `maxBaselineSize` (they take minutes and many GB there), and the rows say so.
 */
export async function scaleTable(
  sizes: readonly number[],
  opts: { queries?: number; maxBaselineSize?: number } = {},
): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const n of sizes) {
    let docs: BenchDoc[] | undefined = syntheticCorpus(n);
    const queries = syntheticQueries(docs, opts.queries ?? 1000).map((q) => q.query);
    const systems: (() => BenchRetriever)[] = [
      () => oursRetriever(),
      () => oursRetriever(undefined, { pruneTerms: true }),
      () => oursLearnedRetriever(10_000),
      () => fts5Retriever(),
    ];
    if (n <= (opts.maxBaselineSize ?? 100_000))
      systems.push(
        () => minisearchRetriever(),
        () => oramaRetriever(),
      );
    const long = longIntents();
    // Long intents for capgraph and FTS5 (the baseline the HTTP table compares with).
    for (const make of systems) {
      const system = make();
      rows.push(
        ...(await measure(
          system,
          docs,
          queries,
          system.name.startsWith("capgraph") || system.name.includes("FTS5") ? long : undefined,
        )),
      );
    }
    docs = undefined;
  }
  return rows;
}
