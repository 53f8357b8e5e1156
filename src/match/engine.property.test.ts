import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "../text/analyze.js";
import {
  FIELD_NAMES,
  MatchIndex,
  type FieldName,
  type FieldText,
  type IndexArtifact,
  type IndexCapability,
  type MatchParams,
} from "./engine.js";
import { Translations } from "./translation.js";
import { corpus, fieldText, oracle, PARAMS, typed, WORDS } from "./oracle.suite.js";

describe("index vs brute-force oracle", () => {
  // Default work split, and the pruned first pass forced with the dense and the sparse walk.
  it.each([{}, { candidateCaps: 1, denseShare: 1e9 }, { candidateCaps: 1, denseShare: 1e-9 }])(
    "returns exactly the oracle's artifacts and scores, best first (%j)",
    (split) => {
      fc.assert(
        fc.property(corpus, fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), (rawCaps, qWords) => {
          const arts: IndexArtifact[] = Array.from({ length: 6 }, (_, i) => ({
            slug: `a${i}`,
            name: `zz${i}`,
            kind: "library",
            categories: [],
            freeTier: false,
            pricingModel: "unknown",
            license: null,
          }));
          const caps: IndexCapability[] = rawCaps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields }));
          const query = qWords.join(" ");
          const expected = oracle(arts, caps, typed(query));
          const got = new MatchIndex(arts, caps, undefined, { ...PARAMS, ...split }).search(query, 10).artifacts;
          expect(got.length).toBe(Math.min(10, expected.size));
          for (const g of got) expect(g.score).toBeCloseTo(expected.get(g.artifact) ?? -1, 4);
          for (let i = 1; i < got.length; i++) expect((got[i - 1]?.score ?? 0) >= (got[i]?.score ?? 0)).toBe(true);
        }),
        { numRuns: 200 },
      );
    },
  );

  it("with translations: a typed word adds its translations at weight × p, summed over the typed words, never over a typed word, and only from weight × idf ≥ the floor", () => {
    const table = fc.dictionary(
      fc.constantFrom(...WORDS),
      fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.double({ min: 0.01, max: 1, noNaN: true })), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        corpus,
        fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
        table,
        fc.constantFrom(0.5, 1, 3),
        fc.constantFrom(0, 0.2, 1),
        (rawCaps, qWords, tab, w, minScore) => {
          const arts: IndexArtifact[] = Array.from({ length: 6 }, (_, i) => ({
            slug: `a${i}`,
            name: `zz${i}`,
            kind: "library",
            categories: [],
            freeTier: false,
            pricingModel: "unknown",
            license: null,
          }));
          const caps: IndexCapability[] = rawCaps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields }));
          const query = qWords.join(" ");
          const weights = typed(query);
          const own = new Set(weights.keys());
          const added = new Map<string, number>();
          for (const word of own)
            for (const [t, p] of tab[word] ?? []) if (!own.has(t)) added.set(t, (added.get(t) ?? 0) + w * p);
          const capTerms = caps.map(
            (c) =>
              new Set(
                FIELD_NAMES.flatMap((f) => {
                  const v = c.fields[f];
                  return analyze(typeof v === "string" ? v : v.join(" "));
                }),
              ),
          );
          for (const [t, q] of added) {
            const df = capTerms.filter((set) => set.has(t)).length;
            if (df > 0 && q * Math.log(1 + (caps.length - df + 0.5) / (df + 0.5)) >= minScore) weights.set(t, q);
          }
          const expected = oracle(arts, caps, weights);
          const got = new MatchIndex(arts, caps, undefined, {
            ...PARAMS,
            translationWeight: w,
            translationMinScore: minScore,
            translations: new Translations(tab),
          }).search(query, 10).artifacts;
          expect(got.length).toBe(Math.min(10, expected.size));
          for (const g of got) expect(g.score).toBeCloseTo(expected.get(g.artifact) ?? -1, 4);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("limit k returns the top k of the unlimited ranking", () => {
    fc.assert(
      fc.property(corpus, fc.constantFrom(...WORDS), fc.integer({ min: 1, max: 4 }), (rawCaps, q, k) => {
        const arts: IndexArtifact[] = Array.from({ length: 6 }, (_, i) => ({
          slug: `a${i}`,
          name: `zz${i}`,
          kind: "library",
          categories: [],
          freeTier: false,
          pricingModel: "unknown",
          license: null,
        }));
        const idx = new MatchIndex(
          arts,
          rawCaps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields })),
          undefined,
          PARAMS,
        );
        const all = idx.search(q, 50).artifacts.map((a) => a.artifact);
        expect(idx.search(q, k).artifacts.map((a) => a.artifact)).toEqual(all.slice(0, k));
      }),
      { numRuns: 100 },
    );
  });
});

