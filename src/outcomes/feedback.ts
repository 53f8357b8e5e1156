/**
 * Outcome learning (see match/DESIGN.md): a Beta posterior per artifact and capability,
 * shrunk toward a fixed prior, with burst protection. The prior is the same for every
 * artifact, never pooled from other artifacts' outcomes: one artifact's reports must not
 * move another artifact's score.
 */
export interface OutcomeRecord {
  matchId: string;
  slug: string;
  capabilityId: string | null;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
}

/** Prior strength: the prior success rate counts as this many outcomes. */
export const PRIOR_STRENGTH = 4;
/** The prior success rate of every artifact before its own outcomes: even odds. */
export const PRIOR_MEAN = 0.5;
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
  /** Distinct reporters (one client over MCP and HTTP is one reporter). */
  reporters: number;
  /** The counts as shown: at most REPORTER_CAP outcomes per reporter, split in that reporter's proportions (no decay). */
  countedSuccesses: number;
  countedFailures: number;
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

interface Tally {
  s: number;
  f: number;
  ws: number;
  wf: number;
  cs: number;
  cf: number;
  reporters: number;
}

/**
 * The identity an outcome or a search counts against: the client, whatever transport it
 * used. MCP over HTTP names its client `mcp:<address>`, the JSON API and pages `<address>`;
 * both are the same reporter.
 */
export function clientIdentity(client: string): string {
  return client.startsWith("mcp:") ? client.slice(4) : client;
}

/** Decay, cap per reporter, then the posterior per artifact and capability. */
export function summarizeOutcomes(records: readonly OutcomeRecord[], asOf: Date): OutcomeSummary {
  const latest = latestOutcomes(records);
  const artifacts = new Map<string, SuccessStats>();
  for (const [slug, t] of tally(latest, (r) => r.slug, asOf)) artifacts.set(slug, posterior(t, PRIOR_MEAN));
  const capabilities = new Map<string, SuccessStats>();
  for (const [key, t] of tally(
    latest.filter((r) => r.capabilityId),
    (r) => `${r.slug}#${r.capabilityId}`,
    asOf,
  ))
    capabilities.set(key, posterior(t, PRIOR_MEAN));
  return { artifacts, capabilities };
}

/** The posterior for an artifact with no outcomes yet: the prior itself. */
export function coldStart(priorMean = PRIOR_MEAN): SuccessStats {
  return posterior({ s: 0, f: 0, ws: 0, wf: 0, cs: 0, cf: 0, reporters: 0 }, priorMean);
}

function tally(records: readonly OutcomeRecord[], key: (r: OutcomeRecord) => string, asOf: Date): Map<string, Tally> {
  const perReporter = new Map<string, Map<string, Tally>>();
  for (const r of records) {
    const k = key(r);
    const reporters = perReporter.get(k) ?? new Map<string, Tally>();
    const who = clientIdentity(r.reporter);
    const t = reporters.get(who) ?? { s: 0, f: 0, ws: 0, wf: 0, cs: 0, cf: 0, reporters: 1 };
    const ageDays = Math.max(0, (asOf.getTime() - Date.parse(r.at)) / 86_400_000);
    const w = Math.pow(0.5, ageDays / OUTCOME_HALF_LIFE_DAYS);
    if (r.outcome === "success") {
      t.s++;
      t.ws += w;
    } else {
      t.f++;
      t.wf += w;
    }
    reporters.set(who, t);
    perReporter.set(k, reporters);
  }
  const out = new Map<string, Tally>();
  for (const [k, reporters] of perReporter) {
    const sum: Tally = { s: 0, f: 0, ws: 0, wf: 0, cs: 0, cf: 0, reporters: reporters.size };
    for (const t of reporters.values()) {
      const total = t.ws + t.wf;
      const scale = total > REPORTER_CAP ? REPORTER_CAP / total : 1;
      const n = t.s + t.f;
      const shown = n > REPORTER_CAP ? REPORTER_CAP / n : 1;
      sum.s += t.s;
      sum.f += t.f;
      sum.ws += t.ws * scale;
      sum.wf += t.wf * scale;
      sum.cs += t.s * shown;
      sum.cf += t.f * shown;
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
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    successes: t.s,
    failures: t.f,
    reporters: t.reporters,
    countedSuccesses: r1(t.cs),
    countedFailures: r1(t.cf),
    weightedSuccesses: r3(t.ws),
    weightedFailures: r3(t.wf),
    priorMean: r3(m),
    mean: r3(mean),
    interval: [r3(Math.max(0, mean - Z90 * sd)), r3(Math.min(1, mean + Z90 * sd))],
  };
}

/**
 * "3 of 4 reported successes from 3 reporters": counts as they enter the estimate, so one
 * client's burst reads as the REPORTER_CAP outcomes it counts for, not as 40 successes.
 */
export function describeOutcomes(s: SuccessStats | undefined): string {
  if (!s || s.successes + s.failures === 0) return "no outcomes reported yet";
  const n = s.countedSuccesses + s.countedFailures;
  const reports = s.successes + s.failures;
  const who = `${s.reporters} reporter${s.reporters === 1 ? "" : "s"}`;
  const rate = `estimated rate ${Math.round(s.interval[0] * 100)}–${Math.round(s.interval[1] * 100)}%`;
  if (reports === n) return `${s.successes} of ${n} reported success${n === 1 ? "" : "es"} from ${who} (${rate})`;
  return `${fmt(s.countedSuccesses)} of ${fmt(n)} counted successes from ${who} (${reports} reports, at most ${REPORTER_CAP} counted per reporter; ${rate})`;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** One reported outcome with the intent (the match's query) it answered: what the match graph learns from. */
export interface LearnedOutcome {
  seq: number;
  matchId: string;
  query: string;
  slug: string;
  capabilityId: string;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
}

// The learning policy of the match graph (src/match/learned.ts applies it; /methodology publishes it).
/** Distinct reporters a capability needs before anything it learned counts. */
export const MIN_REPORTERS = 3;
/** Distinct reporters at which a capability's learned component reaches full weight (linear from MIN_REPORTERS). */
export const FULL_TRUST_REPORTERS = 10;
/** Intents one reporter may teach one capability (the most recent count). */
export const REPORTER_INTENTS = 3;
/**
 * Weight of failures against successes. A capability that is often a wrong first result
 * collects failures on intents close to its own real ones, so at full weight they buried it
 * (MetaTool dev after the stream: 0.729 at 1, 0.762 at 0.3, 0.760 at 0).
 */
export const FAILURE_SHARE = 0.3;
