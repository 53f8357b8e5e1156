import type { Artifact, Capability, NormalizedManifest } from "../catalog/schema.js";

/** A minimal valid capability for tests; `over` replaces any field. */
export function sampleCapability(over: Partial<Capability> = {}): Capability {
  return {
    id: "one",
    uri: "capability://text.summarization",
    uriSource: "declared",
    uriConfidence: 1,
    name: "One",
    description: "Does one.",
    intents: [],
    bestFor: [],
    limitations: [],
    requires: [],
    inputTypes: [],
    outputTypes: [],
    evidence: "declared",
    confidence: 0.6,
    sources: [],
    ...over,
  };
}

/** A minimal valid artifact for store tests. */
export function sampleManifest(
  slug: string,
  over: Partial<Artifact> = {},
  signals: NormalizedManifest["signals"] = [],
): NormalizedManifest {
  return {
    artifact: {
      slug,
      name: slug.toUpperCase(),
      kind: "library",
      description: `The ${slug} library.`,
      categories: ["test"],
      tags: [],
      status: "active",
      pricing: { model: "free", freeTier: true, prices: [] },
      capabilities: [sampleCapability()],
      ...over,
    },
    signals,
  };
}
