import { performance } from "node:perf_hooks";
import { Capgraph } from "../src/capgraph.js";
import { loadTaxonomy } from "../src/catalog/taxonomy.js";
import { ScoreCards } from "../src/core/cards.js";
import { openStore } from "../src/cli/db.js";
import { buildCatalogIndex } from "../src/match/catalog-index.js";
import { summarizeOutcomes } from "../src/outcomes/feedback.js";
import { scoringBasis } from "../src/rank/scores.js";

/**
 * One replica start-up in this process, for bench/startup.ts; prints one JSON line.
 * - `stages DB`: the steps of a start-up one by one (store reads, index build, scoring), each
 *   with its CPU seconds (garbage collection included where it falls), and the heap;
 * - `core DB`: the real thing: `snapshot()` then a first search; the RSS right after a full GC,
 *   after a second one (what a replica keeps), and at its peak during start-up.
 */
const [mode = "core", db = ""] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const out: Record<string, number> = {};
let cpu = process.cpuUsage();
const started = performance.now();
const stage = (name: string) => {
  const c = process.cpuUsage(cpu);
  out[`${name} CPU s`] = Math.round((c.user + c.system) / 1e5) / 10;
  out["wall s"] = Math.round((performance.now() - started) / 100) / 10;
  cpu = process.cpuUsage();
};
const mb = (b: number) => Math.round(b / 1e6);

const store = await openStore(db);
if (mode === "stages") {
  const taxonomy = loadTaxonomy();
  stage("taxonomy");
  const artifacts = await store.listArtifacts();
  stage("read artifacts");
  gc();
  out["artifacts MB"] = mb(process.memoryUsage().heapUsed);
  const [signals, outcomes] = [await store.listSignals(), await store.listOutcomes()];
  await store.matchCounts();
  stage("read signals, outcomes");
  const index = buildCatalogIndex(artifacts, taxonomy);
  stage("build index");
  const asOf = new Date();
  const basis = scoringBasis(artifacts, signals, asOf);
  const summary = summarizeOutcomes(outcomes, asOf);
  // Kept as the snapshot keeps them: CapRank and range of every artifact, no full card.
  const cards = new ScoreCards({
    basis,
    bySlug: new Map(artifacts.map((a) => [a.slug, a])),
    ordinal: new Map(artifacts.map((a, i) => [a.slug, i])),
    outcomes: summary,
    counts: new Map(),
  });
  for (const a of artifacts) cards.set(cards.score(a));
  stage("scoring");
  gc();
  out["heap after GC MB"] = mb(process.memoryUsage().heapUsed);
  const last = artifacts[artifacts.length - 1];
  if ((last && cards.capRank(last.slug) === undefined) || !index) throw new Error("start-up stages lost artifacts");
} else {
  const core = new Capgraph(store);
  await core.snapshot();
  stage("snapshot");
  await core.search("run an open-weight LLM locally behind an OpenAI-compatible API", { limit: 10 });
  stage("first search");
  gc();
  // V8 hands freed pages back to the system in the background: right after one full GC the RSS
  // still holds the start-up's garbage; after a pause and a second GC it is what a replica keeps.
  out["RSS after 1 GC MB"] = mb(process.memoryUsage().rss);
  await new Promise((r) => setTimeout(r, 2000));
  gc();
  out["heap after GC MB"] = mb(process.memoryUsage().heapUsed);
  out["RSS MB"] = mb(process.memoryUsage().rss);
  out["peak RSS MB"] = mb(process.resourceUsage().maxRSS * 1024);
  await core.close();
}
await store.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
