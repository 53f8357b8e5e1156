import type { ArtifactKind, EvidenceLevel } from "../catalog/schema.js";

/**
 * Scores v0: every constant that shapes a score, in one place, rendered on /methodology.
 * Changing a number here changes every surface at once.
 */
export const METHODOLOGY_VERSION = "0.1";

export const SUB_SCORES = ["adoption", "quality", "ecosystem", "matchGraph", "freshness"] as const;
export type SubScoreName = (typeof SUB_SCORES)[number];

export const SUB_SCORE_LABELS: Record<SubScoreName, string> = {
  adoption: "Adoption", quality: "Quality", ecosystem: "Ecosystem", matchGraph: "Match Graph", freshness: "Freshness",
};

/** CapRank weights; they sum to 1. One table for every kind in v0 (kind-specific tables can follow). */
export const DEFAULT_WEIGHTS: Record<SubScoreName, number> = { adoption: 0.3, quality: 0.3, ecosystem: 0.15, matchGraph: 0.15, freshness: 0.1 };

export function weightsFor(_kind: ArtifactKind): Record<SubScoreName, number> {
  return DEFAULT_WEIGHTS;
}

/**
 * Adoption: each usage signal is log-scaled against a reference level that earns 100.
 * pypi.downloads.rank is a rank among the 15,000 most downloaded packages (1 is best).
 */
export const ADOPTION_REFERENCES: Record<string, { reference: number; label: string }> = {
  "npm.downloads.monthly": { reference: 1e8, label: "npm downloads per month (100 at 100M)" },
  "hf.downloads": { reference: 1e8, label: "Hugging Face downloads (100 at 100M)" },
  "github.stars": { reference: 2e5, label: "GitHub stars (100 at 200k)" },
  "pypi.downloads.rank": { reference: 15000, label: "PyPI download rank among the top 15,000 (100 at rank 1, 0 beyond 15,000)" },
};

/** Ecosystem: presence across distinct registries and declared integrations. */
export const ECOSYSTEM_POINTS = { perSourceFamily: 30, integrationReference: 100 } as const;

/** Quality points, adding up to 100. */
export const QUALITY_POINTS = { evidence: 50, depth: 20, licence: 15, status: 15 } as const;
export const EVIDENCE_VALUE: Record<EvidenceLevel, number> = { declared: 0.4, documented: 0.8, verified: 1, observed: 1 };
/** A catalog entry with this many capabilities or more earns the full depth points. */
export const DEPTH_FULL_AT = 8;

/** Match Graph: log-scaled count of matches in which the artifact reached the top K, plus outcome success. */
export const MATCH_TOP_K = 10;
export const MATCH_REFERENCE = 1000;
/** Share of Match Graph that comes from outcome success (the rest: how often it is matched). */
export const MATCH_SHARE_OUTCOMES = 0.6;

/** Freshness halves every this many days of age of the newest dated evidence. */
export const FRESHNESS_HALF_LIFE_DAYS = 180;

/** A missing sub-score counts as the kind prior (the mean of that sub-score within the kind,
 * or this value when nobody of the kind has data) and widens the CapRank interval. */
export const FALLBACK_PRIOR = 50;
/** Interval half-width added per unit of missing weight (a missing sub-score could be anywhere in 0..100). */
export const MISSING_HALF_WIDTH = 30;
/** Minimum interval half-width: scores are estimates even with complete data. */
export const BASE_HALF_WIDTH = 2;
/** In the verdict, a sub-score difference smaller than this is not called a lead. */
export const LEAD_MARGIN = 10;
