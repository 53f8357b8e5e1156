import { describe, expect, it } from "vitest";
import type { Artifact, Capability } from "../catalog/schema.js";
import { byResolveScore, resolvedArtifact, RESOLVE } from "./resolve.js";

const cap = (id: string, evidence: Capability["evidence"], confidence: number): Capability => ({
  id,
  uri: "capability://audio.speech-to-text",
  uriSource: "declared",
  uriConfidence: 1,
  name: id,
  description: "",
  intents: [],
  bestFor: [],
  limitations: [],
  requires: [],
  inputTypes: [],
  outputTypes: [],
  evidence,
  confidence,
  sources: [],
});
const artifact = (slug: string, caps: Capability[]): Artifact => ({
  slug,
  name: slug,
  kind: "model",
  description: "",
  categories: [],
  tags: [],
  status: "active",
  pricing: { model: "unknown", freeTier: false, prices: [] },
  capabilities: caps,
});

describe("resolve ranking (published on /methodology)", () => {
  it("scores strength × (base + CapRank/100), the i-th strongest capability weighted decay^i (hand-computed)", () => {
    const a = artifact("a", [cap("x", "documented", 0.8), cap("y", "verified", 0.95)]);
    // strength = 1 × 0.95 + 0.35 × (0.8 × 0.8) = 1.174; × (0.5 + 50/100) = 1.174
    expect(resolvedArtifact(a, a.capabilities, 50).score).toBe(1.174);
    // observed counts like verified; inferred least: 0.4 × 0.4 = 0.16, × (0.5 + 0.2) = 0.112
    expect(resolvedArtifact(artifact("o", []), [cap("o", "observed", 0.9)], 0).score).toBe(0.45);
    expect(resolvedArtifact(artifact("i", []), [cap("i", "inferred", 0.4)], 20).score).toBe(0.112);
    expect(RESOLVE.evidence.verified).toBe(RESOLVE.evidence.observed);
  });

  it("orders stronger first and equal scores by slug", () => {
    const rows = [
      resolvedArtifact(artifact("b", []), [cap("c", "declared", 0.6)], 10),
      resolvedArtifact(artifact("a", []), [cap("c", "declared", 0.6)], 10),
      resolvedArtifact(artifact("z", []), [cap("c", "verified", 1)], 10),
    ];
    expect(rows.sort(byResolveScore).map((r) => r.slug)).toEqual(["z", "a", "b"]);
  });
});
