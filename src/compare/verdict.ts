import type { Capability } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import type { ArtifactSummary } from "../rank/view.js";
import { comparablePrices, formatMoney, type NormalizedPrice } from "../catalog/price.js";
import { LEAD_MARGIN, SUB_SCORE_LABELS, SUB_SCORES, TIE_MARGIN, type SubScoreName } from "../rank/methodology.js";
import { capRankTie, type ScoreCard } from "../rank/scores.js";
import type { Alignment } from "./align.js";
import { areaOverlap, areSubstitutes, EVIDENCE_LEAD, nodeAtDepth, PRICE_LEAD, profileOf, SUBSTITUTE_MIN_OVERLAP, SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS, type Profile } from "./profile.js";

export { TIE_MARGIN };

export type ClaimKind = "substitutes" | "purpose" | "choose" | "rank" | "tie" | "lead" | "level" | "no-data" | "pricing" | "coverage" | "change";

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** One sentence of the verdict and the numbers behind it. Surfaces render `text` or build their own from `data`; none parses `text`. */
export interface Claim {
  kind: ClaimKind;
  text: string;
  data: Record<string, Json>;
}

/** One reason to choose an artifact, with the numbers behind it. */
export interface Reason {
  kind: "capabilities" | "price" | "free-tier" | "licence" | "deployment" | "evidence" | "caprank";
  /** A phrase that completes "Choose X if …". */
  text: string;
  data: Record<string, Json>;
}

export interface Verdict {
  /** Every claim's text in order; the "what would change" claims after their heading. */
  text: string;
  claims: Claim[];
  /** Per artifact: deployment, licence class, evidence strength and what it is for. */
  profiles: Profile[];
  margins: { lead: number; tie: number; substitute: number; substituteAcrossKinds: number };
}

export interface Side { s: ArtifactSummary; card: ScoreCard; capabilities: readonly Capability[] }

interface Placed extends Side { p: Profile }

/**
 * Builds the verdict only from computed numbers, placing every artifact of a 2–6-way
 * comparison: whether they are substitutes (and if not, what each is for), "choose X if …"
 * from the differences, the CapRank order with ties, leads, pricing, coverage, and what
 * would change the order.
 */
export function buildVerdict(sides: readonly Side[], alignment: Alignment, taxonomy: Taxonomy): Verdict {
  const margins = { lead: LEAD_MARGIN, tie: TIE_MARGIN, substitute: SUBSTITUTE_MIN_OVERLAP, substituteAcrossKinds: SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS };
  const placed: Placed[] = sides.map((x) => ({ ...x, p: profileOf(x.s, x.capabilities, taxonomy) }));
  const ranked = [...placed].sort((x, y) => y.s.capRank - x.s.capRank || x.s.name.localeCompare(y.s.name));
  const [a, b] = ranked;
  if (!a || !b) return { text: "", claims: [], profiles: placed.map((x) => x.p), margins };
  const subs = substituteClaims(placed);
  const claims: Claim[] = [
    ...subs, ...placed.map((x) => chooseClaim(x, placed, ranked)),
    ...(ranked.length === 2 ? [rankClaim(a, b)] : [rankingClaim(ranked)]),
    ...leadClaims(ranked), ...pricingClaims(placed), coverageClaim(placed, alignment), ...changeClaims(a, b, placed),
  ];
  return { text: verdictText(claims), claims, profiles: placed.map((x) => x.p), margins };
}

/** The claims as one paragraph; the "what would change" claims follow their heading. */
function verdictText(claims: readonly Claim[]): string {
  const main = claims.filter((c) => c.kind !== "change").map((c) => c.text);
  const change = claims.filter((c) => c.kind === "change").map((c) => c.text);
  return [...main, ...(change.length ? [`What would change this verdict: ${change.join(" ")}`] : [])].join(" ");
}

const DEPLOYMENT_WORDS = { hosted: "hosted", "self-hosted": "self-hosted", unknown: "" } as const;

/** "a hosted model", "a self-hosted repository" */
function whatItIs(x: Placed): string {
  const kind = x.s.kind.replace(/-/g, " ");
  const dep = DEPLOYMENT_WORDS[x.p.deployment];
  const phrase = dep ? `${dep} ${kind}` : kind;
  return `${/^[aeiou]/.test(phrase) ? "an" : "a"} ${phrase}`;
}

