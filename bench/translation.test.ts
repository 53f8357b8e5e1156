import { describe, expect, it } from "vitest";
import {
  formatTranslationFile,
  trainModel1,
  trainTranslation,
  type TrainOptions,
  type TranslationPair,
} from "./translation.js";

// "price" → "quote" alone; "price bitcoin" → "quote crypto". Model 1 (with the null word) should
// let "price" and the null word explain "quote", so "bitcoin" comes to explain "crypto".
const PAIRS: TranslationPair[] = [
  { intent: ["price"], doc: ["quote"] },
  { intent: ["price", "bitcoin"], doc: ["quote", "crypto"] },
];
const ALL: TrainOptions = { iterations: 2, minIntents: 1, minPairs: 1, minProb: 0, topK: 8, minDocs: 1 };

describe("translation model build (issue 13: a translation-style model trained on the stream split)", () => {
  it("IBM Model 1 with a null word matches EM computed by hand", () => {
    // Iteration 1 from uniform rows: t(quote|price) = (1/2 + 1/3) / (7/6) = 5/7; t(crypto|bitcoin) = 1/2.
    const one = trainModel1(PAIRS, 1);
    expect(one.get("price")?.get("quote")).toBeCloseTo(5 / 7, 12);
    expect(one.get("bitcoin")?.get("crypto")).toBeCloseTo(1 / 2, 12);
    // Iteration 2: price's counts quote 1/2 + 10/27, crypto 4/15 → 235/307; bitcoin's quote 7/27, crypto 7/15 → 9/14.
    const two = trainModel1(PAIRS, 2);
    expect(two.get("price")?.get("quote")).toBeCloseTo(235 / 307, 12);
    expect(two.get("bitcoin")?.get("crypto")).toBeCloseTo(9 / 14, 12);
    expect(two.get("bitcoin")?.get("quote")).toBeCloseTo(5 / 14, 12);
  });

  it("keeps rounded, sorted translations and applies the evidence thresholds", () => {
    expect(trainTranslation(PAIRS, ALL)).toEqual({
      bitcoin: [
        ["crypto", 0.643],
        ["quote", 0.357],
      ],
      price: [
        ["quote", 0.765],
        ["crypto", 0.235],
      ],
    });
    // "bitcoin" was seen in one intent only; "crypto" with "price" in one pair only.
    expect(trainTranslation(PAIRS, { ...ALL, minIntents: 2 })).toEqual({
      price: [
        ["quote", 0.765],
        ["crypto", 0.235],
      ],
    });
    expect(trainTranslation(PAIRS, { ...ALL, minPairs: 2 })).toEqual({ price: [["quote", 0.765]] });
    expect(trainTranslation(PAIRS, { ...ALL, topK: 1, minProb: 0.5 })).toEqual({
      bitcoin: [["crypto", 0.643]],
      price: [["quote", 0.765]],
    });
    // Both doc words occur in one tool text only ("quote crypto" and "quote" are two texts: quote is in both).
    expect(trainTranslation(PAIRS, { ...ALL, minDocs: 2 })).toEqual({
      bitcoin: [["quote", 0.357]],
      price: [["quote", 0.765]],
    });
  });

  it("never keeps a word's translation into itself, and is byte-identical on the same input", () => {
    const pairs = [...PAIRS, { intent: ["price", "quote"], doc: ["quote"] }];
    const table = trainTranslation(pairs, ALL);
    expect(table["quote"]?.some(([t]) => t === "quote") ?? false).toBe(false);
    const file = (t: ReturnType<typeof trainTranslation>) =>
      formatTranslationFile({ about: "a", source: "s", licence: "l", options: { ...ALL }, translations: t });
    expect(file(trainTranslation(pairs, ALL))).toBe(file(table));
    expect(JSON.parse(file(table))).toEqual({
      about: "a",
      source: "s",
      licence: "l",
      options: { ...ALL },
      translations: table,
    });
  });
});
