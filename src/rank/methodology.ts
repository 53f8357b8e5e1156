import { RESOLVE } from "./resolve.js";
import { PRIMARY_SOURCES, type ArtifactKind, type EvidenceLevel } from "../catalog/schema.js";
import {
  OUTCOME_HALF_LIFE_DAYS,
  PRIOR_MEAN,
  PRIOR_STRENGTH,
  REPORTER_CAP,
  MIN_REPORTERS,
  FULL_TRUST_REPORTERS,
  REPORTER_INTENTS,
  FAILURE_SHARE,
} from "../outcomes/feedback.js";
import { MATCH_BUFFER } from "../store/match-buffer.js";

/**
 * CapRank methodology v1: every constant that shapes a score, in one place, rendered on
 * /methodology. Changing a number here changes every surface at once.
 */
export const METHODOLOGY_VERSION = "1.1";

export const SUB_SCORES = ["adoption", "quality", "ecosystem", "matchGraph", "freshness"] as const;
export type SubScoreName = (typeof SUB_SCORES)[number];

export const SUB_SCORE_LABELS: Record<SubScoreName, string> = {
  adoption: "Adoption",
  quality: "Quality",
  ecosystem: "Ecosystem",
  matchGraph: "Match Graph",
  freshness: "Freshness",
};

type Weights = Record<SubScoreName, number>;

/**
 * CapRank weights per group of kinds; each row sums to 1. Hosted models and APIs are chosen
 * on quality and recency more than on registry presence; packages live in ecosystems;
 * agents and products are judged more by whether they worked for the people who tried them.
 */
export const WEIGHT_GROUPS: readonly { label: string; kinds: readonly ArtifactKind[]; weights: Weights }[] = [
  {
    label: "Models and APIs",
    kinds: ["model", "api"],
    weights: { adoption: 0.25, quality: 0.3, ecosystem: 0.1, matchGraph: 0.2, freshness: 0.15 },
  },
  {
    label: "Libraries, frameworks, repositories, CLIs, MCP servers, extensions",
    kinds: ["library", "framework", "repository", "cli", "mcp-server", "extension"],
    weights: { adoption: 0.3, quality: 0.25, ecosystem: 0.2, matchGraph: 0.15, freshness: 0.1 },
  },
  {
    label: "Agents, products and web apps",
    kinds: ["agent", "product", "webapp"],
    weights: { adoption: 0.3, quality: 0.25, ecosystem: 0.1, matchGraph: 0.25, freshness: 0.1 },
  },
  {
    label: "Datasets and everything else",
    kinds: ["dataset", "other"],
    weights: { adoption: 0.3, quality: 0.3, ecosystem: 0.15, matchGraph: 0.15, freshness: 0.1 },
  },
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
  "pypi.downloads.rank": {
    reference: 15000,
    label: "PyPI download rank among the top 15,000 (100 at rank 1, 0 beyond 15,000)",
  },
};
/** With this many peers of the same kind holding a signal, its score is the pure percentile;
 * with fewer, it is blended with the absolute log scale (weight peers / PEERS_FULL). */
export const PEERS_FULL = 10;

/** A signal's confidence halves for every this many days since it was observed. */
export const SIGNAL_HALF_LIFE_DAYS = 365;

/** Ecosystem: presence across distinct registries and declared integrations. */
export const ECOSYSTEM_POINTS = { perSourceFamily: 30, integrations: 40, integrationReference: 100 } as const;
export const ECOSYSTEM_FAMILIES = PRIMARY_SOURCES;
/** Registry-neutral signals (releases.*) count as presence on the registry their source names. */
export const RELEASE_SOURCE_FAMILY: readonly { family: (typeof ECOSYSTEM_FAMILIES)[number]; source: RegExp }[] = [
  { family: "npm", source: /^npm registry\b/i },
  { family: "pypi", source: /^PyPI\b/i },
  { family: "github", source: /^GitHub\b/i },
  { family: "hf", source: /^Hugging Face\b/i },
];

/** Quality: checkable facts, with the points each can earn (they add up to 100). */
export const QUALITY_POINTS = { evidence: 35, depth: 15, licence: 15, status: 10, recency: 15, cadence: 10 } as const;
/** Share of the evidence points each level earns; inferred capabilities are left out of Quality altogether (0 here for completeness). */
export const EVIDENCE_VALUE: Record<EvidenceLevel, number> = {
  declared: 0.4,
  documented: 0.8,
  verified: 1,
  observed: 1,
  inferred: 0,
};
/**
 * Depth counts only the best DEPTH_CAP capabilities, each by its evidence value: writing more
 * (or longer) capabilities earns nothing beyond it, and declared-only claims earn at most
 * EVIDENCE_VALUE.declared of the depth points.
 */
