import type { Artifact, Price } from "../catalog/schema.js";
import { normalizePrice, priceHeadline, type NormalizedPrice } from "../catalog/price.js";
import type { ScoreCard } from "./scores.js";
import { SUB_SCORES, type SubScoreName } from "./methodology.js";

/** amount per `unit` (a common unit such as "1M input tokens"), its text, and the price as listed. */
export interface StartingPrice {
  amount: number;
  currency: string;
  unit: string;
  text: string;
  raw: Price;
}

export interface ArtifactSummary {
  slug: string;
  name: string;
  kind: Artifact["kind"];
  provider: string | null;
  license: string | null;
  url: string | null;
  repository: string | null;
  description: string;
  categories: string[];
  status: Artifact["status"];
  capRank: number;
  capRankInterval: [number, number];
  scores: Record<SubScoreName, number | null>;
  pricing: {
    model: Artifact["pricing"]["model"];
    freeTier: boolean;
    startingPrice: StartingPrice | null;
    prices: Price[];
    /** Every price in common units, raw value kept; and the one-line headline ("$30 / 1M input, $180 / 1M output"). */
    normalized: NormalizedPrice[];
    headline: string | null;
  };
  capabilityCount: number;
  timesMatched: number;
  evidenceMix: Record<string, number>;
}

/** A price in its common unit ("$30 / 1M input tokens"): the same text on every surface. */
export function formatPrice(p: Price): string {
  return normalizePrice(p).text;
}

/** The cheapest listed price in common units (USD first), with the raw value kept. */
export function startingPrice(prices: readonly Price[]): StartingPrice | null {
  if (prices.length === 0) return null;
  const all = prices.map(normalizePrice);
  const usd = all.filter((p) => p.currency === "USD");
  const pool = usd.length ? usd : all;
  const p = pool.reduce((a, b) => (b.amount < a.amount ? b : a));
  return { amount: p.amount, currency: p.currency, unit: p.unit, text: p.text, raw: p.raw };
}

export function summarize(a: Artifact, card: ScoreCard): ArtifactSummary {
  const scores = {} as Record<SubScoreName, number | null>;
  for (const k of SUB_SCORES) scores[k] = card.scores[k].value;
  const evidenceMix: Record<string, number> = {};
  for (const c of a.capabilities) evidenceMix[c.evidence] = (evidenceMix[c.evidence] ?? 0) + 1;
  return {
    slug: a.slug,
    name: a.name,
    kind: a.kind,
    provider: a.provider ?? null,
    license: a.license ?? null,
    url: a.url ?? null,
    repository: a.repository ?? null,
    description: a.description,
    categories: a.categories,
    status: a.status,
    capRank: card.capRank,
    capRankInterval: card.interval,
    scores,
    pricing: {
      model: a.pricing.model,
      freeTier: a.pricing.freeTier,
      startingPrice: startingPrice(a.pricing.prices),
      prices: a.pricing.prices,
      normalized: a.pricing.prices.map(normalizePrice),
      headline: priceHeadline(a.pricing.prices),
    },
    capabilityCount: a.capabilities.length,
    timesMatched: card.timesMatched,
    evidenceMix,
  };
}
