import { createError } from "../errors.js";
import { LIMITS } from "../limits.js";
import { aggregateTextHits, DATABASE_CANDIDATES } from "../match/database.js";
import type { MatchFilters, MatchResult } from "../match/engine.js";
import { interpretation, shapeResults, type SearchResult } from "../match/shape.js";
import type { CoreParts } from "./parts.js";
import { subtreeUri } from "./resolve.js";
import type { Snapshot } from "./snapshot.js";

/** Ranked artifacts for an intent. `client` is who asked (Times matched counts clients). */
export async function search(
  parts: CoreParts,
  query: string,
  opts: { limit?: number; filters?: MatchFilters; client?: string } = {},
): Promise<SearchResult> {
  const q = query.trim();
  if (q.length > LIMITS.maxQueryLength) throw createError("QUERY_TOO_LONG", [q.length, LIMITS.maxQueryLength]);
  const limit = Math.min(opts.limit ?? LIMITS.defaultResults, LIMITS.maxResults);
  const filters = opts.filters ?? {};
  if (filters.subtree) filters.subtree = subtreeUri(parts.taxonomy, filters.subtree);
  const s = await parts.snapshots.get();
  const semantic =
    q && parts.searchMode === "memory"
      ? await parts.semantic.forQuery(s, q)
      : { sem: undefined, state: "off" as const };
  parts.learning.attach(s.index, s.artifacts, parts.now());
  const m = await match(parts, s, q, limit, filters, semantic.sem);
  const results = shapeResults({
    query: q,
    artifacts: s.artifacts,
    index: s.index,
    taxonomy: parts.taxonomy,
    match: m,
    semantic: semantic.sem,
    firstOrdinal: (ai) => parts.snapshots.firstOrdinal(s, ai),
    capRank: (slug) => s.cards.capRank(slug) ?? 0,
    outcomes: (slug) => s.outcomes.artifacts.get(slug),
  });
  const rows = results.map((r) => ({ slug: r.slug, score: r.score, capabilityIds: r.capabilities.map((c) => c.id) }));
  const matchId = parts.matches.record(s, q, opts.client ?? "api", rows);
  return { query: q, matchId, results, interpretation: interpretation(m, parts.taxonomy, semantic.state), filters };
}

/**
 * Slugs ranked for an intent from the catalog alone (no filters, no learned intents, no match
 * recorded): `capgraph eval` measures the catalog, not the outcomes a database happens to hold.
 */
export async function rankedSlugs(parts: CoreParts, query: string, limit = LIMITS.defaultResults): Promise<string[]> {
  const s = await parts.snapshots.get();
  const sem = await parts.semantic.scores(s, query);
  // Searches of this process keep their learned side index: it is set aside for this one ranking only.
  const learned = s.index.learnedIndex;
  s.index.setLearned(undefined);
  try {
    return s.index.search(query, limit, {}, sem).artifacts.map((a) => s.artifacts[a.artifact]?.slug ?? "");
  } finally {
    s.index.setLearned(learned);
  }
}

/** The engine's ranking: in memory, or the database's full-text ranking aggregated the same way. */
async function match(
  parts: CoreParts,
  s: Snapshot,
  q: string,
  limit: number,
  filters: MatchFilters,
  sem: Float32Array | undefined,
): Promise<MatchResult> {
  if (!q) return { terms: [], nodes: [], artifacts: [], learned: [] };
  if (parts.searchMode === "database" && parts.store.searchText) {
    const hits = await parts.store.searchText(q, DATABASE_CANDIDATES);
    return aggregateTextHits(
      hits,
      {
        query: q,
        artifacts: s.artifacts,
        ordinal: s.ordinal,
        index: s.index,
        firstOrdinal: (ai) => parts.snapshots.firstOrdinal(s, ai),
      },
      limit,
      filters,
    );
  }
  return s.index.search(q, limit, filters, sem);
}