/**
 * First: are these substitutes at all? Pairs whose capabilities spread over the taxonomy's
 * areas too differently are not; then each artifact's purpose is named from its nodes.
 */
function substituteClaims(xs: readonly Placed[]): Claim[] {
  const pairs: { a: string; b: string; overlap: number; sameKind: boolean; substitutes: boolean }[] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) {
    const x = xs[i] as Placed, y = xs[j] as Placed;
    const sameKind = x.s.kind === y.s.kind;
    pairs.push({ a: x.s.slug, b: y.s.slug, overlap: areaOverlap(x.p, y.p), sameKind, substitutes: areSubstitutes(x.p, y.p, sameKind) });
  }
  const groups = substituteGroups(xs, pairs);
  const data = { substitutes: groups.length === 1, groups: groups.map((g) => g.map((x) => x.s.slug)), pairs };
  if (groups.length === 1) {
    const least = pairs.reduce((m, p) => (p.overlap < m.overlap ? p : m));
    const text = xs.length === 2
      ? `They do the same kind of job: ${pct(least.overlap)} of their capabilities fall in the same taxonomy areas, so one can stand in for the other.`
      : `All ${xs.length} do the same kind of job: for every pair, at least ${pct(least.overlap)} of their capabilities fall in the same taxonomy areas.`;
    return [{ kind: "substitutes", data, text }];
  }
  const first: Claim = xs.length === 2
    ? { kind: "substitutes", data, text: `${nameOf(xs, pairs[0]?.a)} and ${nameOf(xs, pairs[0]?.b)} are not substitutes: only ${pct(pairs[0]?.overlap ?? 0)} of their capabilities fall in the same taxonomy areas${pairs[0]?.sameKind ? "" : `, and one is ${whatItIs(xs[0] as Placed)}, the other ${whatItIs(xs[1] as Placed)}`}. Pick by the job, not by the score.` }
    : { kind: "substitutes", data, text: `These are not all substitutes; they fall into ${groups.length} groups that do different jobs: ${groups.map((g) => joinWords(g.map((x) => x.s.name))).join("; ")}. Compare scores within a group, pick a group by the job.` };
  return [first, ...xs.map((x) => purposeClaim(x))];
}

/** Connected groups of the "substitutes" relation, in the comparison's order. */
function substituteGroups(xs: readonly Placed[], pairs: readonly { a: string; b: string; substitutes: boolean }[]): Placed[][] {
  const index = new Map(xs.map((x, i) => [x.s.slug, i]));
  const parent = xs.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : root(parent[i] ?? i));
  for (const p of pairs) if (p.substitutes) {
    const ra = root(index.get(p.a) ?? 0), rb = root(index.get(p.b) ?? 0);
    parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const out = new Map<number, Placed[]>();
  xs.forEach((x, i) => { const r = root(i); out.set(r, [...(out.get(r) ?? []), x]); });
  return [...out.values()];
}

function purposeClaim(x: Placed): Claim {
  const labels = x.p.purpose.map((n) => n.label.toLowerCase());
  return {
    kind: "purpose", data: { artifact: x.s.slug, deployment: x.p.deployment, kind: x.s.kind, nodes: x.p.purpose.map((n) => n.uri), counts: x.p.purpose.map((n) => n.count) },
    text: `${x.s.name} is ${whatItIs(x)} for ${labels.length ? joinWords(labels) : "no stated capability"}${x.p.purpose.length ? ` (${x.p.purpose.map((n) => n.count).reduce((s, n) => s + n, 0)} of its ${x.s.capabilityCount} capabilities)` : ""}.`,
  };
}

/** "Choose X if …": every reason computed from a difference to the others; an artifact with none is told so. */
function chooseClaim(x: Placed, all: readonly Placed[], ranked: readonly Placed[]): Claim {
  const others = all.filter((y) => y !== x);
  const reasons = [capabilityReason(x, all), priceReason(x, others), freeTierReason(x, others), licenceReason(x, others), deploymentReason(x, others), evidenceReason(x, others), capRankReason(x, ranked)]
    .filter((r): r is Reason => r !== null);
  const data = { artifact: x.s.slug, reasons: reasons.map((r) => ({ kind: r.kind, text: r.text, data: r.data })) };
  if (reasons.length === 0) {
    return { kind: "choose", data, text: `Nothing computed here favours ${x.s.name}: it has no capability area the ${others.length === 1 ? "other lacks" : "others lack"}, and is not cheaper, freer, more open, better evidenced or ranked clearly higher.` };
  }
  return { kind: "choose", data, text: `Choose ${x.s.name} if ${joinClauses(reasons.map((r) => r.text))}.` };
}

