/**
 * The shape every retrieval system in the benchmark indexes: one document per capability,
 * carrying the fields our engine uses (equivalent fields for the baselines).
 */
export interface BenchDoc {
  /** Unique document id: `${slug}#${capabilityId}`. */
  id: string;
  slug: string;
  artifactName: string;
  kind: string;
  categories: string[];
  name: string;
  description: string;
  intents: string[];
  bestFor: string[];
  /** Taxonomy node label and aliases of the capability's uri. */
  taxonomy: string[];
}

/** A retrieval system under test: build once, then answer queries with ranked artifact slugs. */
export interface BenchRetriever {
  readonly name: string;
  build(docs: readonly BenchDoc[]): void | Promise<void>;
  /** Top-k distinct artifact slugs, best first. */
  search(query: string, k: number): string[];
  /** Optional: release resources (database handles). */
  close?(): void;
}

/** Capability hits → artifact ranking for the plain baselines: an artifact scores by its best capability. */
export function aggregateMax(hits: readonly { slug: string; score: number }[], k: number): string[] {
  const best = new Map<string, number>();
  for (const h of hits) if ((best.get(h.slug) ?? -Infinity) < h.score) best.set(h.slug, h.score);
  return [...best]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, k)
    .map(([s]) => s);
}
