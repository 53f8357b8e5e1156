import type { Artifact } from "../catalog/schema.js";
import { uriWithin } from "../catalog/taxonomy.js";
import {
  artifactPasses,
  type ArtifactMatch,
  type CapabilityMatch,
  type MatchFilters,
  type MatchResult,
} from "./engine.js";
import type { SearchIndex } from "./segments.js";

/** Capabilities fetched from the database per query in the database search mode. */
export const DATABASE_CANDIDATES = 500;

/** A capability the database ranked (PostgreSQL ts_rank over weighted fields). */
export interface TextHit {
  slug: string;
  capabilityId: string;
  score: number;
}

/**
 * The in-database search mode: the database ranks capabilities, then artifacts aggregate with
 * the index's own parameters (best `aggregateDepth`, `aggregateDecay`, prior weight), as in memory.
 */
export function aggregateTextHits(
  hits: readonly TextHit[],
  input: {
    query: string;
    artifacts: readonly Artifact[];
    ordinal: ReadonlyMap<string, number>;
    index: SearchIndex;
    firstOrdinal: (artifact: number) => number;
  },
  limit: number,
  f: MatchFilters,
): MatchResult {
  const { index } = input;
  const p = index.params;
  const per = new Map<number, CapabilityMatch[]>();
  for (const h of hits) {
    const ai = input.ordinal.get(h.slug);
    const a = ai === undefined ? undefined : input.artifacts[ai];
    const rec = ai === undefined ? undefined : index.artifacts[ai];
    if (ai === undefined || !a || !rec || !artifactPasses(rec, f)) continue;
    const ci = a.capabilities.findIndex((c) => c.id === h.capabilityId);
    const cap = a.capabilities[ci];
    if (!cap || (f.subtree && !uriWithin(cap.uri, f.subtree))) continue;
    const l = per.get(ai) ?? [];
    if (l.length < p.aggregateDepth) l.push({ ordinal: input.firstOrdinal(ai) + ci, score: h.score });
    per.set(ai, l);
  }
  const artifacts: ArtifactMatch[] = [...per]
    .map(([ai, caps]) => {
      const relevance = caps.reduce((sum, c, i) => sum + c.score * p.aggregateDecay ** i, 0);
      return {
        artifact: ai,
        relevance,
        nameBonus: 0,
        capabilities: caps,
        score: relevance * (1 + p.priorWeight * (index.prior(ai) - 0.5)),
      };
    })
    .sort((x, y) => y.score - x.score || x.artifact - y.artifact)
    .slice(0, limit);
  return { terms: index.expandQuery(input.query), nodes: [], artifacts, learned: [] };
}
