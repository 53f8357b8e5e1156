import type { ArtifactKind, EvidenceLevel } from "../catalog/schema.js";

/**
 * CapRank methodology v1: every constant that shapes a score, in one place, rendered on
 * /methodology. Changing a number here changes every surface at once.
 */
export const METHODOLOGY_VERSION = "1.0";

export const SUB_SCORES = ["adoption", "quality", "ecosystem", "matchGraph", "freshness"] as const;
export type SubScoreName = (typeof SUB_SCORES)[number];

export const SUB_SCORE_LABELS: Record<SubScoreName, string> = {
  adoption: "Adoption", quality: "Quality", ecosystem: "Ecosystem", matchGraph: "Match Graph", freshness: "Freshness",
};

type Weights = Record<SubScoreName, number>;

/**
 * CapRank weights per group of kinds; each row sums to 1. Hosted models and APIs are chosen
 * on quality and recency more than on registry presence; packages live in ecosystems;
 * agents and products are judged more by whether they worked for the people who tried them.
 */
export const WEIGHT_GROUPS: readonly { label: string; kinds: readonly ArtifactKind[]; weights: Weights }[] = [
  { label: "Models and APIs", kinds: ["model", "api"], weights: { adoption: 0.25, quality: 0.3, ecosystem: 0.1, matchGraph: 0.2, freshness: 0.15 } },
  { label: "Libraries, frameworks, repositories, CLIs, MCP servers, extensions", kinds: ["library", "framework", "repository", "cli", "mcp-server", "extension"], weights: { adoption: 0.3, quality: 0.25, ecosystem: 0.2, matchGraph: 0.15, freshness: 0.1 } },
  { label: "Agents, products and web apps", kinds: ["agent", "product", "webapp"], weights: { adoption: 0.3, quality: 0.25, ecosystem: 0.1, matchGraph: 0.25, freshness: 0.1 } },
  { label: "Datasets and everything else", kinds: ["dataset", "other"], weights: { adoption: 0.3, quality: 0.3, ecosystem: 0.15, matchGraph: 0.15, freshness: 0.1 } },
];

export function weightsFor(kind: ArtifactKind): Weights {
  const g = WEIGHT_GROUPS.find((w) => w.kinds.includes(kind)) ?? WEIGHT_GROUPS[WEIGHT_GROUPS.length - 1];
  if (!g) throw new Error("no weight groups");
  return g.weights;
}

/**
 * Adoption signals. Each is log-scaled against a reference level that earns 100 (the
 * absolute scale), and placed as a percentile among artifacts of the same kind that have
 * the same signal. pypi.downloads.rank is a rank among the 15,000 most downloaded
 * packages (1 is best), so it is inverted.
 */
export const ADOPTION_REFERENCES: Record<string, { reference: number; label: string }> = {
  "npm.downloads.monthly": { reference: 1e8, label: "npm downloads per month (100 at 100M)" },
  "hf.downloads": { reference: 1e8, label: "Hugging Face downloads in 30 days (100 at 100M)" },
  "github.stars": { reference: 2e5, label: "GitHub stars (100 at 200k)" },
  "pypi.downloads.rank": { reference: 15000, label: "PyPI download rank among the top 15,000 (100 at rank 1, 0 beyond 15,000)" },
};
/** With this many peers of the same kind holding a signal, its score is the pure percentile;
 * with fewer, it is blended with the absolute log scale (weight peers / PEERS_FULL). */
export const PEERS_FULL = 10;

/** A signal's confidence halves for every this many days since it was observed. */
export const SIGNAL_HALF_LIFE_DAYS = 365;

/** Ecosystem: presence across distinct registries and declared integrations. */
export const ECOSYSTEM_POINTS = { perSourceFamily: 30, integrations: 40, integrationReference: 100 } as const;
export const ECOSYSTEM_FAMILIES = ["npm", "pypi", "github", "hf"] as const;
/** Registry-neutral signals (releases.*) count as presence on the registry their source names. */
export const RELEASE_SOURCE_FAMILY: readonly { family: (typeof ECOSYSTEM_FAMILIES)[number]; source: RegExp }[] = [
  { family: "npm", source: /^npm registry\b/i }, { family: "pypi", source: /^PyPI\b/i }, { family: "github", source: /^GitHub\b/i }, { family: "hf", source: /^Hugging Face\b/i },
];

