import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import type { MatchCount, StoredSignal } from "../store/store.js";
import type { OutcomeSummary, SuccessStats } from "../outcomes/feedback.js";
import {
  BASE_HALF_WIDTH,
  FALLBACK_PRIOR,
  MATCH_GRAPH_PRIOR,
  MISSING_HALF_WIDTH,
  PRIOR_CAP,
  PRIOR_MIN_PEERS,
  PRIOR_QUANTILE,
  SUB_SCORE_MISSING_HALF_WIDTH,
  SUB_SCORES,
  TIE_MARGIN,
  weightsFor,
  type SubScoreName,
} from "./methodology.js";
import {
  adoption,
  adoptionPeers,
  ecosystem,
  freshness,
  latestPerMetric,
  matchGraph,
  quality,
  type AdoptionPeers,
} from "./subscores.js";

export { adoptionPoints, latestPerMetric } from "./subscores.js";

/** One input that moved a sub-score, with where it came from. */
export interface ScoreInput {
  label: string;
  value: number | string;
  points: number;
  source?: string;
  observedAt?: string;
  /** How the points were reached, when it is more than one step (percentile, blend, decay). */
  detail?: string;
}

export interface SubScore {
  /** 0..100 as shown and counted: the raw value shrunk toward the kind prior by (1 − confidence);
   * null when there is no data (never shown as 0). */
  value: number | null;
  /** The value the data alone gives, before shrinkage. */
  raw: number | null;
  /** 0..1: how much of the sub-score is backed by data (age, coverage and volume of the data). */
  confidence: number;
  /** The prior this sub-score shrinks toward (see PRIOR_QUANTILE). */
  prior: number;
  /** value ± (BASE_HALF_WIDTH + SUB_SCORE_MISSING_HALF_WIDTH · (1 − confidence)), clipped; 0–100 when there is no data. */
  interval: [number, number];
  inputs: ScoreInput[];
  note: string;
}

/** A sub-score before the kind prior is known. */
export type RawSubScore = Omit<SubScore, "value" | "prior" | "interval">;

export interface ScoreCard {
  slug: string;
  kind: ArtifactKind;
  capRank: number;
  /** capRank ± halfWidth, clipped to 0..100. */
  interval: [number, number];
  /** The uncertainty before clipping: ties are judged on it, so scores near 0 or 100 are not overconfident. */
  halfWidth: number;
  scores: Record<SubScoreName, SubScore>;
  /** Sub-scores replaced by the kind prior because data is missing. */
  imputed: Partial<Record<SubScoreName, number>>;
  weights: Record<SubScoreName, number>;
  /** Distinct clients per day that got it in the top results of a search: shown, never scored. */
  timesMatched: number;
}

/** What ordering and the search prior read of a card: CapRank and its range, kept for every artifact. */
export type RankScore = Pick<ScoreCard, "capRank" | "halfWidth" | "interval">;

export interface ScoreContext {
  artifacts: readonly Artifact[];
  signals: readonly StoredSignal[];
  /** Times matched, for display only: no score depends on it. */
  matchCounts?: readonly MatchCount[];
  /** Outcome posteriors per artifact; absent means none reported. */
  outcomes?: OutcomeSummary;
  asOf: Date;
}

/**
 * What scoring one artifact needs from the rest of the catalog: adoption peers and the priors
 * per kind, both from signals and manifests only (never searches, views or outcomes), so one
 * artifact's new outcomes re-score that artifact alone.
 */
export interface ScoringBasis {
  asOf: Date;
  peers: Map<ArtifactKind, AdoptionPeers>;
  priors: Map<ArtifactKind, Partial<Record<SubScoreName, number>>>;
  signals: Map<string, StoredSignal[]>;
}

/**
 * The one scoring function. Every page, API response, CLI output and MCP result that shows
 * a score gets it from here, so surfaces cannot disagree.
 */