/** Taxonomy nodes among the capabilities only this artifact has (alignment "only" works pairwise; here: no other artifact on the same second-level node). */
function capabilityReason(x: Placed, all: readonly Placed[]): Reason | null {
  const othersNodes = new Set(all.filter((y) => y !== x).flatMap((y) => y.capabilities.map((c) => secondLevel(c.uri))));
  const mine = new Map<string, string[]>();
  for (const c of x.capabilities) {
    const n = secondLevel(c.uri);
    if (othersNodes.has(n)) continue;
    mine.set(n, [...(mine.get(n) ?? []), c.id]);
  }
  if (mine.size === 0) return null;
  const top = [...mine].sort((p, q) => q[1].length - p[1].length).slice(0, 3);
  const labels = top.map(([uri]) => x.p.nodes.find((n) => n.uri === uri)?.label ?? uri);
  const more = mine.size > 3 ? ` (and ${mine.size - 3} more area${mine.size - 3 === 1 ? "" : "s"})` : "";
  return { kind: "capabilities", data: { nodes: [...mine.keys()], capabilities: [...mine.values()].flat() }, text: `you need ${joinWords(labels.map((l) => l.toLowerCase()), "or")}${more}, which ${all.length === 2 ? "the other does not cover" : "none of the others covers"}` };
}

/** Per common unit both list (input tokens, output tokens, seats…): cheapest of all by PRICE_LEAD, with the next cheapest named. */
function priceReason(x: Placed, others: readonly Placed[]): Reason | null {
  const wins: { unit: string; mine: string; theirs: string; other: string; amount: number; otherAmount: number }[] = [];
  const units = new Map<string, { mine: NormalizedPrice; next?: { p: NormalizedPrice; who: Placed } }>();
  for (const y of others) for (const c of comparablePrices(x.s.pricing.prices, y.s.pricing.prices)) {
    const u = units.get(c.unit) ?? { mine: c.a };
    if (!u.next || c.b.amount < u.next.p.amount) u.next = { p: c.b, who: y };
    units.set(c.unit, u);
  }
  for (const [unit, u] of units) {
    if (!u.next || u.mine.amount > u.next.p.amount * (1 - PRICE_LEAD)) continue;
    wins.push({ unit, mine: formatMoney(u.mine.amount, "USD"), theirs: formatMoney(u.next.p.amount, "USD"), other: u.next.who.s.name, amount: u.mine.amount, otherAmount: u.next.p.amount });
  }
  if (wins.length === 0) return null;
  const parts = wins.map((w) => `${w.mine} vs ${w.theirs} / ${w.unit} for ${w.other}`);
  return { kind: "price", data: { prices: wins.map((w) => ({ unit: w.unit, amount: w.amount, otherAmount: w.otherAmount, other: w.other })) }, text: `you want the lowest price (${parts.join("; ")})` };
}

function freeTierReason(x: Placed, others: readonly Placed[]): Reason | null {
  const without = others.filter((y) => !y.s.pricing.freeTier);
  if (!x.s.pricing.freeTier || without.length === 0) return null;
  return { kind: "free-tier", data: { without: without.map((y) => y.s.slug) }, text: `you want a free tier (${joinWords(without.map((y) => y.s.name))} ${without.length === 1 ? "has" : "have"} none)` };
}

const LICENCE_ORDER = { "open-source": 3, "open-weights": 2, proprietary: 1, unstated: 0 } as const;

function licenceReason(x: Placed, others: readonly Placed[]): Reason | null {
  const mine = LICENCE_ORDER[x.p.licenceClass];
  if (mine < 2 || others.some((y) => LICENCE_ORDER[y.p.licenceClass] >= mine)) return null;
  const what = x.p.licenceClass === "open-source" ? "an open-source licence" : "weights you can download";
  return { kind: "licence", data: { licence: x.s.license, licenceClass: x.p.licenceClass, others: others.map((y) => y.s.license ?? null) }, text: `you need ${what} (${x.s.license})` };
}

