import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { buildCatalogIndex } from "./catalog-index.js";
import type { ArtifactMatch, MatchFilters } from "./engine.js";
import { LearnedIndex, type LearnedOutcome } from "./learned.js";
import { LearnedOutcomes } from "./learned-outcomes.js";
import { SegmentedIndex } from "./segments.js";
import { WORDS as ORACLE_WORDS } from "./oracle.suite.js";
import { sampleCapability, sampleManifest } from "../store/fixtures.suite.js";

const taxonomy = loadTaxonomy();
// Base words, words only upserts bring (a new stem form, a typo target), and misspellings.
const WORDS = [...ORACLE_WORDS, "speech"];
const NEW = ["quantum", "robotics", "generation", "generator", "indexes", "transcription"];
const QUERY = [...WORDS, ...NEW, "quantam", "serch", "generate", "images", "speach"];
const URIS = [
  "capability://text.summarization",
  "capability://image.generation",
  "capability://audio.speech-to-text",
  "capability://code.generation",
];
const NOW = new Date("2026-12-01T00:00:00Z");

const text = (words: readonly string[]) =>
  fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 6 }).map((ws) => ws.join(" "));
const capability = (words: readonly string[]) =>
  fc.record({
    name: text(words),
    description: text(words),
    intents: fc.array(text(words), { maxLength: 2 }),
    uri: fc.constantFrom(...URIS),
  });
const version = (words: readonly string[]) =>
  fc.record({
    name: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 2 }).map((ws) => ws.join(" ")),
    kind: fc.constantFrom("library" as const, "model" as const),
    caps: fc.array(capability(words), { minLength: 1, maxLength: 3 }),
    prior: fc.double({ min: 0, max: 1, noNaN: true }),
  });
type Version = {
  name: string;
  kind: "library" | "model";
  caps: { name: string; description: string; intents: string[]; uri: string }[];
  prior: number;
};

function artifact(slug: string, v: Version): Artifact {
  return sampleManifest(slug, {
    name: v.name,
    kind: v.kind,
    description: "",
    pricing: { model: "free", freeTier: v.kind === "library", prices: [] },
    capabilities: v.caps.map((c, i) => sampleCapability({ id: `c${i}`, ...c })),
  }).artifact;
}

const setup = fc.record({
  base: fc.array(version(WORDS), { minLength: 2, maxLength: 8 }),
  // Each op: upsert slug sN with a new version (words of the base and new ones), or remove it.
  ops: fc.array(fc.record({ slug: fc.nat(11), remove: fc.boolean(), v: version([...WORDS, ...NEW]) }), {
    minLength: 1,
    maxLength: 8,
  }),
  queries: fc.array(
    fc.record({
      words: fc.array(fc.constantFrom(...QUERY), { minLength: 1, maxLength: 6 }),
      limit: fc.integer({ min: 1, max: 8 }),
      kind: fc.constantFrom(undefined, "library"),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  learned: fc.array(
    fc.record({
      words: fc.array(fc.constantFrom(...QUERY), { minLength: 1, maxLength: 4 }),
      slug: fc.nat(11),
      success: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
});

/** Same artifacts in the same order, scores within a float32 tolerance; two artifacts may swap only when their scores are equal within it. */
function expectSameRanking(
  got: readonly ArtifactMatch[],
  want: readonly ArtifactMatch[],
  slugGot: (a: number) => string,
  slugWant: (a: number) => string,
): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i] as ArtifactMatch;
    const tol = 1e-5 * Math.max(1, Math.abs(w.score));
    expect(Math.abs(g.score - w.score)).toBeLessThanOrEqual(tol);
    if (slugGot(g.artifact) !== slugWant(w.artifact)) return;
    // Same artifact: the same capabilities (same ordinals: live artifacts in slot order), scores and explanations.
    expect(g.capabilities.length).toBe(w.capabilities.length);
    g.capabilities.forEach((c, j) => {
      const wc = w.capabilities[j];
      expect(Math.abs(c.score - (wc?.score ?? NaN))).toBeLessThanOrEqual(tol);
      if (c.ordinal === wc?.ordinal) expect(c.why).toEqual(wc.why);
    });
  });
}

describe("segmented index vs a full rebuild", () => {
  it("after random upserts and removals, returns the hits of a full rebuild of the final catalog scored with the base's statistics (names, priors, typos, stems, taxonomy, filters, learned intents, why)", () => {
    fc.assert(
      fc.property(setup, (x) => {
        const baseArts = x.base.map((v, i) => artifact(`s${i}`, v));
        let seg = SegmentedIndex.build(baseArts, taxonomy);
        const base = seg.base;
        // The final catalog in slot order: base order, then new artifacts in order of arrival; removed ones leave.
        const order = baseArts.map((a) => a.slug);
        const current = new Map(baseArts.map((a, i) => [a.slug, { a, prior: x.base[i]?.prior ?? 0.5 }]));
        x.base.forEach((v, i) => seg.setPrior(i, v.prior));
        for (const op of x.ops) {
          const slug = `s${op.slug}`;
          if (op.remove) {
            current.delete(slug);
            seg = seg.apply([], [slug], taxonomy);
            continue;
          }
          const a = artifact(slug, op.v);
          if (!order.includes(slug)) order.push(slug);
          current.set(slug, { a, prior: op.v.prior });
          seg = seg.apply([a], [], taxonomy);
          seg.setPrior(seg.slotOf(slug) as number, op.v.prior);
        }
        const final = order.flatMap((s) => {
          const c = current.get(s);
          return c ? [c] : [];
        });
        const oracle = buildCatalogIndex(
          final.map((c) => c.a),
          taxonomy,
          {},
          base,
        );
        final.forEach((c, i) => oracle.setPrior(i, c.prior));
        // Learned intents by (slug, capability): live artifacts laid out in slot order give both the same ordinals.
        const ordinalOf = (slug: string, id: string) => {
          let n = 0;
          for (const c of final) {
            const k = c.a.capabilities.findIndex((cap) => cap.id === id);
            if (c.a.slug === slug) return k < 0 ? undefined : n + k;
            n += c.a.capabilities.length;
          }
          return undefined;
        };
        const rows: LearnedOutcome[] = [];
        x.learned.forEach((l, i) => {
          for (let r = 0; r < 4; r++)
            rows.push({
              seq: rows.length + 1,
              matchId: `m${i}-${r}`,
              query: l.words.join(" "),
              slug: `s${l.slug}`,
              capabilityId: "c0",
              outcome: l.success ? "success" : "failure",
              reporter: `r${i}-${r}`,
              at: NOW.toISOString(),
            });
        });
        const log = new LearnedOutcomes();
        log.add(rows);
        seg.setLearned(new LearnedIndex(log.rows(), ordinalOf, NOW));
        oracle.setLearned(new LearnedIndex(log.rows(), ordinalOf, NOW));
        for (const q of x.queries) {
          const query = q.words.join(" ");
          const filters: MatchFilters = q.kind ? { kind: q.kind } : {};
          const got = seg.search(query, q.limit, filters);
          const want = oracle.search(query, q.limit, filters);
          expect(got.terms).toEqual(want.terms);
          expectSameRanking(
            got.artifacts,
            want.artifacts,
            (s) => seg.artifacts[s]?.slug ?? "",
            (a) => final[a]?.a.slug ?? "",
          );
          for (const g of got.artifacts) expect(current.has(seg.artifacts[g.artifact]?.slug ?? "")).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
