import { comparablePrices, formatMoney, type NormalizedPrice } from "../catalog/price.js";
import { TIE_MARGIN } from "../rank/methodology.js";
import { capRankTie } from "../rank/scores.js";
import { EVIDENCE_LEAD, PRICE_LEAD } from "./profile.js";
import { joinClauses, joinWords, secondLevel, type Claim, type Placed, type Reason } from "./claim.js";

/** "Choose X if …": one reason per difference that favours an artifact over the others. */

/** "Choose X if …": every reason computed from a difference to the others; an artifact with none is told so. */
export function chooseClaim(x: Placed, all: readonly Placed[], ranked: readonly Placed[]): Claim {
  const others = all.filter((y) => y !== x);
  const reasons = [
    capabilityReason(x, all),
    priceReason(x, others),
    freeTierReason(x, others),
    licenceReason(x, others),
    deploymentReason(x, others),
    evidenceReason(x, others),
    capRankReason(x, ranked),
  ].filter((r): r is Reason => r !== null);
  const data = { artifact: x.s.slug, reasons: reasons.map((r) => ({ kind: r.kind, text: r.text, data: r.data })) };
  if (reasons.length === 0) {
    return {
      kind: "choose",
      data,
      text: `Nothing computed here favours ${x.s.name}: it has no capability area the ${others.length === 1 ? "other lacks" : "others lack"}, and is not cheaper, freer, more open, better evidenced or ranked clearly higher.`,
    };
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
  return {
    kind: "capabilities",
    data: { nodes: [...mine.keys()], capabilities: [...mine.values()].flat() },
    text: `you need ${joinWords(
      labels.map((l) => l.toLowerCase()),
      "or",
    )}${more}, which ${all.length === 2 ? "the other does not cover" : "none of the others covers"}`,
  };
}

/** Per common unit both list (input tokens, output tokens, seats…): cheapest of all by PRICE_LEAD, with the next cheapest named. */
function priceReason(x: Placed, others: readonly Placed[]): Reason | null {
  const wins: { unit: string; mine: string; theirs: string; other: string; amount: number; otherAmount: number }[] = [];
  const units = new Map<string, { mine: NormalizedPrice; next?: { p: NormalizedPrice; who: Placed } }>();
  for (const y of others)
    for (const c of comparablePrices(x.s.pricing.prices, y.s.pricing.prices)) {
      const u = units.get(c.unit) ?? { mine: c.a };
      if (!u.next || c.b.amount < u.next.p.amount) u.next = { p: c.b, who: y };
      units.set(c.unit, u);
    }
  for (const [unit, u] of units) {
    if (!u.next || u.mine.amount > u.next.p.amount * (1 - PRICE_LEAD)) continue;
    wins.push({
      unit,
      mine: formatMoney(u.mine.amount, "USD"),
      theirs: formatMoney(u.next.p.amount, "USD"),
      other: u.next.who.s.name,
      amount: u.mine.amount,
      otherAmount: u.next.p.amount,
    });
  }
  if (wins.length === 0) return null;
  const parts = wins.map((w) => `${w.mine} vs ${w.theirs} / ${w.unit} for ${w.other}`);
  return {
    kind: "price",
    data: { prices: wins.map((w) => ({ unit: w.unit, amount: w.amount, otherAmount: w.otherAmount, other: w.other })) },
    text: `you want the lowest price (${parts.join("; ")})`,
  };
}

function freeTierReason(x: Placed, others: readonly Placed[]): Reason | null {
  const without = others.filter((y) => !y.s.pricing.freeTier);
  if (!x.s.pricing.freeTier || without.length === 0) return null;
  return {
    kind: "free-tier",
    data: { without: without.map((y) => y.s.slug) },
    text: `you want a free tier (${joinWords(without.map((y) => y.s.name))} ${without.length === 1 ? "has" : "have"} none)`,
  };
}

const LICENCE_ORDER = { "open-source": 3, "open-weights": 2, proprietary: 1, unstated: 0 } as const;

function licenceReason(x: Placed, others: readonly Placed[]): Reason | null {
  const mine = LICENCE_ORDER[x.p.licenceClass];
  if (mine < 2 || others.some((y) => LICENCE_ORDER[y.p.licenceClass] >= mine)) return null;
  const what = x.p.licenceClass === "open-source" ? "an open-source licence" : "weights you can download";
  return {
    kind: "licence",
    data: { licence: x.s.license, licenceClass: x.p.licenceClass, others: others.map((y) => y.s.license ?? null) },
    text: `you need ${what} (${x.s.license})`,
  };
}

function deploymentReason(x: Placed, others: readonly Placed[]): Reason | null {
  if (
    x.p.deployment === "unknown" ||
    !others.every((y) => y.p.deployment !== x.p.deployment && y.p.deployment !== "unknown")
  )
    return null;
  const text =
    x.p.deployment === "hosted"
      ? "you want a hosted service with nothing to install or run"
      : "you want to run it on your own hardware, with your data staying there";
  return { kind: "deployment", data: { deployment: x.p.deployment, others: others.map((y) => y.p.deployment) }, text };
}

function evidenceReason(x: Placed, others: readonly Placed[]): Reason | null {
  const mine = x.p.evidenceStrength;
  const best = Math.max(...others.map((y) => y.p.evidenceStrength ?? 0));
  if (mine === null || mine - best < EVIDENCE_LEAD) return null;
  return {
    kind: "evidence",
    data: { strength: mine, othersBest: best, backed: x.p.evidenceBacked, capabilities: x.s.capabilityCount },
    text: `you want claims backed by sources (${x.p.evidenceBacked} of ${x.s.capabilityCount} capabilities documented or better; evidence strength ${mine} vs ${best})`,
  };
}

function capRankReason(x: Placed, ranked: readonly Placed[]): Reason | null {
  const [first, second] = ranked;
  if (first !== x || !second) return null;
  const tie = capRankTie(x.card, second.card);
  if (tie.tied || tie.difference <= TIE_MARGIN) return null;
  return {
    kind: "caprank",
    data: { capRank: x.s.capRank, next: second.s.slug, nextCapRank: second.s.capRank, uncertainty: tie.uncertainty },
    text: `you go by the evidence-weighted score (CapRank ${x.s.capRank} vs ${second.s.capRank}, beyond the ±${tie.uncertainty} uncertainty)`,
  };
}
