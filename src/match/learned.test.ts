import { describe, expect, it } from "vitest";
import { analyzeQuery } from "../text/analyze.js";
import { LearnedIndex } from "./learned.js";
import type { AnalysedOutcome } from "./learned-outcomes.js";

const NOW = new Date("2026-12-01T00:00:00Z");

/** Successes for capability `ordinal`, one reporter per intent (prefix keeps reporters distinct across capabilities). */
function taught(ordinal: number, intents: readonly string[], prefix = `r${ordinal}-`): AnalysedOutcome[] {
  return intents.map((query, i) => ({
    seq: ordinal * 1000 + i + 1,
    matchId: `m${ordinal}-${i}`,
    query,
    slug: String(ordinal),
    capabilityId: "main",
    outcome: "success",
    reporter: `${prefix}${i}`,
    at: NOW.toISOString(),
    terms: analyzeQuery(query),
  }));
}

const TRAVEL = [
  "cheap flights to lisbon in may",
  "hotels near the lisbon old town",
  "a weekend in lisbon with kids",
  "lisbon day trips by train",
  "where to stay in lisbon",
  "flights and hotels for lisbon",
  "lisbon sightseeing itinerary",
  "best time to fly to lisbon",
  "lisbon to porto by train",
  "book a lisbon city break",
];
const STOCKS = [
  "live stock quotes for apple",
  "portfolio analysis of my shares",
  "market news about tesla stock",
  "dividend history of a stock",
  "compare two stocks",
  "stock price alerts",
  "what moved the market today",
  "share price of microsoft",
  "stock screener for value shares",
  "earnings dates of my stocks",
];

const index = (params = {}) =>
  new LearnedIndex([...taught(0, TRAVEL), ...taught(1, STOCKS)], (slug) => Number(slug), NOW, params);
const scoreOf = (li: LearnedIndex, q: string, ordinal: number) =>
  li.score(q).find((h) => h.ordinal === ordinal)?.score ?? 0;

describe("learned intents (issue 13, second round)", () => {
  it("a long intent that shares one word with learned intents is not taken for them: words no learned intent holds count in the query", () => {
    const q = "what did the lisbon council decide about tram fares and bicycle lanes";
    // The finding: with only the shared words in the query's norm, one rare word made the intents look alike.
    expect(scoreOf(index({ unknownWords: false, similarityFloor: 0 }), q, 0)).toBeGreaterThan(0.15);
    expect(scoreOf(index(), q, 0)).toBeLessThan(0.1);
    // An intent made of learned words still reaches its capability.
    expect(scoreOf(index(), "flights and a hotel for a lisbon weekend", 0)).toBeGreaterThan(0.3);
  });

  it("a new phrasing that mixes the words of several learned intents reaches the capability through the learned field", () => {
    const q = "dividend alerts and earnings news for my portfolio";
    const withField = scoreOf(index(), q, 1);
    expect(withField).toBeGreaterThan(scoreOf(index({ fieldWeight: 0 }), q, 1));
    expect(withField).toBeGreaterThan(scoreOf(index(), q, 0));
  });

  it("the learned score stays in [−1, 1] whatever the volume: 1,000 reporters on one intent weigh no more than a perfect match", () => {
    const many = taught(
      2,
      Array.from({ length: 1000 }, () => "stock quotes for apple"),
    );
    const li = new LearnedIndex([...taught(0, TRAVEL), ...taught(1, STOCKS), ...many], (slug) => Number(slug), NOW);
    for (const h of li.score("stock quotes for apple")) expect(Math.abs(h.score)).toBeLessThanOrEqual(1 + 1e-9);
  });
});
