import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "../text/analyze.js";
import { buildPostings, findPosting, Vocabulary } from "./postings.js";

// Mixed case, punctuation, ASCII and non-ASCII whitespace, accents, a Kelvin sign (lowercases
// to ASCII "k"): the fast ASCII scan and the general path must both analyse like `analyze`.
const CHARS = [
  "a",
  "z",
  "S",
  "Z",
  "@",
  "_",
  "é",
  "É",
  "\u212a",
  "-",
  ".",
  "1",
  "4o",
  " ",
  " ",
  "\t",
  "\n",
  "\u00a0",
  "\u2003",
  "ing",
  "es",
  "the",
];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 14 }).map((cs) => cs.join(""));
const WEIGHTS = [3, 0, 1.5];

describe("postings vs analysing every field", () => {
  it("hold each term's capabilities and BM25F impacts", () => {
    // A tiny first segment puts capabilities across the forward index's segment boundaries.
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        (docs, firstSegment) => {
          const vocab = new Vocabulary();
          const post = buildPostings(
            {
              size: docs.length,
              field: (i, f) => docs[i]?.[f] ?? "",
              weights: WEIGHTS,
              k1: 1.2,
              b: 0.75,
              firstSegment,
            },
            vocab,
          );
          const expected = docs.map((fields) => {
            const tf = new Map<string, number>(),
              mask = new Map<string, number>();
            let len = 0;
            fields.forEach((t, f) => {
              const w = WEIGHTS[f] ?? 0;
              for (const term of analyze(t)) {
                len += w;
                if (w > 0) {
                  tf.set(term, (tf.get(term) ?? 0) + w);
                  mask.set(term, (mask.get(term) ?? 0) | (1 << f));
                }
              }
            });
            return { tf, len, mask };
          });
          const avg = expected.reduce((s, d) => s + d.len, 0) / docs.length;
          const got = new Map<string, [number, number, number][]>();
          vocab.terms.forEach((term, id) => {
            for (let p = post.start[id] ?? 0; p < (post.start[id + 1] ?? 0); p++)
              got.set(term, [
                ...(got.get(term) ?? []),
                [post.docs[2 * p] ?? -1, post.impacts[2 * p + 1] ?? -1, post.fields[p] ?? -1],
              ]);
          });
          const want = new Map<string, [number, number, number][]>();
          expected.forEach((d, i) => {
            for (const [term, f] of d.tf) {
              const x = f / (1 - 0.75 + (0.75 * d.len) / avg);
              want.set(term, [...(want.get(term) ?? []), [i, x / (1.2 + x), d.mask.get(term) ?? 0]]);
            }
          });
          expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
          for (const [term, list] of want) {
            const g = got.get(term) ?? [];
            expect(g.map(([d]) => d)).toEqual(list.map(([d]) => d));
            // Which fields (weight > 0) hold the term: what a result's explanation reads.
            expect(g.map(([, , mask]) => mask)).toEqual(list.map(([, , mask]) => mask));
            g.forEach(([, imp], j) => expect(imp).toBeCloseTo(list[j]?.[1] ?? -1, 6));
            for (const [d] of list) expect(post.docs[2 * findPosting(post, vocab.ids.get(term) ?? -1, d)]).toBe(d);
          }
          for (let id = 0; id < vocab.terms.length; id++) expect(findPosting(post, id, docs.length)).toBe(-1);
        },
      ),
      { numRuns: 400 },
    );
  });
});
