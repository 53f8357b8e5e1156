import fs from "node:fs";
import path from "node:path";
import type { Artifact } from "../src/catalog/schema.js";
import { loadManifestPaths } from "../src/catalog/manifest.js";
import type { Taxonomy } from "../src/catalog/taxonomy.js";
import { Capgraph } from "../src/capgraph.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import type { MatchIndex, MatchParams } from "../src/match/engine.js";
import type { SearchIndex as CatalogIndex } from "../src/match/segments.js";
import { LEARNED_V1, type LearnedParams } from "../src/match/learned.js";
import { buildCatalogIndex } from "../src/match/catalog-index.js";
import { evaluate, parseLabelled, type LabelledQuery, type QualityReport } from "../src/match/eval.js";
import { WordVectorEmbedder, WordVectors } from "../src/match/word-vectors.js";
import { DEMO_CATALOG_DIR, ROOT } from "../src/paths.js";
import { fts5Retriever } from "./baselines/fts5.js";
import { minisearchRetriever } from "./baselines/minisearch.js";
import { oramaRetriever } from "./baselines/orama.js";
import { SearchIndex } from "./baselines/search-v0.js";
import type { BenchDoc, BenchRetriever } from "./corpus.js";
import { arrivalOrder, metatoolManifests, metatoolQueries } from "./metatool.js";
import { simulateLearning } from "./learning.js";

/** The demo catalog as benchmark documents: the same fields for every system. */
export function catalogDocs(artifacts: readonly Artifact[], taxonomy: Taxonomy): BenchDoc[] {
  return artifacts.flatMap((a) =>
    a.capabilities.map((c) => {
      const node = taxonomy.get(c.uri);
      return {
        id: `${a.slug}#${c.id}`,
        slug: a.slug,
        artifactName: [a.name, a.provider ?? "", ...a.tags].join(" "),
        kind: a.kind,
        categories: a.categories,
        name: c.name,
        description: c.description,
        intents: c.intents,
        bestFor: c.bestFor,
        taxonomy: node ? [node.label, ...node.aliases] : [],
      };
    }),
  );
}

interface System {
  name: string;
  search: (q: string) => string[];
}

/** dev: tuned on; test: report only; paraphrase: intents that never name the artifact or its vendor, report only. */
export const QUALITY_SPLITS = ["dev", "test", "paraphrase"] as const;
const SPLIT_NOTE: Record<(typeof QUALITY_SPLITS)[number], string> = {
  dev: "tuned on",
  test: "report only, never tuned on",
  paraphrase: "paraphrased intents, no artifact or vendor names, report only",
};
export const splitTitle = (split: (typeof QUALITY_SPLITS)[number]) =>
  `Quality on the ${split} split (${SPLIT_NOTE[split]})`;

type Row = QualityReport & { system: string; split: string };

/** The engine's ablations: each row turns one means off (or on), all else as shipped. */
export const ABLATIONS: readonly [string, Partial<MatchParams>][] = [
  ["  − CapRank prior", { priorWeight: 0 }],
  ["  − synonyms", { synonyms: false }],
  ["  − typo correction", { typos: false }],
  ["  + taxonomy expansion (0.35)", { taxonomyWeight: 0.35 }],
  ["  − name bonus", { nameWeight: 0 }],
  ["  typos corrected from 4 letters (v1)", { typoMinLength: 4 }],
  ["  guessed taxonomy labels indexed (v1)", { classifiedTextConfidence: 0 }],
  ["  no stem forms (same Porter stem, 0.3; v1)", { stemWeight: 0 }],
  ["  − learned translations (word → word, MetaTool stream)", { translationWeight: 0 }],
  ["  learned translations at 2 (shipped: 1)", { translationWeight: 2 }],
  [
    "capgraph search v1 (the three v1 rows above, no translations)",
    { typoMinLength: 4, classifiedTextConfidence: 0, stemWeight: 0, translationWeight: 0 },
  ],
];

