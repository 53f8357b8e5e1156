import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze, analyzeQuery } from "./analyzer.js";
import { FIELD_NAMES, FIELD_WEIGHTS, MatchIndex, type FieldName, type IndexArtifact, type IndexCapability } from "./engine.js";

const WORDS = ["vector", "search", "image", "model", "train", "audio", "agent", "code", "serve", "index", "prompt", "store"];
const PARAMS = { synonyms: false, typos: false, joins: false, nameWeight: 0, taxonomyWeight: 0, k1: 1.2, b: 0.75, aggregateDecay: 0.35, aggregateDepth: 3 };

/** The formulas of DESIGN.md computed the slow, obvious way. */
function oracle(arts: IndexArtifact[], caps: IndexCapability[], query: string): Map<number, number> {
  const docs = caps.map((c) => {
    const tf = new Map<string, number>();
    let len = 0;
    for (const f of FIELD_NAMES) for (const t of analyze(c.fields[f])) { tf.set(t, (tf.get(t) ?? 0) + FIELD_WEIGHTS[f]); len += FIELD_WEIGHTS[f]; }
    return { tf, len, artifact: c.artifact };
  });
  const avg = docs.reduce((s, d) => s + d.len, 0) / docs.length;
  const terms = [...new Set(analyzeQuery(query))];
  const perArtifact = new Map<number, number[]>();
  for (const d of docs) {
    let s = 0;
    for (const t of terms) {
      const f = d.tf.get(t);
      if (!f) continue;
      const df = docs.filter((x) => x.tf.has(t)).length;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      const tfn = f / (1 - PARAMS.b + (PARAMS.b * d.len) / avg);
      s += idf * (tfn / (PARAMS.k1 + tfn));
    }
    if (s > 0) perArtifact.set(d.artifact, [...(perArtifact.get(d.artifact) ?? []), s]);
  }
  const out = new Map<number, number>();
  for (const [a, ss] of perArtifact) out.set(a, ss.sort((x, y) => y - x).slice(0, 3).reduce((sum, v, i) => sum + v * 0.35 ** i, 0));
  void arts;
  return out;
}

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 6 }).map((ws) => ws.join(" "));
const corpus = fc.array(fc.record({ artifact: fc.nat(5), fields: fc.record(Object.fromEntries(FIELD_NAMES.map((f) => [f, text])) as Record<FieldName, fc.Arbitrary<string>>) }), { minLength: 1, maxLength: 25 });

describe("index vs brute-force oracle", () => {
  it("returns exactly the oracle's artifacts and scores, best first", () => {
    fc.assert(fc.property(corpus, fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), (rawCaps, qWords) => {
      const arts: IndexArtifact[] = Array.from({ length: 6 }, (_, i) => ({ slug: `a${i}`, name: `zz${i}`, kind: "library", categories: [], freeTier: false, pricingModel: "unknown", license: null }));
      const caps: IndexCapability[] = rawCaps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields }));
      const query = qWords.join(" ");
      const expected = oracle(arts, caps, query);
      const got = new MatchIndex(arts, caps, undefined, PARAMS).search(query, 10).artifacts;
      expect(got.length).toBe(Math.min(10, expected.size));
      for (const g of got) expect(g.score).toBeCloseTo(expected.get(g.artifact) ?? -1, 4);
      for (let i = 1; i < got.length; i++) expect((got[i - 1]?.score ?? 0) >= (got[i]?.score ?? 0)).toBe(true);
    }), { numRuns: 200 });
  });

  it("limit k returns the top k of the unlimited ranking", () => {
    fc.assert(fc.property(corpus, fc.constantFrom(...WORDS), fc.integer({ min: 1, max: 4 }), (rawCaps, q, k) => {
      const arts: IndexArtifact[] = Array.from({ length: 6 }, (_, i) => ({ slug: `a${i}`, name: `zz${i}`, kind: "library", categories: [], freeTier: false, pricingModel: "unknown", license: null }));
      const idx = new MatchIndex(arts, rawCaps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields })), undefined, PARAMS);
      const all = idx.search(q, 50).artifacts.map((a) => a.artifact);
      expect(idx.search(q, k).artifacts.map((a) => a.artifact)).toEqual(all.slice(0, k));
    }), { numRuns: 100 });
  });
});