function deploymentReason(x: Placed, others: readonly Placed[]): Reason | null {
  if (x.p.deployment === "unknown" || !others.every((y) => y.p.deployment !== x.p.deployment && y.p.deployment !== "unknown")) return null;
  const text = x.p.deployment === "hosted" ? "you want a hosted service with nothing to install or run" : "you want to run it on your own hardware, with your data staying there";
  return { kind: "deployment", data: { deployment: x.p.deployment, others: others.map((y) => y.p.deployment) }, text };
}

function evidenceReason(x: Placed, others: readonly Placed[]): Reason | null {
  const mine = x.p.evidenceStrength;
  const best = Math.max(...others.map((y) => y.p.evidenceStrength ?? 0));
  if (mine === null || mine - best < EVIDENCE_LEAD) return null;
  return { kind: "evidence", data: { strength: mine, othersBest: best, backed: x.p.evidenceBacked, capabilities: x.s.capabilityCount }, text: `you want claims backed by sources (${x.p.evidenceBacked} of ${x.s.capabilityCount} capabilities documented or better; evidence strength ${mine} vs ${best})` };
}

function capRankReason(x: Placed, ranked: readonly Placed[]): Reason | null {
  const [first, second] = ranked;
  if (first !== x || !second) return null;
  const tie = capRankTie(x.card, second.card);
  if (tie.tied || tie.difference <= TIE_MARGIN) return null;
  return { kind: "caprank", data: { capRank: x.s.capRank, next: second.s.slug, nextCapRank: second.s.capRank, uncertainty: tie.uncertainty }, text: `you go by the evidence-weighted score (CapRank ${x.s.capRank} vs ${second.s.capRank}, beyond the ±${tie.uncertainty} uncertainty)` };
}

function rankClaim(a: Placed, b: Placed): Claim {
  const diff = a.s.capRank - b.s.capRank;
  const tie = capRankTie(a.card, b.card);
  const overlap = a.s.capRankInterval[0] <= b.s.capRankInterval[1];
  const data = { leader: a.s.slug, other: b.s.slug, leaderCapRank: a.s.capRank, otherCapRank: b.s.capRank, difference: diff, uncertainty: tie.uncertainty, intervalsOverlap: overlap };
  if (diff <= TIE_MARGIN) return { kind: "tie", data, text: `${a.s.name} and ${b.s.name} are tied on CapRank (${a.s.capRank}/100 vs ${b.s.capRank}/100, within ${TIE_MARGIN} points).` };
  if (tie.tied) return { kind: "tie", data, text: `${a.s.name} and ${b.s.name} are tied on CapRank: ${a.s.capRank}/100 (range ${fmtRange(a.s)}) vs ${b.s.capRank}/100 (range ${fmtRange(b.s)}); the ${diff}-point difference is within the uncertainty of ±${tie.uncertainty}, so neither is ranked above the other until more data arrives.` };
  const range = overlap ? ` Their uncertainty ranges overlap (${fmtRange(a.s)} vs ${fmtRange(b.s)}), so the order may change as data arrives.` : "";
  return { kind: "rank", data, text: `${a.s.name} scores higher at ${a.s.capRank}/100 vs ${b.s.name} at ${b.s.capRank}/100, ${diff} point${diff === 1 ? "" : "s"} ahead (beyond the uncertainty of ±${tie.uncertainty}).${range}` };
}

/**
 * Three or more: places by CapRank, each artifact sharing the place of the group it is tied
 * with (the difference to the group's first is within their combined uncertainty).
 */
