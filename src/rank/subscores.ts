import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import type { StoredSignal } from "../store/store.js";
import { describeOutcomes, type SuccessStats } from "../outcomes/feedback.js";
import {
  ACTIVITY_METRICS,
  ADOPTION_REFERENCES,
  CADENCE_FULL_AT,
  DEPTH_CAP,
  ECOSYSTEM_FAMILIES,
  ECOSYSTEM_POINTS,
  EVIDENCE_VALUE,
  FRESHNESS_HALF_LIFE_DAYS,
  MATCH_CONFIDENCE_AT,
  MATCH_MIN_REPORTERS,
  PEERS_FULL,
  PRIMARY_SOURCE_BY_KIND,
  PRIMARY_SOURCE_BY_TAG,
  QUALITY_POINTS,
  RELEASE_HALF_LIFE_DAYS,
  RELEASE_SOURCE_FAMILY,
  SIGNAL_HALF_LIFE_DAYS,
  VAGUE_LICENCE,
  VAGUE_LICENCE_SHARE,
} from "./methodology.js";
import type { RawSubScore, ScoreInput } from "./scores.js";

const DAY_MS = 86_400_000;
const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const clamp = (x: number) => Math.max(0, Math.min(100, x));
const ageDays = (at: number, asOf: Date) => Math.max(0, (asOf.getTime() - at) / DAY_MS);
const halfLife = (days: number, half: number) => Math.pow(0.5, days / half);
const none = (note: string): RawSubScore => ({ raw: null, confidence: 0, inputs: [], note });

/** Observations dated after `asOf` (beyond a day of clock skew) are not facts yet: scoring ignores them. */
const FUTURE_SLACK_MS = DAY_MS;

/** The newest observation of each metric (by observedAt, then by arrival), ignoring future-dated ones. */
export function latestPerMetric(signals: readonly StoredSignal[], asOf: Date): StoredSignal[] {
  const m = new Map<string, { s: StoredSignal; at: number }>();
  for (const s of signals) {
    const at = Date.parse(s.observedAt);
    if (Number.isNaN(at) || at > asOf.getTime() + FUTURE_SLACK_MS) continue;
    const prev = m.get(s.metric);
    if (!prev || at >= prev.at) m.set(s.metric, { s, at });
  }
  return [...m.values()].map((x) => x.s);
}

/** A signal's confidence from its age: 1 when observed today, halving every SIGNAL_HALF_LIFE_DAYS. */
export function signalConfidence(s: Pick<StoredSignal, "observedAt">, asOf: Date): number {
  const at = Date.parse(s.observedAt);
  return Number.isNaN(at) ? 0 : round3(halfLife(ageDays(at, asOf), SIGNAL_HALF_LIFE_DAYS));
}

/** The absolute scale: log-scaled 0..100 against a reference; ranks are inverted so rank 1 scores 100. */
export function adoptionPoints(metric: string, value: number): number | undefined {
  const ref = ADOPTION_REFERENCES[metric];
  if (!ref) return undefined;
  if (metric === "pypi.downloads.rank")
    return value < 1 ? undefined : round1(clamp(100 * (1 - Math.log(value) / Math.log(ref.reference))));
  return round1(clamp((100 * Math.log10(1 + Math.max(0, value))) / Math.log10(1 + ref.reference)));
}

/** Absolute adoption points of every artifact, per kind and metric, sorted ascending: the peer groups for percentiles. */
export type AdoptionPeers = Map<string, number[]>;

export function adoptionPeers(
  rows: readonly { kind: ArtifactKind; signals: readonly StoredSignal[] }[],
): Map<ArtifactKind, AdoptionPeers> {
  const out = new Map<ArtifactKind, AdoptionPeers>();
  for (const r of rows) {
    const byMetric = out.get(r.kind) ?? new Map<string, number[]>();
    for (const s of r.signals) {
      const pts = adoptionPoints(s.metric, s.value);
      if (pts === undefined) continue;
      const list = byMetric.get(s.metric);
      if (list) list.push(pts);
      else byMetric.set(s.metric, [pts]);
    }
    out.set(r.kind, byMetric);
  }
  for (const byMetric of out.values()) for (const list of byMetric.values()) list.sort((a, b) => a - b);
  return out;
}

