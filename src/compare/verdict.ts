import type { ArtifactSummary } from "../catalog/view.js";
import { LEAD_MARGIN, SUB_SCORE_LABELS, SUB_SCORES, TIE_MARGIN, type SubScoreName } from "../rank/methodology.js";
import { capRankTie, type ScoreCard } from "../rank/scores.js";
import type { Alignment } from "./align.js";

export { TIE_MARGIN };

export type ClaimKind = "rank" | "tie" | "lead" | "level" | "no-data" | "pricing" | "coverage" | "change";

/** One sentence of the verdict and the numbers behind it. */
export interface Claim {
  kind: ClaimKind;
  text: string;
  data: Record<string, string | number | boolean | null | string[]>;
}

export interface Verdict { text: string; claims: Claim[]; margins: { lead: number; tie: number } }

interface Side { s: ArtifactSummary; card: ScoreCard }

/**
 * Builds the verdict only from computed numbers: ranking, leads beyond LEAD_MARGIN,
 * pricing facts, coverage, and what change in one sub-score would flip the order.
 */
export function buildVerdict(sides: readonly Side[], alignment: Alignment): Verdict {
  const ranked = [...sides].sort((x, y) => y.s.capRank - x.s.capRank || x.s.name.localeCompare(y.s.name));
  const [a, b] = ranked;
  if (!a || !b) return { text: "", claims: [], margins: { lead: LEAD_MARGIN, tie: TIE_MARGIN } };
  const claims: Claim[] = [rankClaim(a, b), ...leadClaims(a, b), ...pricingClaims(a, b), coverageClaim(ranked, alignment), ...changeClaims(a, b)];
  return { text: claims.map((c) => c.text).join(" "), claims, margins: { lead: LEAD_MARGIN, tie: TIE_MARGIN } };
}

function rankClaim(a: Side, b: Side): Claim {
  const diff = a.s.capRank - b.s.capRank;
  const tie = capRankTie(a.card, b.card);
  const overlap = a.s.capRankInterval[0] <= b.s.capRankInterval[1];
  const data = { leader: a.s.slug, other: b.s.slug, leaderCapRank: a.s.capRank, otherCapRank: b.s.capRank, difference: diff, uncertainty: tie.uncertainty, intervalsOverlap: overlap };
  if (diff <= TIE_MARGIN) return { kind: "tie", data, text: `${a.s.name} and ${b.s.name} are tied on CapRank (${a.s.capRank}/100 vs ${b.s.capRank}/100, within ${TIE_MARGIN} points).` };
  if (tie.tied) return { kind: "tie", data, text: `${a.s.name} and ${b.s.name} are tied on CapRank: ${a.s.capRank}/100 (range ${fmtRange(a.s)}) vs ${b.s.capRank}/100 (range ${fmtRange(b.s)}); the ${diff}-point difference is within the uncertainty of ±${tie.uncertainty}, so neither is ranked above the other until more data arrives.` };
  const range = overlap ? ` Their uncertainty ranges overlap (${fmtRange(a.s)} vs ${fmtRange(b.s)}), so the order may change as data arrives.` : "";
  return { kind: "rank", data, text: `${a.s.name} scores higher at ${a.s.capRank}/100 vs ${b.s.name} at ${b.s.capRank}/100, ${diff} point${diff === 1 ? "" : "s"} ahead (beyond the uncertainty of ±${tie.uncertainty}).${range}` };
}

const fmtRange = (s: ArtifactSummary) => `${s.capRankInterval[0]}–${s.capRankInterval[1]}`;

