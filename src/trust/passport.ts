import type { Artifact, Capability } from "../catalog/schema.js";
import type { ArtifactSummary } from "../rank/view.js";
import { describeOutcomes, type SuccessStats } from "../outcomes/feedback.js";
import type { ScoreCard } from "../rank/scores.js";
import type { Signature } from "./signing.js";
import { ownerView, type OwnerView } from "../owners/owner-view.js";

export const RISK_LEVELS = ["default", "production", "strict"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Minimum confidence of a capability's evidence under `strict`. */
export const STRICT_MIN_CONFIDENCE = 0.8;

/**
 * Whether a capability clears the bar of a risk level, and why not. `production` wants an
 * active artifact and more than a bare declaration (and never an LLM inference); `strict` wants documented, verified or
 * observed evidence with confidence ≥ STRICT_MIN_CONFIDENCE.
 */
export function riskCheck(a: Artifact, c: Capability, risk: RiskLevel): string | null {
  if (risk === "default") return null;
  if (a.status !== "active") return `artifact is ${a.status}`;
  if (c.evidence === "inferred") return "only inferred by a language model from its documentation, not confirmed";
  if (risk === "production" && c.evidence === "declared" && c.sources.length === 0)
    return "only declared, with no source";
  if (risk === "strict" && c.evidence === "declared") return "evidence is only declared";
  if (risk === "strict" && c.confidence < STRICT_MIN_CONFIDENCE)
    return `confidence ${c.confidence} is below ${STRICT_MIN_CONFIDENCE}`;
  return null;
}

export interface Passport {
  artifact: Pick<
    ArtifactSummary,
    "slug" | "name" | "kind" | "provider" | "license" | "url" | "repository" | "status" | "description"
  >;
  /** Who controls the entry and whether that is proven: a signed statement, not a badge. */
  owner: OwnerView;
  capabilities: {
    id: string;
    uri: string;
    name: string;
    description: string;
    evidence: Capability["evidence"];
    confidence: number;
    sources: Capability["sources"];
    outcomes: SuccessStats | null;
  }[];
  outcomes: { matches: number; successes: number; failures: number; posterior: SuccessStats | null; text: string };
  trust: {
    permissions: { value: string; basis: "declared" }[];
    dataAccess: { value: string; basis: "declared" } | null;
    failureModes: { mode: string; frequency: string | null; mitigation: string | null; basis: "declared" }[];
  };
  scores: {
    capRank: number;
    interval: [number, number];
    breakdown: ScoreCard["scores"];
    weights: ScoreCard["weights"];
  };
  issuedAt: string;
  /** Ed25519 over the canonical JSON of everything else (see trust/signing.ts). */
  signature: Signature | null;
}

/** The passport of one artifact, from the same summary, score card and outcomes every surface uses. */
export function buildPassport(
  a: Artifact,
  s: ArtifactSummary,
  card: ScoreCard,
  stats: { artifact?: SuccessStats | undefined; capability: (id: string) => SuccessStats | undefined },
  issuedAt: Date,
  owner: OwnerView = ownerView(undefined),
): Passport {
  const t = a.trust;
  return {
    artifact: {
      slug: s.slug,
      name: s.name,
      kind: s.kind,
      provider: s.provider,
      license: s.license,
      url: s.url,
      repository: s.repository,
      status: s.status,
      description: s.description,
    },
    owner,
    capabilities: a.capabilities.map((c) => ({
      id: c.id,
      uri: c.uri,
      name: c.name,
      description: c.description,
      evidence: c.evidence,
      confidence: c.confidence,
      sources: c.sources,
      outcomes: stats.capability(c.id) ?? null,
    })),
    // Counts as they enter the estimate (capped per reporter), like every other surface; raw counts stay in the posterior.
    outcomes: {
      matches: s.timesMatched,
      successes: stats.artifact?.countedSuccesses ?? 0,
      failures: stats.artifact?.countedFailures ?? 0,
      posterior: stats.artifact ?? null,
      text: describeOutcomes(stats.artifact),
    },
    trust: {
      permissions: (t?.permissions ?? []).map((value) => ({ value, basis: "declared" as const })),
      dataAccess: t?.dataAccess ? { value: t.dataAccess, basis: "declared" } : null,
      failureModes: (t?.failureModes ?? []).map((f) => ({
        mode: f.mode,
        frequency: f.frequency ?? null,
        mitigation: f.mitigation ?? null,
        basis: "declared" as const,
      })),
    },
    scores: { capRank: card.capRank, interval: card.interval, breakdown: card.scores, weights: card.weights },
    issuedAt: issuedAt.toISOString(),
    signature: null,
  };
}
