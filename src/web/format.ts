import type { Price } from "../catalog/schema.js";
import { formatPrice, type ArtifactSummary } from "../catalog/view.js";

const SYMBOL: Record<string, string> = { USD: "$", EUR: "€", GBP: "£" };

function money(amount: number, currency: string): string {
  const n = Number.isInteger(amount) ? String(amount) : amount >= 0.01 ? amount.toFixed(2) : amount.toPrecision(2);
  const sym = SYMBOL[currency];
  return sym ? `${sym}${n}` : `${n} ${currency}`;
}

/**
 * A price in the units people compare: per-token prices per million tokens ("$2.50 per 1M
 * prompt tokens" rather than "$2.50e-6 per prompt token"), months and seats in words.
 * Units it does not know are shown as stored.
 */
export function humanPrice(p: Price): string {
  const unit = p.unit.toLowerCase();
  const perToken = /^([a-z]+)-token$/.exec(unit);
  if (perToken) return `${money(p.amount * 1e6, p.currency)} per 1M ${perToken[1]} tokens`;
  const perMillion = /^1m-([a-z]+)-tokens$/.exec(unit);
  if (perMillion) return `${money(p.amount, p.currency)} per 1M ${perMillion[1]} tokens`;
  if (unit === "month") return `${money(p.amount, p.currency)} per month`;
  if (unit === "seat-month") return `${money(p.amount, p.currency)} per seat per month`;
  return formatPrice(p);
}

/** The cheapest listed price in people's units, or how the artifact is priced when it lists none. */
export function priceLine(s: Pick<ArtifactSummary, "pricing">): string {
  const p = s.pricing;
  const cheapest = p.startingPrice ? p.prices.find((x) => x.amount === p.startingPrice?.amount && x.unit === p.startingPrice.unit && x.currency === p.startingPrice.currency) : undefined;
  if (cheapest) return `from ${humanPrice(cheapest)}`;
  if (p.model === "free" || p.model === "open-source") return p.model === "free" ? "free to use" : "open source, free to run";
  return p.model === "unknown" ? "price not stated" : p.model.replace("-", " ");
}

/**
 * Sort key for "cheapest first": free and open source, then a free tier, then listed prices
 * (per-token prices per million tokens so they meet other units halfway), then unknown.
 * Prices in different units are not truly comparable, so the tier comes first.
 */
export function priceOrder(s: Pick<ArtifactSummary, "pricing">): [number, number] {
  const p = s.pricing;
  if (p.model === "free" || p.model === "open-source") return [0, 0];
  const start = p.startingPrice;
  const amount = start ? (/-token$/.test(start.unit) ? start.amount * 1e6 : start.amount) : Number.POSITIVE_INFINITY;
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
