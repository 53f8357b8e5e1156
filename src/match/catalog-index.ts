import type { Artifact } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { MatchIndex, type IndexArtifact, type IndexCapability } from "./engine.js";
import { indexParts } from "./index-build.js";
import { CLASSIFIED_TEXT_CONFIDENCE, DEFAULT_PARAMS, type MatchParams } from "./params.js";
import { runSteps, STEP_ITEMS, type Steps } from "./steps.js";

/**
 * Whether a capability's taxonomy label and aliases are indexed as its text: always for a node
 * its owner declared, and for an automatic placement only when it is near certain. A guessed
 * node's words are words nobody wrote about the capability (an image editor placed on
 * "multimodal embeddings" would match "embedding" intents), so they are noise.
 */
export const labelsIndexed = (
  c: Pick<Artifact["capabilities"][number], "uriSource" | "uriConfidence">,
  min = CLASSIFIED_TEXT_CONFIDENCE,
): boolean => c.uriSource !== "classified" || (c.uriConfidence ?? 0) >= min;

/** Maps catalog artifacts onto the engine's flat records (ordinals follow array order); with `parent`, a delta segment scored by its statistics. */
export function buildCatalogIndex(
  artifacts: readonly Artifact[],
  taxonomy: Taxonomy,
  params: Partial<MatchParams> = {},
  parent?: MatchIndex,
): MatchIndex {
  return runSteps(catalogIndexSteps(artifacts, taxonomy, params, parent));
}

/** buildCatalogIndex as steps (match/steps.ts): the same build, pausable between slices of work. */
export function* catalogIndexSteps(
  artifacts: readonly Artifact[],
  taxonomy: Taxonomy,
  params: Partial<MatchParams> = {},
  parent?: MatchIndex,
): Steps<MatchIndex> {
  const arts: IndexArtifact[] = [];
  const caps: IndexCapability[] = [];
  for (let ai = 0; ai < artifacts.length; ai++) {
    const a = artifacts[ai] as Artifact;
    arts.push({
      slug: a.slug,
      name: a.name,
      kind: a.kind,
      categories: a.categories,
      freeTier: a.pricing.freeTier,
      pricingModel: a.pricing.model,
      license: a.license ?? null,
    });
    const artifactText = [a.name, a.provider ?? "", ...a.tags].join(" ");
    const categoryText = [...a.categories].join(" ").replace(/-/g, " ");
    for (const c of a.capabilities) {
      const node = labelsIndexed(c, params.classifiedTextConfidence) ? taxonomy.get(c.uri) : undefined;
      caps.push({
        artifact: ai,
        node: c.uri,
        fields: {
          name: c.name,
          intents: c.intents,
          taxonomy: node ? [node.label, ...node.aliases] : "",
          artifactName: artifactText,
          bestFor: c.bestFor,
          description: c.description,
          categories: categoryText,
        },
      });
    }
    if (ai % STEP_ITEMS === STEP_ITEMS - 1) yield;
  }
  const parts = yield* indexParts(arts, caps, { ...DEFAULT_PARAMS, ...params }, parent?.avgLength);
  yield;
  return new MatchIndex(arts, caps, taxonomy, params, parent, parts);
}
