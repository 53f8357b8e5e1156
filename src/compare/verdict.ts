import type { Taxonomy } from "../catalog/taxonomy.js";
import { LEAD_MARGIN, TIE_MARGIN } from "../rank/methodology.js";
import type { Alignment } from "./align.js";
import {
  areaOverlap,
  areSubstitutes,
  profileOf,
  SUBSTITUTE_MIN_OVERLAP,
  SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS,
  type Profile,
} from "./profile.js";
import { joinWords, nameOf, pct, whatItIs, type Claim, type Placed, type Side } from "./claim.js";
import { chooseClaim } from "./choose.js";
import { changeClaims, leadClaims, rankClaim, rankingClaim } from "./ranking-claims.js";

export { TIE_MARGIN };

export interface Verdict {
  /** Every claim's text in order; the "what would change" claims after their heading. */
  text: string;
  claims: Claim[];
  /** Per artifact: deployment, licence class, evidence strength and what it is for. */
  profiles: Profile[];
  margins: { lead: number; tie: number; substitute: number; substituteAcrossKinds: number };
}

/**
 * Builds the verdict only from computed numbers, placing every artifact of a 2–6-way
 * comparison: whether they are substitutes (and if not, what each is for), "choose X if …"
 * from the differences, the CapRank order with ties, leads, pricing, coverage, and what
 * would change the order.
 */
export function buildVerdict(sides: readonly Side[], alignment: Alignment, taxonomy: Taxonomy): Verdict {
  const margins = {
    lead: LEAD_MARGIN,
    tie: TIE_MARGIN,
    substitute: SUBSTITUTE_MIN_OVERLAP,
    substituteAcrossKinds: SUBSTITUTE_MIN_OVERLAP_ACROSS_KINDS,
  };
  const placed: Placed[] = sides.map((x) => ({ ...x, p: profileOf(x.s, x.capabilities, taxonomy) }));
  const ranked = [...placed].sort((x, y) => y.s.capRank - x.s.capRank || x.s.name.localeCompare(y.s.name));
  const [a, b] = ranked;
  if (!a || !b) return { text: "", claims: [], profiles: placed.map((x) => x.p), margins };
  const subs = substituteClaims(placed);
  const claims: Claim[] = [
    ...subs,
    ...placed.map((x) => chooseClaim(x, placed, ranked)),
    ...(ranked.length === 2 ? [rankClaim(a, b)] : [rankingClaim(ranked)]),
    ...leadClaims(ranked),
    ...pricingClaims(placed),
    coverageClaim(placed, alignment),
    ...changeClaims(a, b, placed),
  ];
  return { text: verdictText(claims), claims, profiles: placed.map((x) => x.p), margins };
}

/** The claims as one paragraph; the "what would change" claims follow their heading. */
function verdictText(claims: readonly Claim[]): string {
  const main = claims.filter((c) => c.kind !== "change").map((c) => c.text);
  const change = claims.filter((c) => c.kind === "change").map((c) => c.text);
  return [...main, ...(change.length ? [`What would change this verdict: ${change.join(" ")}`] : [])].join(" ");
}

/**
 * First: are these substitutes at all? Pairs whose capabilities spread over the taxonomy's
 * areas too differently are not; then each artifact's purpose is named from its nodes.
 */
function substituteClaims(xs: readonly Placed[]): Claim[] {
  const pairs: { a: string; b: string; overlap: number; sameKind: boolean; substitutes: boolean }[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) {
      const x = xs[i] as Placed,
        y = xs[j] as Placed;
      const sameKind = x.s.kind === y.s.kind;
      pairs.push({
        a: x.s.slug,
        b: y.s.slug,
        overlap: areaOverlap(x.p, y.p),
        sameKind,
        substitutes: areSubstitutes(x.p, y.p, sameKind),
      });
    }
  const groups = substituteGroups(xs, pairs);
  const data = { substitutes: groups.length === 1, groups: groups.map((g) => g.map((x) => x.s.slug)), pairs };
  if (groups.length === 1) {
    const least = pairs.reduce((m, p) => (p.overlap < m.overlap ? p : m));
    const text =
      xs.length === 2
        ? `They do the same kind of job: ${pct(least.overlap)} of their capabilities fall in the same taxonomy areas, so one can stand in for the other.`
        : `All ${xs.length} do the same kind of job: for every pair, at least ${pct(least.overlap)} of their capabilities fall in the same taxonomy areas.`;
    return [{ kind: "substitutes", data, text }];
  }
  const first: Claim =
    xs.length === 2
      ? {
          kind: "substitutes",
          data,
          text: `${nameOf(xs, pairs[0]?.a)} and ${nameOf(xs, pairs[0]?.b)} are not substitutes: only ${pct(pairs[0]?.overlap ?? 0)} of their capabilities fall in the same taxonomy areas${pairs[0]?.sameKind ? "" : `, and one is ${whatItIs(xs[0] as Placed)}, the other ${whatItIs(xs[1] as Placed)}`}. Pick by the job, not by the score.`,
        }
      : {
          kind: "substitutes",
          data,
          text: `These are not all substitutes; they fall into ${groups.length} groups that do different jobs: ${groups.map((g) => joinWords(g.map((x) => x.s.name))).join("; ")}. Compare scores within a group, pick a group by the job.`,
        };
  return [first, ...xs.map((x) => purposeClaim(x))];
}

