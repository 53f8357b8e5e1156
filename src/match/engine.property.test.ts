import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze, analyzeQuery } from "./analyzer.js";
import { FIELD_NAMES, FIELD_WEIGHTS, MatchIndex, type FieldName, type FieldText, type IndexArtifact, type IndexCapability, type MatchParams } from "./engine.js";

const WORDS = ["vector", "search", "image", "model", "train", "audio", "agent", "code", "serve", "index", "prompt", "store"];
const PARAMS = { synonyms: false, typos: false, joins: false, nameWeight: 0, taxonomyWeight: 0, k1: 1.2, b: 0.75, aggregateDecay: 0.35, aggregateDepth: 3 };

/** The formulas of DESIGN.md computed the slow, obvious way. */
function oracle(arts: IndexArtifact[], caps: IndexCapability[], query: string): Map<number, number> {
  const docs = caps.map((c) => {
    const tf = new Map<string, number>();
    let len = 0;
    // A list-valued field reads as its items joined by whitespace.
    const joined = (v: FieldText) => (typeof v === "string" ? v : v.join(" "));
    for (const f of FIELD_NAMES) for (const t of analyze(joined(c.fields[f]))) { tf.set(t, (tf.get(t) ?? 0) + FIELD_WEIGHTS[f]); len += FIELD_WEIGHTS[f]; }
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
const fieldText: fc.Arbitrary<FieldText> = fc.oneof(text, fc.array(text, { maxLength: 3 }));
const corpus = fc.array(fc.record({ artifact: fc.nat(5), fields: fc.record(Object.fromEntries(FIELD_NAMES.map((f) => [f, fieldText])) as Record<FieldName, fc.Arbitrary<FieldText>>) }), { minLength: 1, maxLength: 25 });

describe("index vs brute-force oracle", () => {
  // Default work split, and the pruned first pass forced with the dense and the sparse walk.
  it.each([{}, { candidateCaps: 1, denseShare: 1e9 }, { candidateCaps: 1, denseShare: 1e-9 }])("returns exactly the oracle's artifacts and scores, best first (%j)", (split) => {
    fc.assert(fc.property(corpus, fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), (rawCaps, qWords) => {
      const arts: IndexArtifact[] = Array.from({ length: 6 }, (_, i) => ({ slug: `a${i}`, name: `zz${i}`, kind: "library", categories: [], freeTier: false, pricingModel: "unknown", license: null }));
      const caps: IndexCapability[] = rawCaps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields }));
      const query = qWords.join(" ");
      const expected = oracle(arts, caps, query);
      const got = new MatchIndex(arts, caps, undefined, { ...PARAMS, ...split }).search(query, 10).artifacts;
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

describe("exact top-k aggregation", () => {
  const named = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 }).map((ws) => ws.join(" "));
  // More capabilities per artifact than the oracle test, so artifacts differ in their 2nd and 3rd capability.
  const many = fc.array(fc.record({ artifact: fc.nat(5), fields: fc.record(Object.fromEntries(FIELD_NAMES.map((f) => [f, fieldText])) as Record<FieldName, fc.Arbitrary<FieldText>>) }), { minLength: 1, maxLength: 60 });
  const six = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 6, maxLength: 6 });
  const setup = fc.record({
    caps: many, names: six(named), priors: six(fc.double({ min: 0, max: 1, noNaN: true })), kinds: six(fc.constantFrom("library", "model")), query: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((ws) => ws.join(" ")),
    limit: fc.integer({ min: 1, max: 6 }), kind: fc.constantFrom(undefined, "library"), candidateCaps: fc.integer({ min: 1, max: 8 }), denseShare: fc.constantFrom(1e-9, 1e9),
    priorWeight: fc.constantFrom(0.1, 1), nameWeight: fc.constantFrom(0, 1, 3),
  });

  it("pruned passes, dense or sparse, return exactly what scoring every artifact returns", () => {
    fc.assert(fc.property(setup, (x) => {
      const arts: IndexArtifact[] = x.names.map((name, i) => ({ slug: `a${i}`, name, kind: x.kinds[i] ?? "library", categories: [], freeTier: false, pricingModel: "unknown", license: null }));
      const caps: IndexCapability[] = x.caps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields }));
      const make = (p: Partial<MatchParams>) => {
        const idx = new MatchIndex(arts, caps, undefined, { nameWeight: x.nameWeight, priorWeight: x.priorWeight, ...p });
        x.priors.forEach((v, i) => idx.setPrior(i, v));
        return idx;
      };
      const filters = x.kind ? { kind: x.kind } : {};
      const exhaustive = make({ candidateCaps: Infinity }).search(x.query, x.limit, filters);
      expect(make({ candidateCaps: x.candidateCaps, denseShare: x.denseShare }).search(x.query, x.limit, filters)).toEqual(exhaustive);
    }), { numRuns: 500 });
  });
});

describe("exact top-k aggregation: cases the bound must cover", () => {
  const art = (slug: string, name = "zz"): IndexArtifact => ({ slug, name, kind: "library", categories: [], freeTier: false, pricingModel: "unknown", license: null });
  const cap = (artifact: number, fields: Partial<Record<FieldName, string>>): IndexCapability => ({ artifact, node: null, fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, fields[f] ?? ""])) as Record<FieldName, string> });
  // "qa" has the one strong capability; "qb" three weak ones (each ~0.2 of qa's).
  const caps = [cap(0, { name: "alpha beta" }), ...[0, 1, 2].map(() => cap(1, { intents: "alpha alpha" })), cap(2, { name: "other words" })];
  const top = (arts: IndexArtifact[], p: Partial<MatchParams>, priors: number[] = []) => {
    const idx = new MatchIndex(arts, caps, undefined, { synonyms: false, typos: false, joins: false, nameWeight: 0, ...p });
    priors.forEach((v, i) => idx.setPrior(i, v));
    return idx.search("alpha beta", 1).artifacts.map((a) => a.artifact);
  };

  it("an artifact lifted by its 2nd and 3rd capabilities and its prior", () => {
    const p = { priorWeight: 1.25 };
    expect(top([art("qa"), art("qb"), art("qc")], { ...p, candidateCaps: Infinity }, [0, 1])).toEqual([1]);
    expect(top([art("qa"), art("qb"), art("qc")], { ...p, candidateCaps: 1 }, [0, 1])).toEqual([1]);
  });

  it("an artifact lifted by naming it", () => {
    const arts = [art("qa"), art("beta", "Beta"), art("qc")];
    expect(top(arts, { nameWeight: 3, candidateCaps: Infinity })).toEqual([1]);
    expect(top(arts, { nameWeight: 3, candidateCaps: 1 })).toEqual([1]);
  });
});