/** Systems over one loaded catalog: ours with its ablations, then the baselines on the same documents. */
async function systemsFor(
  core: Capgraph,
  docs: BenchDoc[],
  extra: System[] = [],
): Promise<{ systems: System[]; close: () => void }> {
  const snap = await core.snapshot();
  const ours = snap.index.base,
    artifacts = snap.artifacts;
  const variant = (name: string, p: Partial<MatchParams>): System => {
    const idx = buildCatalogIndex(artifacts, core.taxonomy, p);
    idx.copyPriorsFrom(ours);
    return { name, search: (q) => idx.search(q, 10).artifacts.map((a) => artifacts[a.artifact]?.slug ?? "") };
  };
  const baselines: BenchRetriever[] = [fts5Retriever(), minisearchRetriever(), oramaRetriever()];
  for (const b of baselines) await b.build(docs);
  const systems: System[] = [
    variant("capgraph", {}),
    ...ABLATIONS.map(([name, p]) => variant(name, p)),
    ...extra,
    ...baselines.map((b) => ({ name: b.name, search: (q: string) => b.search(q, 10) })),
  ];
  return {
    systems,
    close: () => {
      for (const b of baselines) b.close?.();
    },
  };
}

/** Quality of ours, its ablations and the baselines on each split: one row per system and split. */
export async function qualityTable(): Promise<{ rows: Row[] }> {
  // The real system: demo catalog in a store, scored, with the CapRank prior the app uses.
  const core = new Capgraph(openSqliteStore(":memory:"));
  const taxonomy = core.taxonomy;
  const loaded = loadManifestPaths([DEMO_CATALOG_DIR], taxonomy);
  await core.add(loaded.manifests, loaded.diagnostics);
  const snap = await core.snapshot();
  const artifacts = snap.artifacts;
  const v0 = new SearchIndex(artifacts, taxonomy);
  const { systems, close } = await systemsFor(core, catalogDocs(artifacts, taxonomy), [
    { name: "capgraph search v0", search: (q) => v0.search(q, { limit: 10 }).map((h) => h.artifact.slug) },
  ]);
  const rows: Row[] = [];
  for (const split of QUALITY_SPLITS) {
    const queries = parseLabelled(
      fs.readFileSync(path.join(ROOT, "bench", "queries", `${split}.jsonl`), "utf8"),
      `${split}.jsonl`,
    );
    const extra = fs.existsSync(VECTORS_FILE)
      ? [
          await wordVectorSystem(
            core,
            queries.map((q) => q.query),
          ),
        ]
      : [];
    for (const s of [...systems, ...extra]) rows.push({ system: s.name, split, ...evaluate(queries, s.search) });
  }
  close();
  await core.store.close();
  return { rows };
}

/** MetaTool splits shown by the quality scenario: dev is tuned on, test and multi-tool are report only. */
export const METATOOL_REPORTED = ["dev", "test", "multi"] as const;
export const metatoolTitle = (split: (typeof METATOOL_REPORTED)[number]) =>
  ({
    dev: "Quality on MetaTool dev (199 tools, name + description; third-party intents; tuned on)",
    test: "Quality on MetaTool test (third-party intents; report only, never tuned on)",
    multi: "Quality on MetaTool multi-tool intents (two labelled tools each; report only)",
  })[split];

/** The MetaTool catalog loaded into a fresh in-memory store (no outcomes). */
export async function metatoolCore(): Promise<Capgraph> {
  const core = new Capgraph(openSqliteStore(":memory:"));
  await core.add(metatoolManifests(core.taxonomy), []);
  return core;
}

/** The same systems on the MetaTool catalog and its dev, test and multi-tool splits. */
export async function metatoolQualityTable(): Promise<{ rows: Row[] }> {
  const core = await metatoolCore();
  const snap = await core.snapshot();
  // Baselines index what a tool has: its name and description (no taxonomy label).
  const docs = catalogDocs(snap.artifacts, core.taxonomy).map((d) => ({ ...d, taxonomy: [] }));
  const { systems, close } = await systemsFor(core, docs);
  const queries = metatoolQueries();
  const rows: Row[] = [];
  for (const split of METATOOL_REPORTED)
    for (const s of systems) rows.push({ system: s.name, split, ...evaluate(queries[split], s.search) });
  close();
  await core.store.close();
  return { rows };
}

/** The optional word-vector file (`npm run vectors:fetch`); its row appears only when it is there. */
export const VECTORS_FILE =
  process.env["CAPGRAPH_BENCH_VECTORS"] ?? path.join(ROOT, ".cache", "vectors", "glove-6b-100d.txt");