export const DEPTH_CAP = 3;
/** Release recency points halve every this many days since the latest release or push. */
export const RELEASE_HALF_LIFE_DAYS = 365;
/** This many releases in the last 365 days earn the full cadence points. */
export const CADENCE_FULL_AT = 6;
/** Licence texts that name no licence: stated, but not clear. */
export const VAGUE_LICENCE = /^(unknown|other|noassertion|none|custom|see .*|unlicensed)$/i;
export const VAGUE_LICENCE_SHARE = 1 / 3;

/**
 * Times matched: distinct clients per artifact per day that got it in the top K of a search.
 * Shown, never scored: searches and page views change no score.
 */
export { MATCH_TOP_K } from "../store/store.js";
import { MATCH_TOP_K } from "../store/store.js";
/**
 * Match Graph: the success posterior of reported outcomes only (Beta, capped per reporter,
 * decaying). "No data" with confidence 0 until this many distinct reporters have reported.
 */
export const MATCH_MIN_REPORTERS = 3;
/** Weighted (capped, decayed) outcomes at which Match Graph is fully trusted (below, it shrinks to its prior). */
export const MATCH_CONFIDENCE_AT = 20;
/** Match Graph's prior, the same for every artifact (the even-odds success rate): other artifacts' outcomes never move it. */
export const MATCH_GRAPH_PRIOR = 50;

/** Freshness halves every this many days of age of the newest activity date. */
export const FRESHNESS_HALF_LIFE_DAYS = 180;
/** Signals that date activity (unix seconds): releases, pushes, model updates. A read date (observedAt) is never activity. */
export const ACTIVITY_METRICS = ["releases.latestAt", "repo.pushedAt"] as const;
/**
 * Freshness, release recency and cadence come only from the artifact's primary source, the
 * first rule that applies: declared in the manifest (`primarySource`); by kind; by the first
 * language tag; the only registry its signals come from. Otherwise there is no primary source
 * and these facts are "no data".
 */
export const PRIMARY_SOURCE_BY_KIND: Partial<Record<ArtifactKind, (typeof ECOSYSTEM_FAMILIES)[number]>> = {
  model: "hf",
  dataset: "hf",
  repository: "github",
};
export const PRIMARY_SOURCE_BY_TAG: Record<string, (typeof ECOSYSTEM_FAMILIES)[number]> = {
  python: "pypi",
  javascript: "npm",
  typescript: "npm",
  nodejs: "npm",
  node: "npm",
};

/**
 * The prior of a sub-score: the PRIOR_QUANTILE of the raw values of artifacts that have data
 * for it, within the kind when at least PRIOR_MIN_PEERS of the kind have data, else across the
 * catalog, else FALLBACK_PRIOR; never above PRIOR_CAP. Missing data counts as the prior, and
 * thin data shrinks toward it: low, because the artifacts that have data are mostly the
 * well-known ones, and an artifact without evidence must not score like a typical evidenced
 * one. Computed from signals and manifests only, never from searches, views or outcomes.
 */
export const PRIOR_QUANTILE = 0.25;
export const PRIOR_MIN_PEERS = 5;
export const PRIOR_CAP = 50;
export const FALLBACK_PRIOR = 50;
/** Interval half-width per unit of weight that is not backed by data (confidence 0): a
 * missing sub-score could be anywhere in 0..100. Partial confidence widens it in proportion. */
export const MISSING_HALF_WIDTH = 30;
/** Minimum interval half-width: scores are estimates even with complete data. */
export const BASE_HALF_WIDTH = 2;
/** A sub-score's own interval: ± (BASE_HALF_WIDTH + this · (1 − confidence)); no data is 0–100. */
export const SUB_SCORE_MISSING_HALF_WIDTH = 50;
/** CapRank differences at or below this many points are always a tie, however narrow the ranges. */
export const TIE_MARGIN = 2;
/** In the verdict, a sub-score difference smaller than this is not called a lead. */
export const LEAD_MARGIN = 10;

/**
 * What the match log keeps: a search is written behind the response (in batches), as one row
 * with its results; rows older than `matchDays` are deleted unless an outcome refers to them;
 * the per-client rows that make Times matched count distinct clients per day are kept for
 * `clientDays` days, their counts kept as totals per artifact.
 */
export const MATCH_RETENTION = { matchDays: 30, clientDays: 2 } as const;

