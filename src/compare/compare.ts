import type { Artifact, Capability } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import type { ScoreCard } from "../rank/scores.js";
import type { ArtifactSummary } from "../rank/view.js";
import { align, type Alignment } from "./align.js";
import { buildVerdict, type Verdict } from "./verdict.js";

export interface CompareCapability {
  id: string;
  uri: string;
  uriSource: Capability["uriSource"];
  taxonomyLabel: string | null;
  name: string;
  description: string;
  unique: string | null;
  vsAlternatives: string | null;
  evidence: Capability["evidence"];
  confidence: number;
  sources: Capability["sources"];
}

export interface CompareResult {
  artifacts: (ArtifactSummary & { capabilities: CompareCapability[]; scoreDetails: ScoreCard["scores"] })[];
  alignment: Alignment;
  verdict: Verdict;
}

export interface CompareSide {
  artifact: Artifact;
  card: ScoreCard;
  summary: ArtifactSummary;
}

/** Side by side: the aligned capabilities and the verdict derived from the cards. */
export function compareSides(sides: readonly CompareSide[], taxonomy: Taxonomy): CompareResult {
  const alignment = align(
    sides.map((x) => x.artifact),
    taxonomy,
  );
  const verdict = buildVerdict(
    sides.map((x) => ({ s: x.summary, card: x.card, capabilities: x.artifact.capabilities })),
    alignment,
    taxonomy,
  );
  return {
    artifacts: sides.map((x) => ({
      ...x.summary,
      scoreDetails: x.card.scores,
      capabilities: x.artifact.capabilities.map((c) => compareCapability(c, taxonomy)),
    })),
    alignment,
    verdict,
  };
}

function compareCapability(c: Capability, taxonomy: Taxonomy): CompareCapability {
  return {
    id: c.id,
    uri: c.uri,
    uriSource: c.uriSource,
    taxonomyLabel: taxonomy.get(c.uri)?.label ?? null,
    name: c.name,
    description: c.description,
    unique: c.unique ?? null,
    vsAlternatives: c.vsAlternatives ?? null,
    evidence: c.evidence,
    confidence: c.confidence,
    sources: c.sources,
  };
}