export function scoreCatalog(ctx: ScoreContext): Map<string, ScoreCard> {
  const basis = scoringBasis(ctx.artifacts, ctx.signals, ctx.asOf);
  const counts = new Map((ctx.matchCounts ?? []).map((c) => [c.slug, c.times]));
  const out = new Map<string, ScoreCard>();
  for (const a of ctx.artifacts)
    out.set(a.slug, scoreArtifact(basis, a, ctx.outcomes?.artifacts.get(a.slug), counts.get(a.slug) ?? 0));
  return out;
}

/** Peers and priors of the whole catalog, computed once per catalog change. */
export function scoringBasis(
  artifacts: readonly Artifact[],
  signals: readonly StoredSignal[],
  asOf: Date,
): ScoringBasis {
  const bySlug = groupSignals(signals);
  const latest = new Map(artifacts.map((a) => [a.slug, latestPerMetric(bySlug.get(a.slug) ?? [], asOf)]));
  const peers = adoptionPeers(artifacts.map((a) => ({ kind: a.kind, signals: latest.get(a.slug) ?? [] })));
  const evidence = artifacts.map((a) => ({
    kind: a.kind,
    raw: evidenceScores(a, latest.get(a.slug) ?? [], peers.get(a.kind), asOf),
  }));
  return { asOf, peers, priors: kindPriors(evidence), signals: latest };
}

/** One artifact's card from the basis and its own outcomes. */
export function scoreArtifact(
  basis: ScoringBasis,
  a: Artifact,
  outcomes: SuccessStats | undefined,
  timesMatched: number,
): ScoreCard {
  const raw = {
    ...evidenceScores(a, basis.signals.get(a.slug) ?? [], basis.peers.get(a.kind), basis.asOf),
    matchGraph: matchGraph(outcomes),
  };
  return combine(a, raw, { ...(basis.priors.get(a.kind) ?? {}), matchGraph: MATCH_GRAPH_PRIOR }, timesMatched);
}

/** The sub-scores that come from signals and the manifest (everything but Match Graph). */
function evidenceScores(
  a: Artifact,
  sig: readonly StoredSignal[],
  peers: AdoptionPeers | undefined,
  asOf: Date,
): Record<Exclude<SubScoreName, "matchGraph">, RawSubScore> {
  return {
    adoption: adoption(sig, peers, asOf),
    quality: quality(a, sig, asOf),
    ecosystem: ecosystem(sig, asOf),
    freshness: freshness(a, sig, asOf),
  };
}

/** value = confidence · raw + (1 − confidence) · prior, so thin or stale data counts less. */
export function shrink(raw: number, confidence: number, prior: number): number {
  return Math.round(confidence * raw + (1 - confidence) * prior);
}

function combine(
  a: Artifact,
  raw: Record<SubScoreName, RawSubScore>,
  prior: Partial<Record<SubScoreName, number>>,
  times: number,
): ScoreCard {
  const weights = weightsFor(a.kind);
  let total = 0;
  let unbacked = 0;
  const imputed: ScoreCard["imputed"] = {};
  const scores = {} as Record<SubScoreName, SubScore>;
  for (const k of SUB_SCORES) {
    const r = raw[k];
    const p = prior[k] ?? FALLBACK_PRIOR;
    const value = r.raw === null ? null : shrink(r.raw, r.confidence, p);
    scores[k] = { ...r, value, prior: p, interval: subInterval(value, r.confidence) };
    if (value === null) imputed[k] = p;
    total += weights[k] * (value ?? p);
    unbacked += weights[k] * (value === null ? 1 : 1 - r.confidence);
  }
  const capRank = Math.round(total);
  const half = Math.round(BASE_HALF_WIDTH + MISSING_HALF_WIDTH * unbacked);
  return {
    slug: a.slug,
    kind: a.kind,
    capRank,
    interval: capRankInterval(capRank, half),
    halfWidth: half,
    scores,
    imputed,
    weights,
    timesMatched: times,
  };
}

