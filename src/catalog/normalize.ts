import type { Artifact, Capability, ManifestInput, NormalizedManifest } from "./schema.js";
import type { Taxonomy } from "./taxonomy.js";

/** Confidence of a capability that states none, by evidence level. */
export const DEFAULT_CONFIDENCE = {
  declared: 0.6,
  documented: 0.8,
  verified: 0.95,
  observed: 0.9,
  inferred: 0.4,
} as const;

/** Turns valid input into the stored shape: ids, uris (classified when absent), defaults. */
export function normalize(m: ManifestInput, taxonomy: Taxonomy): NormalizedManifest {
  const capabilities: Capability[] = (m.capabilities ?? []).map((c) => {
    const evidence = c.evidence ?? "declared";
    const declared = c.uri ? taxonomy.resolve(c.uri) : undefined;
    // A capability named exactly like a node ("Summarization", "ASR") is placed there with high confidence.
    const named = declared ? undefined : taxonomy.byName(c.name);
    const cls = declared
      ? { uri: declared.uri, confidence: 1 }
      : named
        ? { uri: named.uri, confidence: 0.95 }
        : taxonomy.classify([c.name, c.name, c.description, ...(c.intents ?? [])].join(" "));
    return {
      id: c.id ?? slugify(c.name),
      uri: cls.uri,
      uriSource: declared ? "declared" : "classified",
      uriConfidence: cls.confidence,
      name: c.name.trim(),
      description: c.description.trim(),
      ...(c.unique ? { unique: c.unique.trim() } : {}),
      ...(c.vsAlternatives ? { vsAlternatives: c.vsAlternatives.trim() } : {}),
      intents: c.intents ?? [],
      bestFor: c.bestFor ?? [],
      limitations: c.limitations ?? [],
      requires: c.requires ?? [],
      inputTypes: c.inputTypes ?? [],
      outputTypes: c.outputTypes ?? [],
      evidence,
      confidence: c.confidence ?? DEFAULT_CONFIDENCE[evidence],
      sources: c.sources ?? [],
    };
  });
  const a = m.artifact;
  const artifact: Artifact = {
    slug: a.slug,
    name: a.name.trim(),
    kind: a.kind,
    description: a.description.trim(),
    ...(a.provider ? { provider: a.provider } : {}),
    ...(a.url ? { url: a.url } : {}),
    ...(a.repository ? { repository: a.repository } : {}),
    ...(a.license ? { license: a.license } : {}),
    ...(a.primarySource ? { primarySource: a.primarySource } : {}),
    categories: a.categories ?? [],
    tags: a.tags ?? [],
    status: a.status ?? "active",
    pricing: {
      model: m.pricing?.model ?? "unknown",
      freeTier: m.pricing?.freeTier ?? (m.pricing?.model === "free" || m.pricing?.model === "open-source"),
      prices: m.pricing?.prices ?? [],
    },
    capabilities,
    ...(m.trust ? { trust: m.trust } : {}),
    ...(m.gaps?.length ? { gaps: m.gaps } : {}),
  };
  const signals = (m.signals ?? []).map((s) => ({
    metric: s.metric,
    value: s.value,
    source: s.source,
    observedAt: s.observedAt,
    ...(s.unit ? { unit: s.unit } : {}),
  }));
  return { artifact, signals };
}

/**
 * A capability id from its name. Ids are stored and outcomes refer to them (`slug#id`), so this
 * rule may never change output for any input; import slugs (`ingest/common.ts toSlug`) follow
 * their own, equally frozen, rule for the same reason.
 */
export function slugify(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "capability"
  );
}