function leadClaims(a: Side, b: Side): Claim[] {
  const leads: Record<string, { dim: SubScoreName; x: number; y: number }[]> = { [a.s.slug]: [], [b.s.slug]: [] };
  const onlyData: { dim: SubScoreName; has: Side }[] = [];
  const level: SubScoreName[] = [];
  for (const dim of SUB_SCORES) {
    const x = a.s.scores[dim], y = b.s.scores[dim];
    if (x === null && y === null) continue;
    if (x === null || y === null) { onlyData.push({ dim, has: x === null ? b : a }); continue; }
    if (Math.abs(x - y) < LEAD_MARGIN) level.push(dim);
    else (x > y ? leads[a.s.slug] : leads[b.s.slug])?.push({ dim, x: Math.max(x, y), y: Math.min(x, y) });
  }
  const claims: Claim[] = [];
  for (const side of [a, b]) {
    const l = leads[side.s.slug] ?? [];
    if (l.length === 0) continue;
    const parts = l.map((d) => `${SUB_SCORE_LABELS[d.dim].toLowerCase()} (${d.x} vs ${d.y})`);
    claims.push({ kind: "lead", data: { artifact: side.s.slug, dimensions: l.map((d) => d.dim), margin: LEAD_MARGIN }, text: `${side.s.name} leads on ${joinWords(parts)}, by at least ${LEAD_MARGIN} points.` });
  }
  if (level.length) claims.push({ kind: "level", data: { dimensions: level, margin: LEAD_MARGIN }, text: `They are level (within ${LEAD_MARGIN} points) on ${joinWords(level.map((d) => SUB_SCORE_LABELS[d].toLowerCase()))}.` });
  for (const o of onlyData) {
    const other = o.has === a ? b : a;
    claims.push({ kind: "no-data", data: { artifact: o.has.s.slug, missing: other.s.slug, dimension: o.dim }, text: `Only ${o.has.s.name} has ${SUB_SCORE_LABELS[o.dim].toLowerCase()} data (${o.has.s.scores[o.dim]}); ${other.s.name} shows no data there.` });
  }
  return claims;
}

function pricingClaims(a: Side, b: Side): Claim[] {
  const out: Claim[] = [];
  if (a.s.pricing.freeTier !== b.s.pricing.freeTier) {
    const free = a.s.pricing.freeTier ? a : b, paid = free === a ? b : a;
    out.push({ kind: "pricing", data: { freeTier: free.s.slug, noFreeTier: paid.s.slug }, text: `${free.s.name} has a free tier (${free.s.pricing.model}); ${paid.s.name} does not (${paid.s.pricing.model}).` });
  } else {
    out.push({ kind: "pricing", data: { freeTier: a.s.pricing.freeTier }, text: a.s.pricing.freeTier ? "Both have a free tier." : "Neither has a free tier." });
  }
  const priced = [a, b].filter((x) => x.s.pricing.startingPrice);
  if (priced.length) {
    const parts = [a, b].map((x) => `${x.s.name} ${x.s.pricing.startingPrice ? `starts at ${x.s.pricing.startingPrice.text}` : "lists no price"}`);
    out.push({ kind: "pricing", data: { startingPrices: priced.map((x) => `${x.s.slug}: ${x.s.pricing.startingPrice?.text}`) }, text: `${parts.join("; ")}.` });
  }
  return out;
}

function coverageClaim(sides: readonly Side[], al: Alignment): Claim {
  const counts = sides.map((x) => `${x.s.name} ${x.s.capabilityCount}`);
  const labels = al.shared.slice(0, 3).map((g) => g.label.toLowerCase());
  const shared = al.shared.length === 0 ? "they share no capability area" : `they share ${al.shared.length} capability area${al.shared.length === 1 ? "" : "s"} (${joinWords(labels)}${al.shared.length > 3 ? ", …" : ""})`;
  return { kind: "coverage", data: { capabilityCounts: sides.map((x) => `${x.s.slug}: ${x.s.capabilityCount}`), sharedAreas: al.shared.length }, text: `Capabilities described: ${counts.join(", ")}; ${shared}.` };
}

/** What would flip the order: the smallest single sub-score rise for the trailing artifact, and imputed data. */
function changeClaims(a: Side, b: Side): Claim[] {
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
      ? { kind: "change", data: { artifact: b.s.slug, dimension: best.dim, from: best.from, to: best.to, uncertainty }, text: `What would change this verdict: ${b.s.name} would rank ahead (beyond the ±${uncertainty} uncertainty) if its ${SUB_SCORE_LABELS[best.dim].toLowerCase()} rose from ${best.from} to ${best.to}${b.s.scores[best.dim] === null ? " (now estimated from its kind, no data)" : ""}.` }
      : { kind: "change", data: { artifact: b.s.slug, dimension: null }, text: `What would change this verdict: no rise in a single sub-score would put ${b.s.name} ahead; it would need gains on several.` });
  }
  for (const side of [a, b]) {
    const missing = SUB_SCORES.filter((d) => side.s.scores[d] === null);
    if (missing.length === 0) continue;
    const swing = Math.round(missing.reduce((s, d) => { const p = side.card.imputed[d] ?? 50; return s + side.card.weights[d] * Math.max(p, 100 - p); }, 0));
    out.push({ kind: "change", data: { artifact: side.s.slug, missing, maxSwing: swing }, text: `Real data for ${side.s.name}'s ${joinWords(missing.map((d) => SUB_SCORE_LABELS[d].toLowerCase()))} could move its CapRank by up to ${swing} points.` });
  }
  return out;
}

function joinWords(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}
