import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FIELD_NAMES,
  MatchIndex,
  type FieldName,
  type IndexArtifact,
  type IndexCapability,
  type MatchParams,
} from "./engine.js";
import { LearnedIndex, type LearnedOutcome } from "./learned.js";
import { LearnedOutcomes } from "./learned-outcomes.js";
import { WORDS } from "./oracle.suite.js";

describe("MaxScore: deferred frequent terms", () => {
  // A few words in most capabilities, the rest rare: long intents of common words, as people write them.
  const COMMON = ["model", "data", "tool", "open"];
  const word = fc.oneof(
    { arbitrary: fc.constantFrom(...COMMON), weight: 4 },
    { arbitrary: fc.constantFrom(...WORDS), weight: 1 },
  );
  const skewed = fc.array(word, { maxLength: 8 }).map((ws) => ws.join(" "));
  const capArb = fc.record({
    artifact: fc.nat(7),
    node: fc.constantFrom(null, "capability://image", "capability://image.edit", "capability://text"),
    fields: fc.record(
      Object.fromEntries(FIELD_NAMES.map((f) => [f, skewed])) as Record<FieldName, fc.Arbitrary<string>>,
    ),
  });
  // One or two rare words among many common ones: the shape where deferring the common ones pays.
  const rareThenCommon = fc
    .tuple(
      fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 }),
      fc.array(fc.constantFrom(...COMMON), { minLength: 2, maxLength: 12 }),
    )
    .map(([r, c]) => [...c.slice(0, 3), ...r, ...c.slice(3)]);
  const eight = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 8, maxLength: 8 });
  const setup = fc.record({
    caps: fc.array(capArb, { minLength: 1, maxLength: 80 }),
    names: eight(fc.constantFrom("zz", "open tool", "vector", "data store")),
    priors: eight(fc.double({ min: 0, max: 1, noNaN: true })),
    kinds: eight(fc.constantFrom("library", "model")),
    query: fc.oneof(fc.array(word, { minLength: 1, maxLength: 14 }), rareThenCommon).map((ws) => ws.join(" ")),
    limit: fc.integer({ min: 1, max: 8 }),
    filters: fc.constantFrom(
      {},
      { kind: "library" },
      { subtree: "capability://image" },
      { kind: "model", subtree: "capability://text" },
    ),
    // ∞ defers every term after the first: the proof then often fails and the exhaustive pass answers.
    pruneAim: fc.constantFrom(0.5, 1, 1e9, Infinity, Infinity),
    candidateCaps: fc.constantFrom(1, 4, 1024),
    denseShare: fc.constantFrom(1e-9, 4, 1e9),
    priorWeight: fc.constantFrom(0.1, 1),
    nameWeight: fc.constantFrom(0, 1),
    kernel: fc.boolean(),
    learned: fc.array(
      fc.record({ words: fc.array(word, { minLength: 1, maxLength: 5 }), cap: fc.nat(79), success: fc.boolean() }),
      { maxLength: 6 },
    ),
  });

  it("return exactly what the exhaustive search returns: scores, order, explanations (long common-word intents, filters, limits, names, priors, learned intents, WebAssembly or JavaScript loops)", () => {
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
        const caps: IndexCapability[] = x.caps.map((c) => ({ artifact: c.artifact, node: c.node, fields: c.fields }));
        const rows: LearnedOutcome[] = [];
        x.learned.forEach((l, i) => {
          // Four reporters each: enough for the learned intent to count (MIN_REPORTERS).
          for (let r = 0; r < 4; r++)
            rows.push({
              seq: rows.length + 1,
              matchId: `m${i}-${r}`,
              query: l.words.join(" "),
              slug: "",
              capabilityId: String(l.cap % caps.length),
              outcome: l.success ? "success" : "failure",
              reporter: `r${i}-${r}`,
              at: "2026-12-01T00:00:00.000Z",
            });
        });
        const log = new LearnedOutcomes();
        log.add(rows);
        const make = (p: Partial<MatchParams>) => {
          const idx = new MatchIndex(arts, caps, undefined, {
            nameWeight: x.nameWeight,
            priorWeight: x.priorWeight,
            ...p,
          });
          x.priors.forEach((v, i) => idx.setPrior(i, v));
          idx.setLearned(new LearnedIndex(log.rows(), (_slug, id) => Number(id), new Date("2026-12-01T00:00:00Z")));
          return idx;
        };
        const exhaustive = make({ pruneTerms: false, candidateCaps: Infinity, kernel: false }).search(
          x.query,
          x.limit,
          {
            ...x.filters,
          },
        );
        const pruned = make({
          pruneTerms: true,
          pruneAim: x.pruneAim,
          candidateCaps: x.candidateCaps,
          denseShare: x.denseShare,
          kernel: x.kernel,
        }).search(x.query, x.limit, { ...x.filters });
        expect(pruned).toEqual(exhaustive);
        // Without term pruning the learned additions sit in the accumulator and the aggregation's bounds must cover them.
        const bounded = make({
          pruneTerms: false,
          candidateCaps: x.candidateCaps,
          denseShare: x.denseShare,
          kernel: x.kernel,
        }).search(x.query, x.limit, { ...x.filters });
        expect(bounded).toEqual(exhaustive);
      }),
      { numRuns: 1500 },
    );
  });
});