/** Connected groups of the "substitutes" relation, in the comparison's order. */
function substituteGroups(
  xs: readonly Placed[],
  pairs: readonly { a: string; b: string; substitutes: boolean }[],
): Placed[][] {
  const index = new Map(xs.map((x, i) => [x.s.slug, i]));
  const parent = xs.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : root(parent[i] ?? i));
  for (const p of pairs)
    if (p.substitutes) {
      const ra = root(index.get(p.a) ?? 0),
        rb = root(index.get(p.b) ?? 0);
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  const out = new Map<number, Placed[]>();
  xs.forEach((x, i) => {
    const r = root(i);
    out.set(r, [...(out.get(r) ?? []), x]);
  });
  return [...out.values()];
}

function purposeClaim(x: Placed): Claim {
  const labels = x.p.purpose.map((n) => n.label.toLowerCase());
  return {
    kind: "purpose",
    data: {
      artifact: x.s.slug,
      deployment: x.p.deployment,
      kind: x.s.kind,
      nodes: x.p.purpose.map((n) => n.uri),
      counts: x.p.purpose.map((n) => n.count),
    },
    text: `${x.s.name} is ${whatItIs(x)} for ${labels.length ? joinWords(labels) : "no stated capability"}${x.p.purpose.length ? ` (${x.p.purpose.map((n) => n.count).reduce((s, n) => s + n, 0)} of its ${x.s.capabilityCount} capabilities)` : ""}.`,
  };
}

function pricingClaims(xs: readonly Placed[]): Claim[] {
  const free = xs.filter((x) => x.s.pricing.freeTier),
    paid = xs.filter((x) => !x.s.pricing.freeTier);
  const out: Claim[] = [];
  const data = { freeTier: free.map((x) => x.s.slug), noFreeTier: paid.map((x) => x.s.slug) };
  if (free.length && paid.length) {
    const side = (g: Placed[]) => g.map((x) => `${x.s.name} (${x.s.pricing.model})`);
    out.push({
      kind: "pricing",
      data,
      text: `${joinWords(side(free))} ${free.length === 1 ? "has" : "have"} a free tier; ${joinWords(side(paid))} ${paid.length === 1 ? "does" : "do"} not.`,
    });
  } else {
    const both = xs.length === 2 ? "Both have" : `All ${xs.length} have`;
    out.push({
      kind: "pricing",
      data,
      text: free.length ? `${both} a free tier.` : `${xs.length === 2 ? "Neither has" : "None has"} a free tier.`,
    });
  }
  if (xs.some((x) => x.s.pricing.headline)) {
    out.push({
      kind: "pricing",
      data: { prices: xs.map((x) => ({ artifact: x.s.slug, headline: x.s.pricing.headline })) },
      text: `Prices: ${xs.map((x) => `${x.s.name} ${x.s.pricing.headline ?? "lists no price"}`).join("; ")}.`,
    });
  }
  return out;
}

function coverageClaim(sides: readonly Placed[], al: Alignment): Claim {
  const counts = sides.map((x) => `${x.s.name} ${x.s.capabilityCount}`);
  const labels = al.shared.slice(0, 3).map((g) => g.label.toLowerCase());
  const shared =
    al.shared.length === 0
      ? "they share no capability area"
      : `they share ${al.shared.length} capability area${al.shared.length === 1 ? "" : "s"} (${joinWords(labels)}${al.shared.length > 3 ? ", …" : ""})`;
  return {
    kind: "coverage",
    data: { capabilityCounts: sides.map((x) => `${x.s.slug}: ${x.s.capabilityCount}`), sharedAreas: al.shared.length },
    text: `Capabilities described: ${counts.join(", ")}; ${shared}.`,
  };
}
