import type { Artifact, Price } from "./schema.js";
import type { ScoreCard } from "../rank/scores.js";
import { SUB_SCORES, type SubScoreName } from "../rank/methodology.js";

export interface StartingPrice { amount: number; currency: string; unit: string; text: string }

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
  pricing: { model: Artifact["pricing"]["model"]; freeTier: boolean; startingPrice: StartingPrice | null; prices: Price[] };
  capabilityCount: number;
  timesMatched: number;
  evidenceMix: Record<string, number>;
}

const CURRENCY_SYMBOL: Record<string, string> = { USD: "$", EUR: "€", GBP: "£" };

/** "$3.00e-5 per prompt token": tiny amounts in scientific notation, the unit in words. */
export function formatPrice(p: Price): string {
  const sym = CURRENCY_SYMBOL[p.currency];
  const amount = p.amount === 0 ? "0" : p.amount < 0.01 ? p.amount.toExponential(2).replace("e-", "e-") : p.amount.toFixed(2);
  const money = sym ? `${sym}${amount}` : `${amount} ${p.currency}`;
  return `${money} per ${p.unit.replace(/-/g, " ")}`;
}

/** The cheapest listed price (same currency preferred: USD first). */
export function startingPrice(prices: readonly Price[]): StartingPrice | null {
  if (prices.length === 0) return null;
  const usd = prices.filter((p) => p.currency === "USD");
  const pool = usd.length ? usd : prices;
  const p = pool.reduce((a, b) => (b.amount < a.amount ? b : a));
  return { amount: p.amount, currency: p.currency, unit: p.unit, text: formatPrice(p) };
}

export function summarize(a: Artifact, card: ScoreCard): ArtifactSummary {
  const scores = {} as Record<SubScoreName, number | null>;
  for (const k of SUB_SCORES) scores[k] = card.scores[k].value;
  const evidenceMix: Record<string, number> = {};
  for (const c of a.capabilities) evidenceMix[c.evidence] = (evidenceMix[c.evidence] ?? 0) + 1;
  return {
    slug: a.slug, name: a.name, kind: a.kind, provider: a.provider ?? null, license: a.license ?? null,
    url: a.url ?? null, repository: a.repository ?? null, description: a.description, categories: a.categories, status: a.status,
    capRank: card.capRank, capRankInterval: card.interval, scores,
    pricing: { model: a.pricing.model, freeTier: a.pricing.freeTier, startingPrice: startingPrice(a.pricing.prices), prices: a.pricing.prices },
    capabilityCount: a.capabilities.length, timesMatched: card.timesMatched, evidenceMix,
  };
}
