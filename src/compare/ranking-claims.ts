import { LEAD_MARGIN, SUB_SCORE_LABELS, SUB_SCORES, TIE_MARGIN, type SubScoreName } from "../rank/methodology.js";
import { capRankTie } from "../rank/scores.js";
import type { ArtifactSummary } from "../rank/view.js";
import { joinWords, type Claim, type Placed } from "./claim.js";

/** Claims about the order: CapRank places and ties, leads by sub-score, missing data, and what would change the order. */

export function rankClaim(a: Placed, b: Placed): Claim {
  const diff = a.s.capRank - b.s.capRank;
  const tie = capRankTie(a.card, b.card);
  const overlap = a.s.capRankInterval[0] <= b.s.capRankInterval[1];
  const data = {
    leader: a.s.slug,
    other: b.s.slug,
    leaderCapRank: a.s.capRank,
    otherCapRank: b.s.capRank,
    difference: diff,
    uncertainty: tie.uncertainty,
    intervalsOverlap: overlap,
  };
  if (diff <= TIE_MARGIN)
    return {
      kind: "tie",
      data,
      text: `${a.s.name} and ${b.s.name} are tied on CapRank (${a.s.capRank}/100 vs ${b.s.capRank}/100, within ${TIE_MARGIN} points).`,
    };
  if (tie.tied)
    return {
      kind: "tie",
      data,
      text: `${a.s.name} and ${b.s.name} are tied on CapRank: ${a.s.capRank}/100 (range ${fmtRange(a.s)}) vs ${b.s.capRank}/100 (range ${fmtRange(b.s)}); the ${diff}-point difference is within the uncertainty of ±${tie.uncertainty}, so neither is ranked above the other until more data arrives.`,
    };
  const range = overlap
    ? ` Their uncertainty ranges overlap (${fmtRange(a.s)} vs ${fmtRange(b.s)}), so the order may change as data arrives.`
    : "";
  return {
    kind: "rank",
    data,
    text: `${a.s.name} scores higher at ${a.s.capRank}/100 vs ${b.s.name} at ${b.s.capRank}/100, ${diff} point${diff === 1 ? "" : "s"} ahead (beyond the uncertainty of ±${tie.uncertainty}).${range}`,
  };
}

/**
 * Three or more: places by CapRank, each artifact sharing the place of the group it is tied
 * with (the difference to the group's first is within their combined uncertainty).
 */
export function rankingClaim(ranked: readonly Placed[]): Claim {
  const places: number[] = [];
  let head = 0;
  ranked.forEach((x, i) => {
    const h = ranked[head] as Placed;
    if (i > 0 && !capRankTie(h.card, x.card).tied) head = i;
    places.push(head + 1);
  });
  const shared = (p: number) => places.filter((q) => q === p).length > 1;
  const data = {
    order: ranked.map((x) => x.s.slug),
    places,
    capRanks: ranked.map((x) => x.s.capRank),
    intervals: ranked.map((x) => [...x.s.capRankInterval]),
  };
  const list = ranked
    .map(
      (x, i) => `${shared(places[i] ?? 0) ? "=" : ""}${places[i]}. ${x.s.name} ${x.s.capRank}/100 (${fmtRange(x.s)})`,
    )
    .join("; ");
  if (places.every((p) => p === 1))
    return {
      kind: "tie",
      data,
      text: `All ${ranked.length} are tied on CapRank within their uncertainty: ${list}. None is ranked above another until more data arrives.`,
    };
  return {
    kind: "rank",
    data,
    text: `CapRank places: ${list}. Places marked "=" are tied: their difference is within the combined uncertainty.`,
  };
}

const fmtRange = (s: ArtifactSummary) => `${s.capRankInterval[0]}–${s.capRankInterval[1]}`;