/** Every constant above as one JSON document: served at /api/v1/methodology and rendered on /methodology. */
export function methodologyDocument() {
  return {
    version: METHODOLOGY_VERSION,
    weights: WEIGHT_GROUPS.map((g) => ({ label: g.label, kinds: g.kinds, weights: g.weights })),
    adoption: { references: ADOPTION_REFERENCES, peersFull: PEERS_FULL, signalHalfLifeDays: SIGNAL_HALF_LIFE_DAYS },
    quality: {
      points: QUALITY_POINTS,
      evidenceValue: EVIDENCE_VALUE,
      depthCap: DEPTH_CAP,
      releaseHalfLifeDays: RELEASE_HALF_LIFE_DAYS,
      cadenceFullAt: CADENCE_FULL_AT,
      vagueLicenceShare: VAGUE_LICENCE_SHARE,
    },
    ecosystem: { points: ECOSYSTEM_POINTS, families: ECOSYSTEM_FAMILIES },
    matchGraph: {
      minReporters: MATCH_MIN_REPORTERS,
      confidenceAt: MATCH_CONFIDENCE_AT,
      prior: MATCH_GRAPH_PRIOR,
      outcomePriorMean: PRIOR_MEAN,
      outcomePriorStrength: PRIOR_STRENGTH,
      reporterCap: REPORTER_CAP,
      outcomeHalfLifeDays: OUTCOME_HALF_LIFE_DAYS,
    },
    timesMatched: {
      topK: MATCH_TOP_K,
      counts: "distinct clients per artifact per day; shown, never scored",
      retention: MATCH_RETENTION,
      writeBehind: MATCH_BUFFER,
    },
    freshness: {
      halfLifeDays: FRESHNESS_HALF_LIFE_DAYS,
      activityMetrics: ACTIVITY_METRICS,
      primarySourceByKind: PRIMARY_SOURCE_BY_KIND,
      primarySourceByTag: PRIMARY_SOURCE_BY_TAG,
    },
    rules: methodologyRules(),
    resolve: { evidence: RESOLVE.evidence, decay: RESOLVE.decay, base: RESOLVE.base },
    combination: {
      priorQuantile: PRIOR_QUANTILE,
      priorMinPeers: PRIOR_MIN_PEERS,
      priorCap: PRIOR_CAP,
      fallbackPrior: FALLBACK_PRIOR,
      missingHalfWidth: MISSING_HALF_WIDTH,
      subScoreMissingHalfWidth: SUB_SCORE_MISSING_HALF_WIDTH,
      baseHalfWidth: BASE_HALF_WIDTH,
      leadMargin: LEAD_MARGIN,
      tieMargin: TIE_MARGIN,
    },
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Every rule in words, built from the constants above, so /methodology and the JSON document
 * say exactly what the scorer does.
 */
export function methodologyRules(): { topic: string; text: string }[] {
  const refs = Object.values(ADOPTION_REFERENCES)
    .map((r) => r.label)
    .join("; ");
  const byKind = Object.entries(PRIMARY_SOURCE_BY_KIND)
    .map(([k, f]) => `${f} for a ${k}`)
    .join(", ");
  const byTag = Object.entries(PRIMARY_SOURCE_BY_TAG)
    .map(([t, f]) => `${t} → ${f}`)
    .join(", ");
  return [
    {
      topic: "Evidence only",
      text: "Scores are functions of signals (with source and date), manifests and reported outcomes only. Searches, page views and type-ahead never change any score; peer statistics (percentiles, priors) come from signals and manifests, never from traffic or from other artifacts' outcomes.",
    },
    {
      topic: "Priors",
      text: `A sub-score's prior is the ${pct(PRIOR_QUANTILE)} quantile (lower quartile) of the raw values of artifacts with data for it: within the kind when at least ${PRIOR_MIN_PEERS} of the kind have data, otherwise across the catalog, otherwise ${FALLBACK_PRIOR}, and never above ${PRIOR_CAP} (the artifacts that have data are mostly the well-known ones). Missing data counts as the prior and thin data shrinks toward it, so an artifact without evidence never scores like a typical evidenced one. Match Graph's prior is ${MATCH_GRAPH_PRIOR} for every artifact.`,
    },
    {
      topic: "Adoption",
      text: `Each usage signal is log-scaled against a reference (${refs}), then placed as a mid-rank percentile among artifacts of the same kind with the same signal. With fewer than ${PEERS_FULL} such peers the percentile is blended with the log scale (weight peers ⁄ ${PEERS_FULL}). A signal's confidence halves every ${SIGNAL_HALF_LIFE_DAYS} days after it was observed; the strongest signal by points × confidence counts.`,
    },
    {
      topic: "Quality",
      text: `From checkable facts only: evidence of capabilities up to ${QUALITY_POINTS.evidence} points (the mean evidence value: declared ${EVIDENCE_VALUE.declared}, documented ${EVIDENCE_VALUE.documented}, verified and observed ${EVIDENCE_VALUE.verified}; capabilities inferred by a language model are left out); depth up to ${QUALITY_POINTS.depth} from the best ${DEPTH_CAP} capabilities, each earning its evidence value, so more or longer capabilities earn nothing beyond ${DEPTH_CAP} and declared-only ones at most ${pct(EVIDENCE_VALUE.declared)} of it; licence clarity ${QUALITY_POINTS.licence} (a vague licence such as "other" earns a third); status ${QUALITY_POINTS.status} (active; deprecated a third; archived 0, also when GitHub says archived); release recency up to ${QUALITY_POINTS.recency} (halving every ${RELEASE_HALF_LIFE_DAYS} days) and cadence up to ${QUALITY_POINTS.cadence} (full at ${CADENCE_FULL_AT} releases in 365 days), both from the primary source only. Facts no source shows are left out of the points and the maximum: raw = points ⁄ available maximum × 100, confidence = available maximum ⁄ 100.`,
    },
    {
      topic: "Ecosystem",
      text: `${ECOSYSTEM_POINTS.perSourceFamily} points per registry or hub where the artifact is present (${ECOSYSTEM_FAMILIES.join(", ")}; release and repository signals count for the registry their source names), plus up to ${ECOSYSTEM_POINTS.integrations} for declared integrations (log-scaled, full at ${ECOSYSTEM_POINTS.integrationReference}), capped at 100; confidence from the age of the newest signal.`,
    },
    {
      topic: "Match Graph",
      text: `The posterior success rate of reported outcomes (Beta with prior mean ${PRIOR_MEAN} counted as ${PRIOR_STRENGTH} outcomes; the newest outcome per match and artifact; at most ${REPORTER_CAP} outcomes of weight per reporter, one client over MCP and HTTP being one reporter; weights halve every ${OUTCOME_HALF_LIFE_DAYS} days). "No data" with confidence 0 until ${MATCH_MIN_REPORTERS} distinct reporters have reported; then confidence = weighted outcomes ⁄ ${MATCH_CONFIDENCE_AT}, at most 1. How often search returns an artifact is not part of it.`,
    },
    {
      topic: "Freshness",
      text: `100 for a release, push or update today, halving every ${FRESHNESS_HALF_LIFE_DAYS} days, from the primary source only: declared in the manifest (primarySource), else by kind (${byKind}), else by the first language tag (${byTag}), else the only registry its signals come from. A read date (when a page or registry was fetched) is never activity: without a release, push or update date from the primary source, Freshness is "no data". Dates in the future are ignored.`,
    },
    {
      topic: "Learned intents",
      text: `Reported outcomes also teach search which capabilities answer which intents. A capability learns nothing until ${MIN_REPORTERS} distinct reporters have taught it (full weight at ${FULL_TRUST_REPORTERS}); one reporter counts at most ${REPORTER_INTENTS} intents per capability; failures count against at ${FAILURE_SHARE} of a success; everything learned halves every ${OUTCOME_HALF_LIFE_DAYS} days; the learned part of a result's score is bounded (src/match/DESIGN.md, "Learned intents"). Learning changes search order only, never a score.`,
    },
    {
      topic: "Resolve",
      text: `Artifacts on a taxonomy node (resolve, and the MCP resolve tool) are ordered by strength × (${RESOLVE.base} + CapRank ⁄ 100). Strength sums, over the artifact's capabilities on the node or below it, the evidence weight (${Object.entries(
        RESOLVE.evidence,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ", ",
        )}) times the capability's confidence, the i-th strongest weighted ${RESOLVE.decay}^i; equal scores in slug order.`,
    },
    {
      topic: "Times matched",
      text: `The number of distinct clients per day that got the artifact in the top ${MATCH_TOP_K} of a search, summed over days (one client over MCP and HTTP is one client). It is shown, never scored. Searches are written behind the response, in batches of up to ${MATCH_BUFFER.batchSize} or every ${MATCH_BUFFER.flushMs} ms and on shutdown (a crash loses at most the searches of the last interval, never more than ${MATCH_BUFFER.maxPending.toLocaleString("en")}); search rows are kept ${MATCH_RETENTION.matchDays} days (longer when an outcome refers to them), per-client rows ${MATCH_RETENTION.clientDays} days, their counts as totals.`,
    },
    {
      topic: "Ranges",
      text: `Every sub-score has a range: ± (${BASE_HALF_WIDTH} + ${SUB_SCORE_MISSING_HALF_WIDTH} × (1 − confidence)), and 0–100 when there is no data. CapRank's range is ± (${BASE_HALF_WIDTH} + ${MISSING_HALF_WIDTH} × Σ weight × (1 − confidence)).`,
    },
  ];
}
