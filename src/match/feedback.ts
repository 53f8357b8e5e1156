import type { ArtifactKind } from "../catalog/schema.js";

/**
 * Outcome learning (see match/DESIGN.md): a Beta posterior per artifact and capability,
 * shrunk toward the pooled success rate of the artifact's kind, with burst protection.
 */
export interface OutcomeRecord {
  matchId: string;
  slug: string;
  capabilityId: string | null;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
}

/** Prior strength: the kind's pooled rate counts as this many outcomes. */
export const PRIOR_STRENGTH = 4;
/** Most weight one reporter can put on one artifact (in outcomes). */
export const REPORTER_CAP = 3;
/** An outcome's weight halves every this many days. */
export const OUTCOME_HALF_LIFE_DAYS = 90;
/** z for the two-sided 90 % interval (normal approximation of the Beta). */
const Z90 = 1.645;

export interface SuccessStats {
  /** Raw counts, latest outcome per match. */
  successes: number;
  failures: number;
  /** Weighted (decayed, capped) evidence that enters the posterior. */
  weightedSuccesses: number;
  weightedFailures: number;
  priorMean: number;
  mean: number;
  interval: [number, number];
}

export interface OutcomeSummary {
  artifacts: Map<string, SuccessStats>;
  capabilities: Map<string, SuccessStats>;
}

/** Keeps the newest outcome of each (match, artifact) pair: re-reporting replaces, never adds. */
export function latestOutcomes(records: readonly OutcomeRecord[]): OutcomeRecord[] {
  const m = new Map<string, OutcomeRecord>();
  for (const r of records) {
    const k = `${r.matchId}\u0000${r.slug}`;
    const prev = m.get(k);
    if (!prev || r.at >= prev.at) m.set(k, r);
  }
  return [...m.values()];
}

interface Tally { s: number; f: number; ws: number; wf: number }

/** Decay, cap per reporter, pool per kind, then the posterior per artifact and capability. */
export function summarizeOutcomes(records: readonly OutcomeRecord[], kindOf: (slug: string) => ArtifactKind | undefined, asOf: Date): OutcomeSummary {
  const latest = latestOutcomes(records);
  const byArtifact = tally(latest, (r) => r.slug, asOf);
  const byCapability = tally(latest.filter((r) => r.capabilityId), (r) => `${r.slug}#${r.capabilityId}`, asOf);
  const pooled = new Map<string, { s: number; n: number }>();
  for (const [slug, t] of byArtifact) {
    const kind = kindOf(slug) ?? "other";
    const p = pooled.get(kind) ?? { s: 0, n: 0 };
    p.s += t.ws;
    p.n += t.ws + t.wf;
    pooled.set(kind, p);
  }
  const priorOf = (slug: string) => {
    const p = pooled.get(kindOf(slug) ?? "other");
    return p ? (p.s + 1) / (p.n + 2) : 0.5;
  };
  const artifacts = new Map<string, SuccessStats>();
  for (const [slug, t] of byArtifact) artifacts.set(slug, posterior(t, priorOf(slug)));
  const capabilities = new Map<string, SuccessStats>();
  for (const [key, t] of byCapability) capabilities.set(key, posterior(t, priorOf(key.split("#")[0] ?? "")));
  return { artifacts, capabilities };
}

/** The posterior for an artifact with no outcomes yet: the kind prior itself. */
export function coldStart(priorMean = 0.5): SuccessStats {
  return posterior({ s: 0, f: 0, ws: 0, wf: 0 }, priorMean);
}

function tally(records: readonly OutcomeRecord[], key: (r: OutcomeRecord) => string, asOf: Date): Map<string, Tally> {
  const perReporter = new Map<string, Map<string, Tally>>();
  for (const r of records) {
    const k = key(r);
    const reporters = perReporter.get(k) ?? new Map<string, Tally>();
    const t = reporters.get(r.reporter) ?? { s: 0, f: 0, ws: 0, wf: 0 };
    const ageDays = Math.max(0, (asOf.getTime() - Date.parse(r.at)) / 86_400_000);
    const w = Math.pow(0.5, ageDays / OUTCOME_HALF_LIFE_DAYS);
    if (r.outcome === "success") { t.s++; t.ws += w; } else { t.f++; t.wf += w; }
    reporters.set(r.reporter, t);
    perReporter.set(k, reporters);
  }
  const out = new Map<string, Tally>();
  for (const [k, reporters] of perReporter) {
    const sum: Tally = { s: 0, f: 0, ws: 0, wf: 0 };
    for (const t of reporters.values()) {
      const total = t.ws + t.wf;
      const scale = total > REPORTER_CAP ? REPORTER_CAP / total : 1;
      sum.s += t.s; sum.f += t.f; sum.ws += t.ws * scale; sum.wf += t.wf * scale;
    }
    out.set(k, sum);
  }
  return out;
}

function posterior(t: Tally, m: number): SuccessStats {
  const a = m * PRIOR_STRENGTH + t.ws;
  const b = (1 - m) * PRIOR_STRENGTH + t.wf;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    successes: t.s, failures: t.f, weightedSuccesses: r3(t.ws), weightedFailures: r3(t.wf), priorMean: r3(m), mean: r3(mean),
    interval: [r3(Math.max(0, mean - Z90 * sd)), r3(Math.min(1, mean + Z90 * sd))],
  };
}

/** "3 of 4 reported successes" — counts, not a bare percentage. */
export function describeOutcomes(s: SuccessStats | undefined): string {
  if (!s || s.successes + s.failures === 0) return "no outcomes reported yet";
  const n = s.successes + s.failures;
  return `${s.successes} of ${n} reported success${n === 1 ? "" : "es"} (estimated rate ${Math.round(s.interval[0] * 100)}–${Math.round(s.interval[1] * 100)}%)`;
}
