import { DEFAULT_CONFIDENCE } from "../catalog/manifest.js";
import type { Artifact, ArtifactKind, Capability } from "../catalog/schema.js";

/**
 * Artifacts on a taxonomy node are ordered by how strongly their capabilities there are shown
 * (each capability's evidence prior × its confidence, the i-th strongest weighted RESOLVE.decay^i)
 * times (RESOLVE.base + CapRank ⁄ 100). Published on /methodology.
 */
export const RESOLVE = { decay: 0.35, base: 0.5 } as const;

export interface ResolvedArtifact {
  slug: string; name: string; kind: ArtifactKind; capRank: number; score: number;
  capabilities: { id: string; uri: string; name: string; evidence: Capability["evidence"]; confidence: number }[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** One artifact's standing on a node from its capabilities there. */
export function resolvedArtifact(a: Artifact, caps: readonly Capability[], capRank: number): ResolvedArtifact {
  const strength = caps.map((c) => DEFAULT_CONFIDENCE[c.evidence] * c.confidence).sort((x, y) => y - x).reduce((sum, v, i) => sum + v * RESOLVE.decay ** i, 0);
  return {
    slug: a.slug, name: a.name, kind: a.kind, capRank, score: round3(strength * (RESOLVE.base + capRank / 100)),
    capabilities: caps.map((c) => ({ id: c.id, uri: c.uri, name: c.name, evidence: c.evidence, confidence: c.confidence })),
  };
}

/** Strongest first; equal scores in slug order. */
export function byResolveScore(x: ResolvedArtifact, y: ResolvedArtifact): number {
  return y.score - x.score || x.slug.localeCompare(y.slug);
}