/** Index of the first element of sorted `xs` that is ≥ x (or > x when `after`). */
function bound(xs: readonly number[], x: number, after: boolean): number {
  let lo = 0,
    hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x || (after && xs[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mid-rank percentile of `own` among the other peers (0 = below all, 100 = above all), blended
 * with the absolute scale while there are fewer than PEERS_FULL other peers. `peers` is sorted
 * and includes `own`; counting by binary search keeps a large catalog's scoring n·log n.
 */
export function peerScore(
  own: number,
  peers: readonly number[],
): { score: number; percentile: number | null; others: number } {
  const others = peers.length - 1;
  if (others <= 0) return { score: own, percentile: null, others: 0 };
  const below = bound(peers, own, false);
  const equal = bound(peers, own, true) - below - 1;
  const percentile = round1((100 * (below + 0.5 * equal)) / others);
  const w = Math.min(1, others / PEERS_FULL);
  return { score: round1(w * percentile + (1 - w) * own), percentile, others };
}

export function adoption(sig: readonly StoredSignal[], peers: AdoptionPeers | undefined, asOf: Date): RawSubScore {
  const inputs: (ScoreInput & { c: number })[] = [];
  for (const s of sig) {
    const abs = adoptionPoints(s.metric, s.value);
    if (abs === undefined) continue;
    const p = peerScore(abs, peers?.get(s.metric) ?? [abs]);
    const c = signalConfidence(s, asOf);
    const detail =
      p.percentile === null
        ? `absolute ${abs}; no other artifact of this kind has this signal`
        : `absolute ${abs}; percentile ${p.percentile} among ${p.others} other${p.others === 1 ? "" : "s"} of this kind; blend ${Math.min(1, p.others / PEERS_FULL)}; confidence ${c} from age`;
    inputs.push({
      label: ADOPTION_REFERENCES[s.metric]?.label ?? s.metric,
      value: s.value,
      points: p.score,
      source: s.source,
      observedAt: s.observedAt,
      detail,
      c,
    });
  }
  if (inputs.length === 0) return none("no usage signals (downloads, stars, installs) recorded");
  const best = inputs.reduce((x, y) => (y.c * y.points > x.c * x.points ? y : x));
  return {
    raw: Math.round(best.points),
    confidence: best.c,
    inputs: inputs.map(({ c: _c, ...i }) => i),
    note: "the strongest usage signal (by points × confidence): percentile within the kind, log scale while peers are few",
  };
}

/** Activity dates (unix seconds) outside 2000-01-01 .. asOf are not believable and are ignored. */
const EARLIEST_ACTIVITY_S = Date.UTC(2000, 0, 1) / 1000;

type Family = (typeof ECOSYSTEM_FAMILIES)[number];

/**
 * The source whose dates say when the artifact itself last changed (see PRIMARY_SOURCE_BY_KIND):
 * declared, by kind, by the first language tag, or the only registry its signals come from.
 */
export function primarySource(
  a: Pick<Artifact, "kind" | "tags" | "primarySource">,
  sig: readonly StoredSignal[],
): Family | undefined {
  if (a.primarySource) return a.primarySource;
  const byKind = PRIMARY_SOURCE_BY_KIND[a.kind];
  if (byKind) return byKind;
  const tag = a.tags.find((t) => PRIMARY_SOURCE_BY_TAG[t]);
  if (tag) return PRIMARY_SOURCE_BY_TAG[tag];
  const families = new Set(sig.map(family).filter((f): f is Family => f !== undefined));
  return families.size === 1 ? [...families][0] : undefined;
}

/** Signals from the primary source only: a secondary package's releases are not the artifact's activity. */
function fromPrimary(a: Artifact, sig: readonly StoredSignal[]): StoredSignal[] {
  const primary = primarySource(a, sig);
  return primary ? sig.filter((s) => family(s) === primary) : [];
}

function activityDate(primary: readonly StoredSignal[], asOf: Date): StoredSignal | undefined {
  const latest = (asOf.getTime() + FUTURE_SLACK_MS) / 1000;
  const acts = primary.filter(
    (s) =>
      (ACTIVITY_METRICS as readonly string[]).includes(s.metric) && s.value >= EARLIEST_ACTIVITY_S && s.value <= latest,
  );
  return acts.length ? acts.reduce((x, y) => (y.value > x.value ? y : x)) : undefined;
}

const isoDay = (unixSeconds: number) => {
  const d = new Date(unixSeconds * 1000);
  return Number.isNaN(d.getTime()) ? "invalid date" : d.toISOString().slice(0, 10);
};

/** Licence clarity: a named licence earns all points, a vague one a third, none zero. */
export function licencePoints(license: string | undefined): number {
  if (!license?.trim()) return 0;
  return VAGUE_LICENCE.test(license.trim())
    ? round1(QUALITY_POINTS.licence * VAGUE_LICENCE_SHARE)
    : QUALITY_POINTS.licence;
}

/**
 * Quality from checkable facts. Facts the sources do not show (release dates, cadence) are
 * left out of both the points and the maximum, and lower the confidence instead.
 */
export function quality(a: Artifact, sig: readonly StoredSignal[], asOf: Date): RawSubScore {
  // Inferred capabilities are a model's reading of the docs, not evidence about the artifact.
  const caps = a.capabilities.filter((c) => c.evidence !== "inferred");
  if (caps.length === 0 && !a.license) return none("no capabilities and no licence to assess");
  const facts: { input: ScoreInput; max: number }[] = [];
  if (caps.length) {
    const ev = caps.reduce((s, c) => s + EVIDENCE_VALUE[c.evidence], 0) / caps.length;
    const documented = caps.filter((c) => c.evidence !== "declared").length;
    facts.push({
      max: QUALITY_POINTS.evidence,
      input: {
        label: "evidence level of capabilities",
        value: `${documented} of ${caps.length} documented, verified or observed`,
        points: round1(QUALITY_POINTS.evidence * ev),
      },
    });
    facts.push({ max: QUALITY_POINTS.depth, input: depthInput(caps) });
  }
  facts.push({
    max: QUALITY_POINTS.licence,
    input: { label: "licence clarity", value: a.license ?? "none stated", points: licencePoints(a.license) },
  });
  const archived = sig.some((s) => s.metric === "github.archived" && s.value === 1);
  const status = archived ? "archived" : a.status;
  facts.push({
    max: QUALITY_POINTS.status,
    input: {
      label: "status",
      value: archived && a.status !== "archived" ? "archived (GitHub)" : status,
      points:
        status === "active" ? QUALITY_POINTS.status : status === "deprecated" ? round1(QUALITY_POINTS.status / 3) : 0,
    },
  });
  const primary = fromPrimary(a, sig);
  const act = activityDate(primary, asOf);
  if (act)
    facts.push({
      max: QUALITY_POINTS.recency,
      input: {
        label: "latest release or push",
        value: isoDay(act.value),
        points: round1(QUALITY_POINTS.recency * halfLife(ageDays(act.value * 1000, asOf), RELEASE_HALF_LIFE_DAYS)),
        source: act.source,
        observedAt: act.observedAt,
      },
    });
  const cadence = primary.find((s) => s.metric === "releases.last365d");
  if (cadence)
    facts.push({
      max: QUALITY_POINTS.cadence,
      input: {
        label: "releases in the last 365 days",
        value: cadence.value,
        points: round1(QUALITY_POINTS.cadence * Math.min(1, cadence.value / CADENCE_FULL_AT)),
        source: cadence.source,
        observedAt: cadence.observedAt,
      },
    });
  const max = facts.reduce((s, f) => s + f.max, 0);
  const pts = facts.reduce((s, f) => s + f.input.points, 0);
  const missing = [...(act ? [] : ["release dates"]), ...(cadence ? [] : ["release cadence"])];
  return {
    raw: Math.round((100 * pts) / max),
    confidence: round3(max / 100),
    inputs: facts.map((f) => f.input),
    note: `${round1(pts)} of ${max} available points, scaled to 100${missing.length ? `; no ${missing.join(" or ")} from its primary source` : ""}`,
  };
}

/** Depth: the best DEPTH_CAP capabilities by evidence value; more of them, or longer ones, add nothing. */
function depthInput(caps: readonly Artifact["capabilities"][number][]): ScoreInput {
  const best = caps
    .map((c) => EVIDENCE_VALUE[c.evidence])
    .sort((x, y) => y - x)
    .slice(0, DEPTH_CAP);
  const share = best.reduce((s, v) => s + v, 0) / DEPTH_CAP;
  return {
    label: `depth: best ${DEPTH_CAP} capabilities, by evidence`,
    value: caps.length,
    points: round1(QUALITY_POINTS.depth * share),
    detail: `${best.length} counted of ${caps.length} described; each earns its evidence value (declared ${EVIDENCE_VALUE.declared}, documented ${EVIDENCE_VALUE.documented}, verified or observed 1)`,
  };
}

/** The registry a signal shows presence on: its metric prefix, or for releases.* the registry its source names. */
function family(s: StoredSignal): Family | undefined {
  const prefix = s.metric.split(".")[0] ?? s.metric;
  if ((ECOSYSTEM_FAMILIES as readonly string[]).includes(prefix)) return prefix as Family;
  return prefix === "releases" || prefix === "repo"
    ? RELEASE_SOURCE_FAMILY.find((f) => f.source.test(s.source))?.family
    : undefined;
}

export function ecosystem(sig: readonly StoredSignal[], asOf: Date): RawSubScore {
  const inputs: ScoreInput[] = [];
  const found: StoredSignal[] = [];
  const families = new Map<string, StoredSignal>();
  for (const s of sig) {
    const f = family(s);
    const prev = f ? families.get(f) : undefined;
    if (f && (!prev || Date.parse(s.observedAt) > Date.parse(prev.observedAt))) families.set(f, s);
  }
  for (const [fam, s] of families) {
    inputs.push({
      label: `present on ${fam}`,
      value: s.metric,
      points: ECOSYSTEM_POINTS.perSourceFamily,
      source: s.source,
      observedAt: s.observedAt,
    });
    found.push(s);
  }
  const integ = sig.find((s) => s.metric === "integrations.count");
  if (integ) {
    inputs.push({
      label: "declared integrations",
      value: integ.value,
      points: round1(
        ECOSYSTEM_POINTS.integrations *
          Math.min(1, Math.log10(1 + integ.value) / Math.log10(1 + ECOSYSTEM_POINTS.integrationReference)),
      ),
      source: integ.source,
      observedAt: integ.observedAt,
    });
    found.push(integ);
  }
  if (inputs.length === 0) return none("no registry presence or integrations recorded");
  const confidence = Math.max(...found.map((s) => signalConfidence(s, asOf)));
  return {
    raw: Math.round(clamp(inputs.reduce((s, i) => s + i.points, 0))),
    confidence,
    inputs,
    note: "presence across package registries and hubs, plus declared integrations; confidence from the age of the newest signal",
  };
}

/**
 * Match Graph from reported outcomes only: searches and page views never move it. No data
 * (confidence 0) until MATCH_MIN_REPORTERS distinct reporters have reported.
 */
export function matchGraph(outcomes: SuccessStats | undefined): RawSubScore {
  if (!outcomes || outcomes.successes + outcomes.failures === 0) return none("cold start: no outcomes reported");
  if (outcomes.reporters < MATCH_MIN_REPORTERS)
    return none(`cold start: ${describeOutcomes(outcomes)}; scored from ${MATCH_MIN_REPORTERS} distinct reporters`);
  const weighted = outcomes.weightedSuccesses + outcomes.weightedFailures;
  const points = round1(100 * outcomes.mean);
  const inputs: ScoreInput[] = [
    {
      label: "reported outcomes (Beta posterior mean)",
      value: describeOutcomes(outcomes),
      points,
      source: "capgraph outcome reports",
      detail: `mean ${outcomes.mean} from ${round3(weighted)} weighted outcomes (capped per reporter, decaying)`,
    },
  ];
  return {
    raw: Math.round(points),
    confidence: round3(Math.min(1, weighted / MATCH_CONFIDENCE_AT)),
    inputs,
    note: `the success posterior of reported outcomes; fully trusted from ${MATCH_CONFIDENCE_AT} weighted outcomes`,
  };
}

/** Freshness from the newest release, push or update date of the primary source; a read date is never activity. */
export function freshness(a: Artifact, sig: readonly StoredSignal[], asOf: Date): RawSubScore {
  const primary = primarySource(a, sig);
  const act = activityDate(fromPrimary(a, sig), asOf);
  if (!act)
    return none(
      primary
        ? `no release, push or update date from its primary source (${primary})`
        : "no primary source with release, push or update dates",
    );
  const days = ageDays(act.value * 1000, asOf);
  const pts = round1(100 * halfLife(days, FRESHNESS_HALF_LIFE_DAYS));
  return {
    raw: Math.round(pts),
    confidence: 1,
    inputs: [
      {
        label: "days since the latest release or push",
        value: Math.round(days),
        points: pts,
        source: act.source,
        observedAt: isoDay(act.value),
      },
    ],
    note: `halves every ${FRESHNESS_HALF_LIFE_DAYS} days; primary source ${primary}`,
  };
}
