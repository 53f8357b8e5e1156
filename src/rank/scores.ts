import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import type { MatchCount, StoredSignal } from "../store/store.js";
import type { OutcomeSummary } from "../match/feedback.js";
import { BASE_HALF_WIDTH, FALLBACK_PRIOR, MISSING_HALF_WIDTH, SUB_SCORES, TIE_MARGIN, weightsFor, type SubScoreName } from "./methodology.js";
import { adoption, adoptionPeers, ecosystem, freshness, latestPerMetric, matchGraph, quality } from "./subscores.js";

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
  /** The kind prior this sub-score shrinks toward. */
  prior: number;
  inputs: ScoreInput[];
  note: string;
}

/** A sub-score before the kind prior is known. */
export type RawSubScore = Omit<SubScore, "value" | "prior">;

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
  timesMatched: number;
}

export interface ScoreContext {
  artifacts: readonly Artifact[];
  signals: readonly StoredSignal[];
  matchCounts: readonly MatchCount[];
  /** Outcome posteriors per artifact; absent means none reported. */
  outcomes?: OutcomeSummary;
  asOf: Date;
}

/**
 * The one scoring function. Every page, API response, CLI output and MCP result that shows
 * a score gets it from here, so surfaces cannot disagree.
 */
export function scoreCatalog(ctx: ScoreContext): Map<string, ScoreCard> {
  const bySlug = groupSignals(ctx.signals);
  const counts = new Map(ctx.matchCounts.map((c) => [c.slug, c.times]));
  const latest = new Map(ctx.artifacts.map((a) => [a.slug, latestPerMetric(bySlug.get(a.slug) ?? [], ctx.asOf)]));
  const peers = adoptionPeers(ctx.artifacts.map((a) => ({ kind: a.kind, signals: latest.get(a.slug) ?? [] })));
  const partial = ctx.artifacts.map((a) => {
    const sig = latest.get(a.slug) ?? [];
    const times = counts.get(a.slug) ?? 0;
    const raw: Record<SubScoreName, RawSubScore> = {
      adoption: adoption(sig, peers.get(a.kind), ctx.asOf), quality: quality(a, sig, ctx.asOf), ecosystem: ecosystem(sig, ctx.asOf),
      matchGraph: matchGraph(times, ctx.outcomes?.artifacts.get(a.slug)), freshness: freshness(a, sig, ctx.asOf),
    };
    return { a, times, raw };
  });
  const priors = kindPriors(partial.map((p) => ({ kind: p.a.kind, raw: p.raw })));
  const out = new Map<string, ScoreCard>();
  for (const p of partial) out.set(p.a.slug, combine(p.a, p.raw, priors.get(p.a.kind) ?? {}, p.times));
  return out;
}

/** value = confidence · raw + (1 − confidence) · prior, so thin or stale data counts less. */
export function shrink(raw: number, confidence: number, prior: number): number {
  return Math.round(confidence * raw + (1 - confidence) * prior);
}

function combine(a: Artifact, raw: Record<SubScoreName, RawSubScore>, prior: Partial<Record<SubScoreName, number>>, times: number): ScoreCard {
  const weights = weightsFor(a.kind);
  let total = 0;
  let unbacked = 0;
  const imputed: ScoreCard["imputed"] = {};
  const scores = {} as Record<SubScoreName, SubScore>;
  for (const k of SUB_SCORES) {
    const r = raw[k];
    const p = prior[k] ?? FALLBACK_PRIOR;
    const value = r.raw === null ? null : shrink(r.raw, r.confidence, p);
    scores[k] = { ...r, value, prior: p };
    if (value === null) imputed[k] = p;
    total += weights[k] * (value ?? p);
    unbacked += weights[k] * (value === null ? 1 : 1 - r.confidence);
  }
  const capRank = Math.round(total);
  const half = Math.round(BASE_HALF_WIDTH + MISSING_HALF_WIDTH * unbacked);
  return { slug: a.slug, kind: a.kind, capRank, interval: [Math.max(0, capRank - half), Math.min(100, capRank + half)], halfWidth: half, scores, imputed, weights, timesMatched: times };
}

/** The mean raw value of each sub-score among artifacts of a kind that have data for it. */
function kindPriors(rows: { kind: ArtifactKind; raw: Record<SubScoreName, RawSubScore> }[]): Map<ArtifactKind, Partial<Record<SubScoreName, number>>> {
  const sums = new Map<ArtifactKind, Partial<Record<SubScoreName, { s: number; n: number }>>>();
  for (const r of rows) {
    const acc = sums.get(r.kind) ?? {};
    for (const k of SUB_SCORES) {
      const v = r.raw[k].raw;
      if (v === null) continue;
      const e = (acc[k] ??= { s: 0, n: 0 });
      e.s += v;
      e.n++;
    }
    sums.set(r.kind, acc);
  }
  const out = new Map<ArtifactKind, Partial<Record<SubScoreName, number>>>();
  for (const [kind, acc] of sums) {
    const p: Partial<Record<SubScoreName, number>> = {};
    for (const k of SUB_SCORES) {
      const e = acc[k];
      if (e && e.n > 0) p[k] = Math.round(e.s / e.n);
    }
    out.set(kind, p);
  }
  return out;
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
export function capRankTie(a: Pick<ScoreCard, "capRank" | "halfWidth">, b: Pick<ScoreCard, "capRank" | "halfWidth">): { tied: boolean; difference: number; uncertainty: number } {
  const uncertainty = Math.max(TIE_MARGIN, Math.round(Math.hypot(a.halfWidth, b.halfWidth)));
  const difference = Math.abs(a.capRank - b.capRank);
  return { tied: difference <= uncertainty, difference, uncertainty };
}

/** "raw 80 at confidence 0.5, shrunk toward the kind prior 60 → 70": the one line that explains a shown value. */
export function shrinkText(sub: SubScore): string {
  if (sub.raw === null) return `no data: counted as the kind prior ${sub.prior}`;
  if (sub.confidence >= 1) return `confidence 1: the data alone (${sub.raw})`;
  return `data alone ${sub.raw} at confidence ${sub.confidence}, shrunk toward the kind prior ${sub.prior} → ${sub.value}`;
}
