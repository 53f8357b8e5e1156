import type { ArtifactSummary } from "../core/domain.js";

/** The cheapest listed price in people's units, or how the artifact is priced when it lists none. */
export function priceLine(s: Pick<ArtifactSummary, "pricing">): string {
  const p = s.pricing;
  if (p.startingPrice) return `from ${p.startingPrice.text}`;
  if (p.model === "free" || p.model === "open-source")
    return p.model === "free" ? "free to use" : "open source, free to run";
  return p.model === "unknown" ? "price not stated" : p.model.replace("-", " ");
}

/**
 * Sort key for "cheapest first": free and open source, then a free tier, then listed prices
 * (in common units), then unknown.
 * Prices in different units are not truly comparable, so the tier comes first.
 */
export function priceOrder(s: Pick<ArtifactSummary, "pricing">): [number, number] {
  const p = s.pricing;
  if (p.model === "free" || p.model === "open-source") return [0, 0];
  const start = p.startingPrice;
  // Starting prices are already in common units (per 1M tokens, per image…), so amounts meet halfway.
  const amount = start ? start.amount : Number.POSITIVE_INFINITY;
  if (p.freeTier) return [1, amount];
  return start ? [2, amount] : [3, 0];
}

/**
 * Joins short clauses written by curators into one sentence: each clause loses its own
 * final full stop, so lists read "a; b; c." instead of "a.; b.; c.".
 */
export function clauses(items: readonly string[]): string {
  const parts = items.map((x) => x.trim().replace(/[.;,\s]+$/u, "")).filter(Boolean);
  return parts.length ? `${parts.join("; ")}.` : "";
}
