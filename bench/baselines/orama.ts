import { create, insertMultiple, search as oramaSearch, type Results } from "@orama/orama";
import { aggregateMax, type BenchDoc, type BenchRetriever } from "../corpus.js";

const CAPABILITY_HITS = 200;

const SCHEMA = {
  name: "string",
  intents: "string",
  description: "string",
  bestFor: "string",
  taxonomy: "string",
  artifactName: "string",
  categories: "string",
} as const;

type OramaDb = ReturnType<typeof createDb>;

/** Orama with default components answers synchronously; this retriever also exposes the async path. */
export interface OramaRetriever extends BenchRetriever {
  /** Same ranking as `search`, awaiting Orama when plugins or hooks make it asynchronous. */
  searchAsync(query: string, k: number): Promise<string[]>;
}

function createDb() {
  return create({ schema: SCHEMA });
}

function toRecord(d: BenchDoc) {
  return {
    id: d.id,
    name: d.name,
    intents: d.intents.join(" "),
    description: d.description,
    bestFor: d.bestFor.join(" "),
    taxonomy: d.taxonomy.join(" "),
    artifactName: d.artifactName,
    categories: d.categories.join(" "),
  };
}

function rank(results: Results<unknown>, slugOf: ReadonlyMap<string, string>, k: number): string[] {
  const hits = results.hits.map((h) => ({ slug: slugOf.get(h.id) ?? h.id, score: h.score }));
  return aggregateMax(hits, k);
}

/**
 * A plain full-text baseline: Orama with default settings over the same seven fields as our
 * engine (arrays joined), default `term` search over all properties, aggregated per artifact.
 * `search` is synchronous because Orama 3 with default components returns results directly;
 * if a future setup returns a Promise, `search` throws and `searchAsync` must be used.
 */
export function oramaRetriever(): OramaRetriever {
  let db: OramaDb | undefined;
  const slugOf = new Map<string, string>();
  const run = (query: string) =>
    db === undefined || query.trim() === ""
      ? undefined
      : oramaSearch(db, { term: query, properties: "*", limit: CAPABILITY_HITS });
  return {
    name: "Orama",
    build(docs) {
      db = createDb();
      slugOf.clear();
      for (const d of docs) slugOf.set(d.id, d.slug);
      const inserted = insertMultiple(db, docs.map(toRecord));
      return inserted instanceof Promise ? inserted.then(() => undefined) : undefined;
    },
    search(query, k) {
      const results = run(query);
      if (results === undefined) return [];
      if (results instanceof Promise) throw new Error("Orama answered asynchronously: use searchAsync");
      return rank(results, slugOf, k);
    },
    async searchAsync(query, k) {
      const results = await run(query);
      return results === undefined ? [] : rank(results, slugOf, k);
    },
  };
}
