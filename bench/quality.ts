import fs from "node:fs";
import path from "node:path";
import type { Artifact } from "../src/catalog/schema.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import type { Taxonomy } from "../src/catalog/taxonomy.js";
import { Capgraph } from "../src/capgraph.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { MatchIndex, type MatchParams } from "../src/match/engine.js";
import { evaluate, parseLabelled, type QualityReport } from "../src/match/eval.js";
import { WordVectorEmbedder, WordVectors } from "../src/match/word-vectors.js";
import { DEMO_CATALOG_DIR, ROOT } from "../src/paths.js";
import { fts5Retriever } from "./baselines/fts5.js";
import { minisearchRetriever } from "./baselines/minisearch.js";
import { oramaRetriever } from "./baselines/orama.js";
import { SearchIndex } from "./baselines/search-v0.js";
import type { BenchDoc, BenchRetriever } from "./corpus.js";

/** The demo catalog as benchmark documents: the same fields for every system. */
export function catalogDocs(artifacts: readonly Artifact[], taxonomy: Taxonomy): BenchDoc[] {
  return artifacts.flatMap((a) => a.capabilities.map((c) => {
    const node = taxonomy.get(c.uri);
    return {
      id: `${a.slug}#${c.id}`, slug: a.slug, artifactName: [a.name, a.provider ?? "", ...a.tags].join(" "), kind: a.kind, categories: a.categories,
      name: c.name, description: c.description, intents: c.intents, bestFor: c.bestFor, taxonomy: node ? [node.label, ...node.aliases] : [],
    };
  }));
}

interface System { name: string; search: (q: string) => string[] }

/** dev: tuned on; test: report only; paraphrase: intents that never name the artifact or its vendor, report only. */
export const QUALITY_SPLITS = ["dev", "test", "paraphrase"] as const;
const SPLIT_NOTE: Record<(typeof QUALITY_SPLITS)[number], string> = {
  dev: "tuned on", test: "report only, never tuned on", paraphrase: "paraphrased intents, no artifact or vendor names, report only",
};
export const splitTitle = (split: (typeof QUALITY_SPLITS)[number]) => `Quality on the ${split} split (${SPLIT_NOTE[split]})`;

/** Quality of ours, its ablations and the baselines on each split: one row per system and split. */
export async function qualityTable(): Promise<{ rows: (QualityReport & { system: string; split: string })[] }> {
  // The real system: demo catalog in a store, scored, with the CapRank prior the app uses.
  const core = new Capgraph(openSqliteStore(":memory:"));
  const taxonomy = core.taxonomy;
  const loaded = loadManifestPaths([DEMO_CATALOG_DIR], taxonomy);
  await core.add(loaded.manifests, loaded.diagnostics);
  const snap = await core.snapshot();
  const artifacts = snap.artifacts;
  const docs = catalogDocs(artifacts, taxonomy);
  const ours = snap.index;
  const variant = (name: string, p: Partial<MatchParams>): System => {
    const idx = new MatchIndex(ours.artifacts, ours.capabilities, taxonomy, p);
    idx.copyPriorsFrom(ours);
    return { name, search: (q) => idx.search(q, 10).artifacts.map((a) => artifacts[a.artifact]?.slug ?? "") };
  };
  const v0 = new SearchIndex(artifacts, taxonomy);
  const baselines: BenchRetriever[] = [fts5Retriever(), minisearchRetriever(), oramaRetriever()];
  for (const b of baselines) await b.build(docs);
  const systems: System[] = [
    variant("capgraph", {}),
    variant("  − CapRank prior", { priorWeight: 0 }),
    variant("  − synonyms", { synonyms: false }),
    variant("  − typo correction", { typos: false }),
    variant("  + taxonomy expansion (0.35)", { taxonomyWeight: 0.35 }),
    variant("  − name bonus", { nameWeight: 0 }),
    { name: "capgraph search v0", search: (q) => v0.search(q, { limit: 10 }).map((h) => h.artifact.slug) },
    ...baselines.map((b) => ({ name: b.name, search: (q: string) => b.search(q, 10) })),
  ];
  const rows: (QualityReport & { system: string; split: string })[] = [];
  for (const split of QUALITY_SPLITS) {
    const queries = parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", `${split}.jsonl`), "utf8"), `${split}.jsonl`);
    const extra = fs.existsSync(VECTORS_FILE) ? [await wordVectorSystem(core, queries.map((q) => q.query))] : [];
    for (const s of [...systems, ...extra]) rows.push({ system: s.name, split, ...evaluate(queries, s.search) });
  }
  for (const b of baselines) b.close?.();
  await core.store.close();
  return { rows };
}

/** The optional word-vector file (`npm run vectors:fetch`); its row appears only when it is there. */
export const VECTORS_FILE = process.env["CAPGRAPH_BENCH_VECTORS"] ?? path.join(ROOT, ".cache", "vectors", "glove-6b-100d.txt");
let withVectors: Capgraph | undefined;

/** The app's own search with `--vectors`: the same store, index and fusion as `capgraph eval --vectors`. */
async function wordVectorSystem(core: Capgraph, queries: readonly string[]): Promise<System> {
  // One core for every split: the file is loaded and the catalog embedded once.
  if (withVectors?.store !== core.store) withVectors = new Capgraph(core.store, { taxonomy: core.taxonomy, embedder: new WordVectorEmbedder(await WordVectors.load(VECTORS_FILE)) });
  const snap = await withVectors.snapshot();
  const ranked = new Map<string, string[]>();
  for (const q of queries) {
    const res = snap.index.search(q, 10, {}, await withVectors.semanticScores(snap, q));
    ranked.set(q, res.artifacts.map((a) => snap.artifacts[a.artifact]?.slug ?? ""));
  }
  return { name: `  + word vectors (${path.basename(VECTORS_FILE)})`, search: (q) => ranked.get(q) ?? [] };
}
