import MiniSearch from "minisearch";
import { aggregateMax, type BenchDoc, type BenchRetriever } from "../corpus.js";

const FIELDS = ["name", "intents", "description", "bestFor", "taxonomy", "artifactName", "categories"] as const;

function extractField(doc: BenchDoc, field: string): string {
  const value: unknown = doc[field as keyof BenchDoc];
  return Array.isArray(value) ? value.join(" ") : String(value ?? "");
}

/**
 * A plain in-memory BM25 baseline: MiniSearch with default options over the same seven fields
 * as our engine (arrays joined), aggregated per artifact by its best capability.
 */
export function minisearchRetriever(): BenchRetriever {
  let index: MiniSearch<BenchDoc> | undefined;
  return {
    name: "MiniSearch",
    build(docs) {
      index = new MiniSearch<BenchDoc>({ fields: [...FIELDS], storeFields: ["slug"], extractField });
      index.addAll(docs);
    },
    search(query, k) {
      if (index === undefined || query.trim() === "") return [];
      const hits = index.search(query).map((r) => ({ slug: String(r["slug"]), score: r.score }));
      return aggregateMax(hits, k);
    },
  };
}