/** Quality: checkable facts, with the points each can earn (they add up to 100). */
export const QUALITY_POINTS = { evidence: 35, depth: 15, licence: 15, status: 10, recency: 15, cadence: 10 } as const;
/** Share of the evidence points each level earns; inferred capabilities are left out of Quality altogether (0 here for completeness). */
export const EVIDENCE_VALUE: Record<EvidenceLevel, number> = { declared: 0.4, documented: 0.8, verified: 1, observed: 1, inferred: 0 };
/** A catalog entry with this many capabilities or more earns the full depth points. */
export const DEPTH_FULL_AT = 8;
/** Release recency points halve every this many days since the latest release or push. */
export const RELEASE_HALF_LIFE_DAYS = 365;
/** This many releases in the last 365 days earn the full cadence points. */
export const CADENCE_FULL_AT = 6;
/** Licence texts that name no licence: stated, but not clear. */
export const VAGUE_LICENCE = /^(unknown|other|noassertion|none|custom|see .*|unlicensed)$/i;
export const VAGUE_LICENCE_SHARE = 1 / 3;

/** Match Graph: log-scaled count of matches in which the artifact reached the top K, plus outcome success. */
export const MATCH_TOP_K = 10;
export const MATCH_REFERENCE = 1000;
/** Share of Match Graph that comes from outcome success (the rest: how often it is matched). */
export const MATCH_SHARE_OUTCOMES = 0.6;
/** Matches plus reported outcomes at which Match Graph is fully trusted (below, it shrinks to the prior). */
export const MATCH_CONFIDENCE_AT = 20;

/** Freshness halves every this many days of age of the newest activity date. */
export const FRESHNESS_HALF_LIFE_DAYS = 180;
/** Confidence of freshness when only retrieval dates of evidence are known: they say when the evidence was seen, not when the artifact last changed. */
export const EVIDENCE_DATE_CONFIDENCE = 0.5;
/** Signals that date activity (unix seconds): releases, pushes, model updates. */
export const ACTIVITY_METRICS = ["releases.latestAt", "repo.pushedAt"] as const;

/** A missing sub-score counts as the kind prior (the mean of that sub-score within the kind,
 * or this value when nobody of the kind has data). */
export const FALLBACK_PRIOR = 50;
/** Interval half-width per unit of weight that is not backed by data (confidence 0): a
 * missing sub-score could be anywhere in 0..100. Partial confidence widens it in proportion. */
export const MISSING_HALF_WIDTH = 30;
/** Minimum interval half-width: scores are estimates even with complete data. */
export const BASE_HALF_WIDTH = 2;
/** CapRank differences at or below this many points are always a tie, however narrow the ranges. */
export const TIE_MARGIN = 2;
/** In the verdict, a sub-score difference smaller than this is not called a lead. */
export const LEAD_MARGIN = 10;

/** Every constant above as one JSON document: served at /api/v1/methodology and rendered on /methodology. */
export function methodologyDocument() {
  return {
    version: METHODOLOGY_VERSION,
    weights: WEIGHT_GROUPS.map((g) => ({ label: g.label, kinds: g.kinds, weights: g.weights })),
    adoption: { references: ADOPTION_REFERENCES, peersFull: PEERS_FULL, signalHalfLifeDays: SIGNAL_HALF_LIFE_DAYS },
    quality: { points: QUALITY_POINTS, evidenceValue: EVIDENCE_VALUE, depthFullAt: DEPTH_FULL_AT, releaseHalfLifeDays: RELEASE_HALF_LIFE_DAYS, cadenceFullAt: CADENCE_FULL_AT, vagueLicenceShare: VAGUE_LICENCE_SHARE },
    ecosystem: { points: ECOSYSTEM_POINTS, families: ECOSYSTEM_FAMILIES },
    matchGraph: { topK: MATCH_TOP_K, reference: MATCH_REFERENCE, shareOutcomes: MATCH_SHARE_OUTCOMES, confidenceAt: MATCH_CONFIDENCE_AT },
    freshness: { halfLifeDays: FRESHNESS_HALF_LIFE_DAYS, evidenceDateConfidence: EVIDENCE_DATE_CONFIDENCE, activityMetrics: ACTIVITY_METRICS },
    combination: { fallbackPrior: FALLBACK_PRIOR, missingHalfWidth: MISSING_HALF_WIDTH, baseHalfWidth: BASE_HALF_WIDTH, leadMargin: LEAD_MARGIN, tieMargin: TIE_MARGIN },
  };
}