describe("exact top-k aggregation", () => {
  const named = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 }).map((ws) => ws.join(" "));
  // More capabilities per artifact than the oracle test, so artifacts differ in their 2nd and 3rd capability.
  const many = fc.array(
    fc.record({
      artifact: fc.nat(5),
      fields: fc.record(
        Object.fromEntries(FIELD_NAMES.map((f) => [f, fieldText])) as Record<FieldName, fc.Arbitrary<FieldText>>,
      ),
    }),
    { minLength: 1, maxLength: 60 },
  );
  const six = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 6, maxLength: 6 });
  const setup = fc.record({
    caps: many,
    names: six(named),
    priors: six(fc.double({ min: 0, max: 1, noNaN: true })),
    kinds: six(fc.constantFrom("library", "model")),
    query: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((ws) => ws.join(" ")),
    limit: fc.integer({ min: 1, max: 6 }),
    kind: fc.constantFrom(undefined, "library"),
    candidateCaps: fc.integer({ min: 1, max: 8 }),
    denseShare: fc.constantFrom(1e-9, 1e9),
    priorWeight: fc.constantFrom(0.1, 1),
    nameWeight: fc.constantFrom(0, 1, 3),
  });

  it("pruned passes, dense or sparse, return exactly what scoring every artifact returns", () => {
    fc.assert(
      fc.property(setup, (x) => {
        const arts: IndexArtifact[] = x.names.map((name, i) => ({
          slug: `a${i}`,
          name,
          kind: x.kinds[i] ?? "library",
          categories: [],
          freeTier: false,
          pricingModel: "unknown",
          license: null,
        }));
        const caps: IndexCapability[] = x.caps.map((c) => ({ artifact: c.artifact, node: null, fields: c.fields }));
        const make = (p: Partial<MatchParams>) => {
          const idx = new MatchIndex(arts, caps, undefined, {
            nameWeight: x.nameWeight,
            priorWeight: x.priorWeight,
            ...p,
          });
          x.priors.forEach((v, i) => idx.setPrior(i, v));
          return idx;
        };
        const filters = x.kind ? { kind: x.kind } : {};
        const exhaustive = make({ candidateCaps: Infinity }).search(x.query, x.limit, filters);
        expect(
          make({ candidateCaps: x.candidateCaps, denseShare: x.denseShare }).search(x.query, x.limit, filters),
        ).toEqual(exhaustive);
      }),
      { numRuns: 500 },
    );
  });
});

describe("exact top-k aggregation: cases the bound must cover", () => {
  const art = (slug: string, name = "zz"): IndexArtifact => ({
    slug,
    name,
    kind: "library",
    categories: [],
    freeTier: false,
    pricingModel: "unknown",
    license: null,
  });
  const cap = (artifact: number, fields: Partial<Record<FieldName, string>>): IndexCapability => ({
    artifact,
    node: null,
    fields: Object.fromEntries(FIELD_NAMES.map((f) => [f, fields[f] ?? ""])) as Record<FieldName, string>,
  });
  // "qa" has the one strong capability; "qb" three weak ones (each ~0.2 of qa's).
  const caps = [
    cap(0, { name: "alpha beta" }),
    ...[0, 1, 2].map(() => cap(1, { intents: "alpha alpha" })),
    cap(2, { name: "other words" }),
  ];
  const top = (arts: IndexArtifact[], p: Partial<MatchParams>, priors: number[] = []) => {
    const idx = new MatchIndex(arts, caps, undefined, {
      synonyms: false,
      typos: false,
      joins: false,
      nameWeight: 0,
      ...p,
    });
    priors.forEach((v, i) => idx.setPrior(i, v));
    return idx.search("alpha beta", 1).artifacts.map((a) => a.artifact);
  };

  it("an artifact lifted by its 2nd and 3rd capabilities and its prior", () => {
    const p = { priorWeight: 1.25 };
    expect(top([art("qa"), art("qb"), art("qc")], { ...p, candidateCaps: Infinity }, [0, 1])).toEqual([1]);
    expect(top([art("qa"), art("qb"), art("qc")], { ...p, candidateCaps: 1 }, [0, 1])).toEqual([1]);
  });

  it("two capabilities in one histogram bin, the better one met second: the first pass stops only below the bin", () => {
    // qb's description is one word shorter, so its "alpha" impact is a hair higher (same bin of 256 over the query's bound);
    // with one capability per artifact and no prior the bound is 1, so stopping at qa's bin's lower edge would lose qb.
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
    const close = [
      cap(0, { name: "alpha", description: words(200) }),
      cap(1, { name: "alpha", description: words(199) }),
      cap(2, { name: "other" }),
    ];
    const p = { synonyms: false, typos: false, joins: false, nameWeight: 0, aggregateDepth: 1, priorWeight: 0 };
    const first = (x: Partial<MatchParams>) =>
      new MatchIndex([art("qa"), art("qb"), art("qc")], close, undefined, { ...p, ...x })
        .search("alpha", 1)
        .artifacts.map((a) => a.artifact);
    expect(first({ candidateCaps: Infinity })).toEqual([1]);
    expect(first({ candidateCaps: 1 })).toEqual([1]);
    expect(first({})).toEqual([1]);
  });

  it("an artifact lifted by naming it", () => {
    const arts = [art("qa"), art("beta", "Beta"), art("qc")];
    expect(top(arts, { nameWeight: 3, candidateCaps: Infinity })).toEqual([1]);
    expect(top(arts, { nameWeight: 3, candidateCaps: 1 })).toEqual([1]);
  });
});
