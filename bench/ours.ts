import type { Taxonomy } from "../src/catalog/taxonomy.js";
import { MatchIndex, type IndexArtifact, type IndexCapability, type MatchParams } from "../src/match/engine.js";
import type { BenchDoc, BenchRetriever } from "./corpus.js";
import { LearnedIndex, type LearnedOutcome } from "../src/match/learned.js";
import { LearnedOutcomes } from "../src/match/learned-outcomes.js";
import { syntheticQueries } from "./synthetic.js";

/** Benchmark documents → the engine's flat records (artifacts in order of first appearance). */
export function indexFromDocs(
  docs: readonly BenchDoc[],
  taxonomy?: Taxonomy,
  params: Partial<MatchParams> = {},
): MatchIndex {
  const artifacts: IndexArtifact[] = [];
  const ordinal = new Map<string, number>();
  const caps: IndexCapability[] = new Array(docs.length);
  docs.forEach((d, i) => {
    let a = ordinal.get(d.slug);
    if (a === undefined) {
      a =
        artifacts.push({
          slug: d.slug,
          name: d.artifactName,
          kind: d.kind,
          categories: d.categories,
          freeTier: false,
          pricingModel: "unknown",
          license: null,
        }) - 1;
      ordinal.set(d.slug, a);
    }
    caps[i] = {
      artifact: a,
      node: null,
      fields: {
        name: d.name,
        intents: d.intents,
        taxonomy: d.taxonomy,
        artifactName: d.artifactName,
        bestFor: d.bestFor,
        description: d.description,
        categories: d.categories,
      },
    };
  });
  return new MatchIndex(artifacts, caps, taxonomy, params);
}

/** capgraph's engine behind the benchmark's retriever interface; `params` other than the defaults are named in the row. */
export function oursRetriever(
  taxonomy?: Taxonomy,
  params: Partial<MatchParams> = {},
): BenchRetriever & { index(): MatchIndex | undefined } {
  let idx: MatchIndex | undefined;
  const knobs = Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
  return {
    name: knobs ? `capgraph (${knobs})` : "capgraph",
    build(docs) {
      idx = indexFromDocs(docs, taxonomy, params);
    },
    search(q, k) {
      if (!idx) return [];
      const i = idx;
      return i.search(q, k).artifacts.map((a) => i.artifacts[a.artifact]?.slug ?? "");
    },
    index: () => idx,
  };
}

/**
 * capgraph's engine with a learned side index of `count` learned intents (synthetic intents of
 * other seeds, each reported by 3 distinct clients for the capability it was drawn from): what
 * search costs once outcomes have taught it. The side index is built with the engine.
 */
export function oursLearnedRetriever(count: number): BenchRetriever {
  const base = oursRetriever();
  return {
    name: `capgraph + ${count / 1000}k learned intents`,
    build(docs) {
      base.build(docs);
      const ordinal = new Map(docs.map((d, i) => [d.slug, i]));
      const rows: LearnedOutcome[] = [];
      let seq = 0;
      syntheticQueries(docs, count, 11).forEach((q, i) => {
        for (let r = 0; r < 3; r++)
          rows.push({
            seq: ++seq,
            matchId: `m${i}-${r}`,
            query: q.query,
            slug: q.slug,
            capabilityId: "",
            outcome: "success",
            reporter: `c${i}-${r}`,
            at: "2026-12-01T00:00:00.000Z",
          });
      });
      const log = new LearnedOutcomes();
      log.add(rows);
      base
        .index()
        ?.setLearned(new LearnedIndex(log.rows(), (slug) => ordinal.get(slug), new Date("2026-12-01T00:00:00Z")));
    },
    search: (q, k) => base.search(q, k),
  };
}
