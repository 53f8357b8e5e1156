import type { Artifact, ArtifactKind, Capability, EvidenceLevel } from "../catalog/schema.js";

/**
 * Artifacts on a taxonomy node are ordered by how strongly their capabilities there are shown
 * (each capability's evidence weight × its confidence, the i-th strongest weighted RESOLVE.decay^i)
 * times (RESOLVE.base + CapRank ⁄ 100). Published on /methodology. The evidence weights rank
 * what a capability's evidence shows on a node (verified and observed count fully); they are
 * not the default confidence a manifest gets (catalog DEFAULT_CONFIDENCE) nor the quality points
 * of a score (methodology EVIDENCE_VALUE).
 */
export const RESOLVE: { decay: number; base: number; evidence: Readonly<Record<EvidenceLevel, number>> } = {
  decay: 0.35,
  base: 0.5,
  evidence: { declared: 0.6, documented: 0.8, verified: 1, observed: 1, inferred: 0.4 },
};

export interface ResolvedArtifact {
  slug: string;
  name: string;
  kind: ArtifactKind;
  capRank: number;
  score: number;
  capabilities: { id: string; uri: string; name: string; evidence: Capability["evidence"]; confidence: number }[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** One artifact's standing on a node from its capabilities there. */
export function resolvedArtifact(a: Artifact, caps: readonly Capability[], capRank: number): ResolvedArtifact {
  const strength = caps
    .map((c) => RESOLVE.evidence[c.evidence] * c.confidence)
    .sort((x, y) => y - x)
    .reduce((sum, v, i) => sum + v * RESOLVE.decay ** i, 0);
  return {
    slug: a.slug,
    name: a.name,
    kind: a.kind,
    capRank,
    score: round3(strength * (RESOLVE.base + capRank / 100)),
    capabilities: caps.map((c) => ({
      id: c.id,
      uri: c.uri,
      name: c.name,
      evidence: c.evidence,
      confidence: c.confidence,
    })),
  };
}

/** Strongest first; equal scores in slug order. */
export function byResolveScore(x: ResolvedArtifact, y: ResolvedArtifact): number {
  return y.score - x.score || x.slug.localeCompare(y.slug);
}