function rankingClaim(ranked: readonly Placed[]): Claim {
  const places: number[] = [];
  let head = 0;
  ranked.forEach((x, i) => {
    const h = ranked[head] as Placed;
    if (i > 0 && !capRankTie(h.card, x.card).tied) head = i;
    places.push(head + 1);
  });
  const shared = (p: number) => places.filter((q) => q === p).length > 1;
  const data = { order: ranked.map((x) => x.s.slug), places, capRanks: ranked.map((x) => x.s.capRank), intervals: ranked.map((x) => [...x.s.capRankInterval]) };
  const list = ranked.map((x, i) => `${shared(places[i] ?? 0) ? "=" : ""}${places[i]}. ${x.s.name} ${x.s.capRank}/100 (${fmtRange(x.s)})`).join("; ");
  if (places.every((p) => p === 1)) return { kind: "tie", data, text: `All ${ranked.length} are tied on CapRank within their uncertainty: ${list}. None is ranked above another until more data arrives.` };
  return { kind: "rank", data, text: `CapRank places: ${list}. Places marked "=" are tied: their difference is within the combined uncertainty.` };
}

const fmtRange = (s: ArtifactSummary) => `${s.capRankInterval[0]}–${s.capRankInterval[1]}`;

/** Leads beyond LEAD_MARGIN (best vs next best), dimensions where all are level, and missing data. */
function leadClaims(ranked: readonly Placed[]): Claim[] {
  const two = ranked.length === 2;
  const leads = new Map<Placed, { dim: SubScoreName; x: number; y: number }[]>();
  const level: SubScoreName[] = [];
  const claims: Claim[] = [];
  const missing: Claim[] = [];
  for (const dim of SUB_SCORES) {
    const have = ranked.filter((x) => x.s.scores[dim] !== null).sort((p, q) => (q.s.scores[dim] ?? 0) - (p.s.scores[dim] ?? 0));
    const lack = ranked.filter((x) => x.s.scores[dim] === null);
    if (have.length && lack.length) missing.push(noDataClaim(dim, have, lack));
    const [best, next] = have;
    if (!best || !next) continue;
    const x = best.s.scores[dim] ?? 0, y = next.s.scores[dim] ?? 0, low = have[have.length - 1]?.s.scores[dim] ?? 0;
    if (x - y >= LEAD_MARGIN) leads.set(best, [...(leads.get(best) ?? []), { dim, x, y }]);
    else if (x - low < LEAD_MARGIN) level.push(dim);
  }
  for (const [side, l] of leads) {
    const parts = l.map((d) => `${SUB_SCORE_LABELS[d.dim].toLowerCase()} (${d.x} vs ${two ? "" : "next best "}${d.y})`);
    claims.push({ kind: "lead", data: { artifact: side.s.slug, dimensions: l.map((d) => d.dim), margin: LEAD_MARGIN }, text: `${side.s.name} leads on ${joinWords(parts)}, by at least ${LEAD_MARGIN} points.` });
  }
  if (level.length) claims.push({ kind: "level", data: { dimensions: level, margin: LEAD_MARGIN }, text: `${two ? "They are" : "All are"} level (within ${LEAD_MARGIN} points) on ${joinWords(level.map((d) => SUB_SCORE_LABELS[d].toLowerCase()))}.` });
  return [...claims, ...missing];
}

function noDataClaim(dim: SubScoreName, have: readonly Placed[], lack: readonly Placed[]): Claim {
  const label = SUB_SCORE_LABELS[dim].toLowerCase();
  const values = have.map((x) => (have.length === 1 ? `${x.s.scores[dim]}` : `${x.s.name} ${x.s.scores[dim]}`)).join(", ");
  return {
    kind: "no-data", data: { artifacts: have.map((x) => x.s.slug), missing: lack.map((x) => x.s.slug), dimension: dim },
    text: `Only ${joinWords(have.map((x) => x.s.name))} ${have.length === 1 ? "has" : "have"} ${label} data (${values}); ${joinWords(lack.map((x) => x.s.name))} ${lack.length === 1 ? "shows" : "show"} no data there.`,
  };
}

function pricingClaims(xs: readonly Placed[]): Claim[] {
  const free = xs.filter((x) => x.s.pricing.freeTier), paid = xs.filter((x) => !x.s.pricing.freeTier);
  const out: Claim[] = [];
  const data = { freeTier: free.map((x) => x.s.slug), noFreeTier: paid.map((x) => x.s.slug) };
  if (free.length && paid.length) {
    const side = (g: Placed[]) => g.map((x) => `${x.s.name} (${x.s.pricing.model})`);
    out.push({ kind: "pricing", data, text: `${joinWords(side(free))} ${free.length === 1 ? "has" : "have"} a free tier; ${joinWords(side(paid))} ${paid.length === 1 ? "does" : "do"} not.` });
  } else {
    const both = xs.length === 2 ? "Both have" : `All ${xs.length} have`;
    out.push({ kind: "pricing", data, text: free.length ? `${both} a free tier.` : `${xs.length === 2 ? "Neither has" : "None has"} a free tier.` });
  }
  if (xs.some((x) => x.s.pricing.headline)) {
    out.push({
      kind: "pricing", data: { prices: xs.map((x) => ({ artifact: x.s.slug, headline: x.s.pricing.headline })) },
      text: `Prices: ${xs.map((x) => `${x.s.name} ${x.s.pricing.headline ?? "lists no price"}`).join("; ")}.`,
    });
  }
  return out;
}

