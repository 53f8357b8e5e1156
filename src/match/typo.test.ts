import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withinOneEdit } from "../text/distance.js";
import { TypoIndex } from "./typo.js";

// A three-letter alphabet makes one-edit neighbours (and shared deletion keys) common.
const word = fc.array(fc.constantFrom("a", "b", "c"), { minLength: 0, maxLength: 7 }).map((cs) => cs.join(""));

describe("typo index vs comparing with every term", () => {
  it("finds exactly the terms within one edit", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { maxLength: 60 }),
        word,
        fc.integer({ min: 0, max: 4 }),
        (terms, w, minLength) => {
          const expected = terms
            .map((t, id) => ({ t, id }))
            .filter(({ t }) => t.length >= minLength && t !== w && withinOneEdit(w, t))
            .map(({ id }) => id);
          expect(TypoIndex.of(terms, minLength).within(w)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("covers every kind of edit", () => {
    const idx = TypoIndex.of(["transcribe", "receive", "models", "model", "modem"], 3);
    expect(idx.within("transcibe")).toEqual([0]);
    expect(idx.within("recieve")).toEqual([1]);
    expect(idx.within("modela")).toEqual([2, 3]);
    expect(idx.within("mode")).toEqual([3, 4]);
  });
});