/** CapRank ± its half-width, clipped to 0..100: the card's `interval`, and the same from a compact table. */
export function capRankInterval(capRank: number, halfWidth: number): [number, number] {
  return [Math.max(0, capRank - halfWidth), Math.min(100, capRank + halfWidth)];
}

/** A sub-score's range: wider as confidence falls; the whole scale when there is no data. */
function subInterval(value: number | null, confidence: number): [number, number] {
  if (value === null) return [0, 100];
  const half = Math.round(BASE_HALF_WIDTH + SUB_SCORE_MISSING_HALF_WIDTH * (1 - confidence));
  return [Math.max(0, value - half), Math.min(100, value + half)];
}

/**
 * The prior of each evidence sub-score per kind: the PRIOR_QUANTILE of the raw values of
 * artifacts with data, within the kind when PRIOR_MIN_PEERS of it have data, else across the
 * catalog, else FALLBACK_PRIOR; at most PRIOR_CAP.
 */
function kindPriors(
  rows: readonly { kind: ArtifactKind; raw: Partial<Record<SubScoreName, RawSubScore>> }[],
): Map<ArtifactKind, Partial<Record<SubScoreName, number>>> {
  const byKind = new Map<ArtifactKind, Map<SubScoreName, number[]>>();
  const all = new Map<SubScoreName, number[]>();
  for (const r of rows) {
    const mine = byKind.get(r.kind) ?? new Map<SubScoreName, number[]>();
    byKind.set(r.kind, mine);
    for (const k of SUB_SCORES) {
      const v = r.raw[k]?.raw;
      if (v === null || v === undefined) continue;
      push(mine, k, v);
      push(all, k, v);
    }
  }
  const out = new Map<ArtifactKind, Partial<Record<SubScoreName, number>>>();
  for (const [kind, mine] of byKind) {
    const p: Partial<Record<SubScoreName, number>> = {};
    for (const k of SUB_SCORES) {
      const own = mine.get(k) ?? [];
      const pool = own.length >= PRIOR_MIN_PEERS ? own : (all.get(k) ?? []);
      p[k] = pool.length ? Math.min(PRIOR_CAP, quantile(pool, PRIOR_QUANTILE)) : FALLBACK_PRIOR;
    }
    out.set(kind, p);
  }
  return out;
}

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The q-quantile by linear interpolation between closest ranks, rounded. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const a = s[lo] as number,
    b = s[Math.min(lo + 1, s.length - 1)] as number;
  return Math.round(a + (b - a) * (pos - lo));
}

function groupSignals(signals: readonly StoredSignal[]): Map<string, StoredSignal[]> {
  const m = new Map<string, StoredSignal[]>();
  for (const s of signals) {
    const l = m.get(s.slug);
    if (l) l.push(s);
    else m.set(s.slug, [s]);
  }
  return m;
}

/**
 * Two CapRanks are tied when their difference is within the uncertainty of the difference:
 * √(h₁² + h₂²) for range half-widths h₁, h₂, and never below TIE_MARGIN.
 */
export function capRankTie(
  a: Pick<ScoreCard, "capRank" | "halfWidth">,
  b: Pick<ScoreCard, "capRank" | "halfWidth">,
): { tied: boolean; difference: number; uncertainty: number } {
  const uncertainty = Math.max(TIE_MARGIN, Math.round(Math.hypot(a.halfWidth, b.halfWidth)));
  const difference = Math.abs(a.capRank - b.capRank);
  return { tied: difference <= uncertainty, difference, uncertainty };
}

/** "raw 80 at confidence 0.5, shrunk toward the kind prior 60 → 70": the one line that explains a shown value. */
export function shrinkText(sub: SubScore): string {
  if (sub.raw === null) return `no data (range 0–100): counted as the prior ${sub.prior}`;
  if (sub.confidence >= 1) return `confidence 1: the data alone (${sub.raw})`;
  return `data alone ${sub.raw} at confidence ${sub.confidence}, shrunk toward the prior ${sub.prior} → ${sub.value} (range ${sub.interval[0]}–${sub.interval[1]})`;
}