function coverageClaim(sides: readonly Placed[], al: Alignment): Claim {
  const counts = sides.map((x) => `${x.s.name} ${x.s.capabilityCount}`);
  const labels = al.shared.slice(0, 3).map((g) => g.label.toLowerCase());
  const shared = al.shared.length === 0 ? "they share no capability area" : `they share ${al.shared.length} capability area${al.shared.length === 1 ? "" : "s"} (${joinWords(labels)}${al.shared.length > 3 ? ", …" : ""})`;
  return { kind: "coverage", data: { capabilityCounts: sides.map((x) => `${x.s.slug}: ${x.s.capabilityCount}`), sharedAreas: al.shared.length }, text: `Capabilities described: ${counts.join(", ")}; ${shared}.` };
}

/** What would flip the order of the top two: the smallest single sub-score rise for the second; and, for everyone, imputed data. */
function changeClaims(a: Placed, b: Placed, all: readonly Placed[]): Claim[] {
  const gap = a.s.capRank - b.s.capRank;
  const { uncertainty } = capRankTie(a.card, b.card);
  const out: Claim[] = [];
  if (gap > TIE_MARGIN) {
    let best: { dim: SubScoreName; from: number; to: number } | undefined;
    for (const dim of SUB_SCORES) {
      const w = b.card.weights[dim];
      const from = b.s.scores[dim] ?? b.card.imputed[dim] ?? 0;
      // Ahead by more than the uncertainty, so the verdict would rank it first rather than call a tie.
      const to = Math.ceil(from + (gap + uncertainty + 1) / w);
      if (to <= 100 && (!best || to - from < best.to - best.from)) best = { dim, from, to };
    }
    out.push(best
      ? { kind: "change", data: { artifact: b.s.slug, dimension: best.dim, from: best.from, to: best.to, uncertainty }, text: `${b.s.name} would rank ahead of ${a.s.name} (beyond the ±${uncertainty} uncertainty) if its ${SUB_SCORE_LABELS[best.dim].toLowerCase()} rose from ${best.from} to ${best.to}${b.s.scores[best.dim] === null ? " (now estimated from its kind, no data)" : ""}.` }
      : { kind: "change", data: { artifact: b.s.slug, dimension: null }, text: `No rise in a single sub-score would put ${b.s.name} ahead of ${a.s.name}; it would need gains on several.` });
  }
  for (const side of all) {
    const missing = SUB_SCORES.filter((d) => side.s.scores[d] === null);
    if (missing.length === 0) continue;
    const swing = Math.round(missing.reduce((s, d) => { const p = side.card.imputed[d] ?? 50; return s + side.card.weights[d] * Math.max(p, 100 - p); }, 0));
    out.push({ kind: "change", data: { artifact: side.s.slug, missing, maxSwing: swing }, text: `Real data for ${side.s.name}'s ${joinWords(missing.map((d) => SUB_SCORE_LABELS[d].toLowerCase()))} could move its CapRank by up to ${swing} points.` });
  }
  return out;
}

const secondLevel = (uri: string) => nodeAtDepth(uri, 2);

const nameOf = (xs: readonly Placed[], slug: string | undefined) => xs.find((x) => x.s.slug === slug)?.s.name ?? slug ?? "";
const pct = (x: number) => `${Math.round(x * 100)}%`;

export function joinWords(xs: readonly string[], last = "and"): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} ${last} ${xs[xs.length - 1]}`;
}

/** Clauses that may contain commas: "a; b; or c". */
function joinClauses(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join("; ")}; or ${xs[xs.length - 1]}`;
}
