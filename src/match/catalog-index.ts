import type { Artifact } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { MatchIndex, type IndexArtifact, type IndexCapability } from "./engine.js";

/** Maps catalog artifacts onto the engine's flat records (ordinals follow array order). */
export function buildCatalogIndex(artifacts: readonly Artifact[], taxonomy: Taxonomy): MatchIndex {
  const arts: IndexArtifact[] = artifacts.map((a) => ({
    slug: a.slug, name: a.name, kind: a.kind, categories: a.categories, freeTier: a.pricing.freeTier, pricingModel: a.pricing.model, license: a.license ?? null,
  }));
  const caps: IndexCapability[] = [];
  artifacts.forEach((a, ai) => {
    const artifactText = [a.name, a.provider ?? "", ...a.tags].join(" ");
    const categoryText = [...a.categories].join(" ").replace(/-/g, " ");
    for (const c of a.capabilities) {
      const node = taxonomy.get(c.uri);
      caps.push({
        artifact: ai, node: c.uri,
        fields: {
          name: c.name, intents: c.intents, taxonomy: node ? [node.label, ...node.aliases] : "",
          artifactName: artifactText, bestFor: c.bestFor, description: c.description, categories: categoryText,
        },
      });
    }
  });
  return new MatchIndex(arts, caps, taxonomy);
}
