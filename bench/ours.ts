import type { Taxonomy } from "../src/catalog/taxonomy.js";
import { MatchIndex, type IndexArtifact, type IndexCapability } from "../src/match/engine.js";
import type { BenchDoc, BenchRetriever } from "./corpus.js";

/** Benchmark documents → the engine's flat records (artifacts in order of first appearance). */
export function indexFromDocs(docs: readonly BenchDoc[], taxonomy?: Taxonomy): MatchIndex {
  const artifacts: IndexArtifact[] = [];
  const ordinal = new Map<string, number>();
  const caps: IndexCapability[] = new Array(docs.length);
  docs.forEach((d, i) => {
    let a = ordinal.get(d.slug);
    if (a === undefined) {
      a = artifacts.push({ slug: d.slug, name: d.artifactName, kind: d.kind, categories: d.categories, freeTier: false, pricingModel: "unknown", license: null }) - 1;
      ordinal.set(d.slug, a);
    }
    caps[i] = {
      artifact: a, node: null,
      fields: {
        name: d.name, intents: d.intents, taxonomy: d.taxonomy, artifactName: d.artifactName,
        bestFor: d.bestFor, description: d.description, categories: d.categories,
      },
    };
  });
  return new MatchIndex(artifacts, caps, taxonomy);
}

/** capgraph's engine behind the benchmark's retriever interface. */
export function oursRetriever(taxonomy?: Taxonomy): BenchRetriever & { index(): MatchIndex | undefined } {
  let idx: MatchIndex | undefined;
  return {
    name: "capgraph",
    build(docs) { idx = indexFromDocs(docs, taxonomy); },
    search(q, k) {
      if (!idx) return [];
      const i = idx;
      return i.search(q, k).artifacts.map((a) => i.artifacts[a.artifact]?.slug ?? "");
    },
    index: () => idx,
  };
}
