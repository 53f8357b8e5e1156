import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";

/** Alternatives listed on an artifact page. */
export const ALTERNATIVES_SHOWN = 5;

export interface Alternative {
  slug: string;
  name: string;
  kind: ArtifactKind;
  capRank: number;
  /** Weighted overlap of the two artifacts' taxonomy areas, 0..1. */
  overlap: number;
  /** The most specific taxonomy nodes both have capabilities on (or under). */
  shared: { uri: string; label: string }[];
}

/**
 * The taxonomy nodes an artifact covers, each with a weight: every capability adds depth + 1
 * to its node and to each ancestor at theirs, so sharing "Speech-to-text" counts more than
 * sharing "Audio", an area holding several of an artifact's capabilities counts more than a
 * side line, and sharing only a top-level area counts little.
 */
const COVERAGE = new WeakMap<Artifact, Map<string, number>>();

function coverage(a: Artifact, taxonomy: Taxonomy): Map<string, number> {
  const cached = COVERAGE.get(a);
  if (cached) return cached;
  const out = new Map<string, number>();
  for (const c of a.capabilities)
    for (const n of taxonomy.lineage(c.uri)) out.set(n.uri, (out.get(n.uri) ?? 0) + n.depth + 1);
  // Artifacts are replaced, never changed in place, when the catalog changes: the cache stays true.
  COVERAGE.set(a, out);
  return out;
}

/**
 * The artifacts nearest to `a` by capability overlap on the taxonomy (weighted Jaccard of the
 * covered nodes), best first; ties go to the higher CapRank. An artifact that shares only a
 * top-level area ("Text") is not an alternative.
 */
export function alternatives(
  a: Artifact,
  all: readonly Artifact[],
  taxonomy: Taxonomy,
  capRank: (slug: string) => number,
  n = ALTERNATIVES_SHOWN,
): Alternative[] {
  const mine = coverage(a, taxonomy);
  const out: Alternative[] = [];
  for (const b of all) {
    if (b.slug === a.slug) continue;
    const theirs = coverage(b, taxonomy);
    // Weighted (Ruzicka) Jaccard: Σ min / Σ max over the nodes either covers.
    let inter = 0,
      union = 0;
    const common: string[] = [];
    for (const [uri, w] of mine) {
      const v = theirs.get(uri) ?? 0;
      if (v > 0) common.push(uri);
      inter += Math.min(w, v);
      union += Math.max(w, v);
    }
    for (const [uri, v] of theirs) if (!mine.has(uri)) union += v;
    const specific = common.filter((u) => !common.some((o) => o !== u && taxonomy.isWithin(o, u)));
    if (!specific.some((u) => (taxonomy.get(u)?.depth ?? 0) >= 1)) continue;
    out.push({
      slug: b.slug,
      name: b.name,
      kind: b.kind,
      capRank: capRank(b.slug),
      overlap: Math.round((inter / union) * 100) / 100,
      shared: specific.map((u) => ({ uri: u, label: taxonomy.get(u)?.label ?? u })),
    });
  }
  return out.sort((x, y) => y.overlap - x.overlap || y.capRank - x.capRank || x.name.localeCompare(y.name)).slice(0, n);
}