/** Leads beyond LEAD_MARGIN (best vs next best), dimensions where all are level, and missing data. */
export function leadClaims(ranked: readonly Placed[]): Claim[] {
  const two = ranked.length === 2;
  const leads = new Map<Placed, { dim: SubScoreName; x: number; y: number }[]>();
  const level: SubScoreName[] = [];
  const claims: Claim[] = [];
  const missing: Claim[] = [];
  for (const dim of SUB_SCORES) {
    const have = ranked
      .filter((x) => x.s.scores[dim] !== null)
      .sort((p, q) => (q.s.scores[dim] ?? 0) - (p.s.scores[dim] ?? 0));
    const lack = ranked.filter((x) => x.s.scores[dim] === null);
    if (have.length && lack.length) missing.push(noDataClaim(dim, have, lack));
    const [best, next] = have;
    if (!best || !next) continue;
    const x = best.s.scores[dim] ?? 0,
      y = next.s.scores[dim] ?? 0,
      low = have[have.length - 1]?.s.scores[dim] ?? 0;
    if (x - y >= LEAD_MARGIN) leads.set(best, [...(leads.get(best) ?? []), { dim, x, y }]);
    else if (x - low < LEAD_MARGIN) level.push(dim);
  }
  for (const [side, l] of leads) {
    const parts = l.map((d) => `${SUB_SCORE_LABELS[d.dim].toLowerCase()} (${d.x} vs ${two ? "" : "next best "}${d.y})`);
    claims.push({
      kind: "lead",
      data: { artifact: side.s.slug, dimensions: l.map((d) => d.dim), margin: LEAD_MARGIN },
      text: `${side.s.name} leads on ${joinWords(parts)}, by at least ${LEAD_MARGIN} points.`,
    });
  }
  if (level.length)
    claims.push({
      kind: "level",
      data: { dimensions: level, margin: LEAD_MARGIN },
      text: `${two ? "They are" : "All are"} level (within ${LEAD_MARGIN} points) on ${joinWords(level.map((d) => SUB_SCORE_LABELS[d].toLowerCase()))}.`,
    });
  return [...claims, ...missing];
}

function noDataClaim(dim: SubScoreName, have: readonly Placed[], lack: readonly Placed[]): Claim {
  const label = SUB_SCORE_LABELS[dim].toLowerCase();
  const values = have
    .map((x) => (have.length === 1 ? `${x.s.scores[dim]}` : `${x.s.name} ${x.s.scores[dim]}`))
    .join(", ");
  return {
    kind: "no-data",
    data: { artifacts: have.map((x) => x.s.slug), missing: lack.map((x) => x.s.slug), dimension: dim },
    text: `Only ${joinWords(have.map((x) => x.s.name))} ${have.length === 1 ? "has" : "have"} ${label} data (${values}); ${joinWords(lack.map((x) => x.s.name))} ${lack.length === 1 ? "shows" : "show"} no data there.`,
  };
}

/** What would flip the order of the top two: the smallest single sub-score rise for the second; and, for everyone, imputed data. */
export function changeClaims(a: Placed, b: Placed, all: readonly Placed[]): Claim[] {
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
    out.push(
      best
        ? {
            kind: "change",
            data: { artifact: b.s.slug, dimension: best.dim, from: best.from, to: best.to, uncertainty },
            text: `${b.s.name} would rank ahead of ${a.s.name} (beyond the ±${uncertainty} uncertainty) if its ${SUB_SCORE_LABELS[best.dim].toLowerCase()} rose from ${best.from} to ${best.to}${b.s.scores[best.dim] === null ? " (now estimated from its kind, no data)" : ""}.`,
          }
        : {
            kind: "change",
            data: { artifact: b.s.slug, dimension: null },
            text: `No rise in a single sub-score would put ${b.s.name} ahead of ${a.s.name}; it would need gains on several.`,
          },
    );
  }
  for (const side of all) {
    const missing = SUB_SCORES.filter((d) => side.s.scores[d] === null);
    if (missing.length === 0) continue;
    const swing = Math.round(
      missing.reduce((s, d) => {
        const p = side.card.imputed[d] ?? 50;
        return s + side.card.weights[d] * Math.max(p, 100 - p);
      }, 0),
    );
    out.push({
      kind: "change",
      data: { artifact: side.s.slug, missing, maxSwing: swing },
      text: `Real data for ${side.s.name}'s ${joinWords(missing.map((d) => SUB_SCORE_LABELS[d].toLowerCase()))} could move its CapRank by up to ${swing} points.`,
    });
  }
  return out;
}
