import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import type { MatchCount, StoredSignal } from "../store/store.js";
import { coldStart, describeOutcomes, type OutcomeSummary, type SuccessStats } from "../match/feedback.js";
import {
  ADOPTION_REFERENCES, BASE_HALF_WIDTH, DEPTH_FULL_AT, ECOSYSTEM_POINTS, EVIDENCE_VALUE, FALLBACK_PRIOR, FRESHNESS_HALF_LIFE_DAYS,
  MATCH_REFERENCE, MATCH_SHARE_OUTCOMES, MISSING_HALF_WIDTH, QUALITY_POINTS, SUB_SCORES, weightsFor, type SubScoreName,
} from "./methodology.js";

/** One input that moved a sub-score, with where it came from. */
export interface ScoreInput {
  label: string;
  value: number | string;
  points: number;
  source?: string;
  observedAt?: string;
}

export interface SubScore {
  /** 0..100, or null when there is no data (never shown as 0). */
  value: number | null;
  inputs: ScoreInput[];
  note: string;
}

export interface ScoreCard {
  slug: string;
  kind: ArtifactKind;
  capRank: number;
  interval: [number, number];
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
  const partial = ctx.artifacts.map((a) => {
    const sig = latestPerMetric(bySlug.get(a.slug) ?? []);
    const times = counts.get(a.slug) ?? 0;
    return { a, times, scores: { adoption: adoption(sig), quality: quality(a), ecosystem: ecosystem(sig), matchGraph: matchGraph(times, ctx.outcomes?.artifacts.get(a.slug)), freshness: freshness(a, sig, ctx.asOf) } };
  });
  const priors = kindPriors(partial.map((p) => ({ kind: p.a.kind, scores: p.scores })));
  const out = new Map<string, ScoreCard>();
  for (const p of partial) out.set(p.a.slug, combine(p.a, p.scores, priors.get(p.a.kind) ?? {}, p.times));
  return out;
}

function combine(a: Artifact, scores: Record<SubScoreName, SubScore>, prior: Partial<Record<SubScoreName, number>>, times: number): ScoreCard {
  const weights = weightsFor(a.kind);
  let total = 0;
  let missingWeight = 0;
  const imputed: ScoreCard["imputed"] = {};
  for (const k of SUB_SCORES) {
    const v = scores[k].value;
    if (v === null) {
      const pv = prior[k] ?? FALLBACK_PRIOR;
      imputed[k] = pv;
      total += weights[k] * pv;
      missingWeight += weights[k];
    } else total += weights[k] * v;
  }
  const capRank = Math.round(total);
  const half = Math.round(BASE_HALF_WIDTH + MISSING_HALF_WIDTH * missingWeight);
  return { slug: a.slug, kind: a.kind, capRank, interval: [Math.max(0, capRank - half), Math.min(100, capRank + half)], scores, imputed, weights, timesMatched: times };
}