let withVectors: Capgraph | undefined;

/** The app's own search with `--vectors`: the same store, index and fusion as `capgraph eval --vectors`. */
async function wordVectorSystem(core: Capgraph, queries: readonly string[]): Promise<System> {
  // One core for every split: the file is loaded and the catalog embedded once.
  if (withVectors?.store !== core.store)
    withVectors = new Capgraph(core.store, {
      taxonomy: core.taxonomy,
      embedder: new WordVectorEmbedder(await WordVectors.load(VECTORS_FILE)),
    });
  const snap = await withVectors.snapshot();
  const ranked = new Map<string, string[]>();
  for (const q of queries) {
    const res = snap.index.search(q, 10, {}, await withVectors.semanticScores(snap, q));
    ranked.set(
      q,
      res.artifacts.map((a) => snap.artifacts[a.artifact]?.slug ?? ""),
    );
  }
  return { name: `  + word vectors (${path.basename(VECTORS_FILE)})`, search: (q) => ranked.get(q) ?? [] };
}

type CurveRow = Record<string, string | number>;

/**
 * The in-process learning curves: MetaTool (stream → dev, test) and the project's intents (dev +
 * test → paraphrase), as shipped and with the first round's scoring (LEARNED_V1 at weight 4); the
 * MetaTool stream in arrival order (tools interleaved) and, for comparison, in file order.
 */
export async function learningSimulations(): Promise<{ metatool: CurveRow[]; project: CurveRow[] }> {
  const mt = await metatoolCore();
  const ms = await mt.snapshot();
  const q = metatoolQueries();
  const v1 = variantIndex(ms, mt.taxonomy, { learnedWeight: 4 });
  const runs: [string, string, MatchIndex, readonly LabelledQuery[], Partial<LearnedParams>][] = [
    ["shipped", "arrival", ms.index.base, arrivalOrder(q.stream), {}],
    ["shipped", "file", ms.index.base, q.stream, {}],
    ["v1 (own neighbours, weight 4)", "arrival", v1, arrivalOrder(q.stream), LEARNED_V1],
  ];
  const metatool: CurveRow[] = [];
  for (const [scoring, order, index, stream, learned] of runs) {
    const rows = simulateLearning({
      index,
      slugs: ms.artifacts.map((a) => a.slug),
      stream,
      measure: { "MetaTool dev": q.dev, "MetaTool test": q.test },
      learned,
    });
    metatool.push(...rows.map((r) => ({ scoring, "stream order": order, ...r })));
  }
  await mt.store.close();
  const core = new Capgraph(openSqliteStore(":memory:"));
  const loaded = loadManifestPaths([DEMO_CATALOG_DIR], core.taxonomy);
  await core.add(loaded.manifests, loaded.diagnostics);
  const snap = await core.snapshot();
  const split = (s: string) =>
    parseLabelled(fs.readFileSync(path.join(ROOT, "bench", "queries", `${s}.jsonl`), "utf8"), `${s}.jsonl`);
  const stream = [...split("dev"), ...split("test")];
  const project: CurveRow[] = [];
  for (const [scoring, index, learned] of [
    ["shipped", snap.index.base, {}],
    ["v1 (own neighbours, weight 4)", variantIndex(snap, core.taxonomy, { learnedWeight: 4 }), LEARNED_V1],
  ] as const) {
    const rows = simulateLearning({
      index,
      slugs: snap.artifacts.map((a) => a.slug),
      stream,
      measure: { paraphrase: split("paraphrase") },
      rebuildEvery: 1,
      learned,
    });
    project.push(...rows.map((r) => ({ scoring, ...r })));
  }
  await core.store.close();
  return { metatool, project };
}

/** The snapshot's catalog index rebuilt with other knobs (same priors). */
function variantIndex(
  snap: { artifacts: readonly Artifact[]; index: CatalogIndex },
  taxonomy: Taxonomy,
  p: Partial<MatchParams>,
): MatchIndex {
  const idx = buildCatalogIndex(snap.artifacts, taxonomy, p);
  snap.artifacts.forEach((_, i) => idx.setPrior(i, snap.index.prior(i)));
  return idx;
}