function kindPriors(rows: { kind: ArtifactKind; scores: Record<SubScoreName, SubScore> }[]): Map<ArtifactKind, Partial<Record<SubScoreName, number>>> {
  const sums = new Map<ArtifactKind, Record<string, { s: number; n: number }>>();
  for (const r of rows) {
    const acc = sums.get(r.kind) ?? {};
    for (const k of SUB_SCORES) {
      const v = r.scores[k].value;
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

/** The newest observation of each metric (by observedAt, then by arrival). */
export function latestPerMetric(signals: readonly StoredSignal[]): StoredSignal[] {
  const m = new Map<string, StoredSignal>();
  for (const s of signals) {
    const prev = m.get(s.metric);
    if (!prev || s.observedAt >= prev.observedAt) m.set(s.metric, s);
  }
  return [...m.values()];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number) => Math.max(0, Math.min(100, x));

/** log-scaled 0..100 against a reference; ranks are inverted so rank 1 scores 100. */
export function adoptionPoints(metric: string, value: number): number | undefined {
  const ref = ADOPTION_REFERENCES[metric];
  if (!ref) return undefined;
  if (metric === "pypi.downloads.rank") return round1(clamp(100 * (1 - Math.log(Math.max(1, value)) / Math.log(ref.reference))));
  return round1(clamp((100 * Math.log10(1 + Math.max(0, value))) / Math.log10(1 + ref.reference)));
}

function adoption(sig: readonly StoredSignal[]): SubScore {
  const inputs: ScoreInput[] = [];
  for (const s of sig) {
    const pts = adoptionPoints(s.metric, s.value);
    if (pts !== undefined) inputs.push({ label: ADOPTION_REFERENCES[s.metric]?.label ?? s.metric, value: s.value, points: pts, source: s.source, observedAt: s.observedAt });
  }
  if (inputs.length === 0) return { value: null, inputs, note: "no usage signals (downloads, stars, installs) recorded" };
  const best = Math.max(...inputs.map((i) => i.points));
  return { value: Math.round(best), inputs, note: "the strongest usage signal, log-scaled against its reference level" };
}

function quality(a: Artifact): SubScore {
  const caps = a.capabilities;
  const inputs: ScoreInput[] = [];
  if (caps.length === 0 && !a.license) return { value: null, inputs, note: "no capabilities and no licence to assess" };
  const ev = caps.length ? caps.reduce((s, c) => s + EVIDENCE_VALUE[c.evidence], 0) / caps.length : 0;
  const documented = caps.filter((c) => c.evidence !== "declared").length;
  inputs.push({ label: "evidence level of capabilities", value: `${documented} of ${caps.length} documented, verified or observed`, points: round1(QUALITY_POINTS.evidence * ev) });
  inputs.push({ label: "documentation depth (capabilities described)", value: caps.length, points: round1(QUALITY_POINTS.depth * Math.min(1, caps.length / DEPTH_FULL_AT)) });
  inputs.push({ label: "licence stated", value: a.license ?? "none", points: a.license ? QUALITY_POINTS.licence : 0 });
  const statusPts = a.status === "active" ? QUALITY_POINTS.status : a.status === "deprecated" ? QUALITY_POINTS.status / 3 : 0;
  inputs.push({ label: "status", value: a.status, points: statusPts });
  return { value: Math.round(inputs.reduce((s, i) => s + i.points, 0)), inputs, note: "evidence, depth, licence and status, from the catalog entry" };
}

const SOURCE_FAMILY = (metric: string) => metric.split(".")[0] ?? metric;

function ecosystem(sig: readonly StoredSignal[]): SubScore {
  const inputs: ScoreInput[] = [];
  const families = new Map<string, StoredSignal>();
  for (const s of sig) if (["npm", "pypi", "github", "hf"].includes(SOURCE_FAMILY(s.metric))) families.set(SOURCE_FAMILY(s.metric), s);
  for (const [fam, s] of families) inputs.push({ label: `present on ${fam}`, value: s.metric, points: ECOSYSTEM_POINTS.perSourceFamily, source: s.source, observedAt: s.observedAt });
  const integ = sig.find((s) => s.metric === "integrations.count");
  if (integ) inputs.push({ label: "declared integrations", value: integ.value, points: round1(40 * Math.min(1, Math.log10(1 + integ.value) / Math.log10(1 + ECOSYSTEM_POINTS.integrationReference))), source: integ.source, observedAt: integ.observedAt });
  if (inputs.length === 0) return { value: null, inputs, note: "no registry presence or integrations recorded" };
  return { value: Math.round(clamp(inputs.reduce((s, i) => s + i.points, 0))), inputs, note: "presence across package registries and hubs, plus declared integrations" };
}

function matchGraph(times: number, outcomes: SuccessStats | undefined): SubScore {
  if (times === 0 && !outcomes) return { value: null, inputs: [], note: "cold start: never returned in the top results of a recorded search, no outcomes reported" };
  const post = outcomes ?? coldStart();
  const usage = round1(clamp((100 * Math.log10(1 + times)) / Math.log10(1 + MATCH_REFERENCE)));
  const usagePts = round1((1 - MATCH_SHARE_OUTCOMES) * usage);
  const successPts = round1(MATCH_SHARE_OUTCOMES * 100 * post.mean);
  const inputs: ScoreInput[] = [
    { label: "times in the top results of a recorded search", value: times, points: usagePts, source: "capgraph match log" },
    { label: "reported outcomes (Beta posterior mean)", value: `${describeOutcomes(outcomes)}; mean ${post.mean}`, points: successPts, source: "capgraph outcome reports" },
  ];
  const note = outcomes ? "matches (log-scaled) and the success posterior of reported outcomes" : "matched, but no outcomes reported yet: success is the kind prior";
  return { value: Math.round(usagePts + successPts), inputs, note };
}

function freshness(a: Artifact, sig: readonly StoredSignal[], asOf: Date): SubScore {
  const dates: { at: string; source: string }[] = [];
  for (const s of sig) dates.push({ at: s.observedAt, source: s.source });
  for (const c of a.capabilities) for (const src of c.sources) if (src.retrievedAt) dates.push({ at: src.retrievedAt, source: src.url });
  const valid = dates.filter((d) => !Number.isNaN(Date.parse(d.at)));
  if (valid.length === 0) return { value: null, inputs: [], note: "no dated evidence" };
  const newest = valid.reduce((x, y) => (Date.parse(y.at) > Date.parse(x.at) ? y : x));
  const ageDays = Math.max(0, (asOf.getTime() - Date.parse(newest.at)) / 86_400_000);
  const pts = round1(100 * Math.pow(0.5, ageDays / FRESHNESS_HALF_LIFE_DAYS));
  return { value: Math.round(pts), inputs: [{ label: "age of the newest dated evidence (days)", value: Math.round(ageDays), points: pts, source: newest.source, observedAt: newest.at }], note: `halves every ${FRESHNESS_HALF_LIFE_DAYS} days` };
}
