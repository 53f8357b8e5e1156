import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { sampleCapability, sampleManifest } from "../store/fixtures.suite.js";
import { WORDS } from "./oracle.suite.js";
import type { Postings } from "./postings.js";
import { SegmentedIndex } from "./segments.js";
import { runSliced } from "./steps.js";

/* A build run in slices (the event loop's turns in between, another build interleaved) equals the build run at once. */

const taxonomy = loadTaxonomy();
// Non-ASCII words take the general analysis path; "Vendor: " names split name and vendor words.
const VOCAB = [...WORDS, "café", "naïve", "überfast", "generation", "generator", "speech"];
const URIS = ["capability://text.summarization", "capability://image.generation", "capability://code.generation"];
const QUERY = [...VOCAB, "serch", "generate", "imagez", "acme"];

const text = fc.array(fc.constantFrom(...VOCAB), { maxLength: 7 }).map((ws) => ws.join(" "));
const version = fc.record({
  name: fc.tuple(fc.boolean(), fc.constantFrom(...VOCAB)).map(([vendor, w]) => (vendor ? `Acme: ${w}` : w)),
  caps: fc.array(
    fc.record({
      name: text,
      description: text,
      intents: fc.array(text, { maxLength: 2 }),
      uri: fc.constantFrom(...URIS),
    }),
    { minLength: 0, maxLength: 3 },
  ),
});
const corpus = fc.array(version, { minLength: 1, maxLength: 40 });

function artifacts(
  vs: readonly { name: string; caps: { name: string; description: string; intents: string[]; uri: string }[] }[],
  tag: string,
): Artifact[] {
  return vs.map(
    (v, i) =>
      sampleManifest(`${tag}${i}`, {
        name: v.name,
        description: "",
        capabilities: v.caps.map((c, k) => sampleCapability({ id: `c${k}`, ...c })),
      }).artifact,
  );
}

/** What the build computed, read from the index's protected fields (postings, vocabulary, names, taxonomy links, bounds). */
interface Built {
  post: Postings;
  terms: string[];
  nameTerms: Map<string, number[]>;
  vendorTerms: Map<string, number[]>;
  nodeUris: string[];
  nodeCaps: Uint32Array[];
  capNode: Int32Array;
  maxImpact: Float32Array;
}
const parts = (ix: SegmentedIndex) => {
  const b = ix.base as unknown as Built;
  return {
    start: [...b.post.start],
    docs: [...b.post.docs],
    impacts: [...b.post.impacts],
    fields: [...b.post.fields],
    avgLength: b.post.avgLength,
    terms: b.terms,
    nameTerms: [...b.nameTerms],
    vendorTerms: [...b.vendorTerms],
    nodeUris: b.nodeUris,
    nodeCaps: b.nodeCaps.map((c) => [...c]),
    capNode: [...b.capNode],
    maxImpact: [...b.maxImpact],
  };
};

describe("sliced index build", () => {
  it("builds, one step per event-loop turn and interleaved with another build, the same index as the build run at once (postings, vocabulary, names, typos, stems, search results)", async () => {
    await fc.assert(
      fc.asyncProperty(
        corpus,
        corpus,
        fc.array(fc.array(fc.constantFrom(...QUERY), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        async (a, b, queries) => {
          const arts = artifacts(a, "a"),
            other = artifacts(b, "b");
          const [sliced, slicedOther] = await Promise.all([
            runSliced(SegmentedIndex.steps(arts, taxonomy, {}), 0),
            runSliced(SegmentedIndex.steps(other, taxonomy, {}), 0),
          ]);
          const once = SegmentedIndex.build(arts, taxonomy);
          expect(parts(sliced)).toEqual(parts(once));
          expect(parts(slicedOther)).toEqual(parts(SegmentedIndex.build(other, taxonomy)));
          for (const words of queries) {
            const q = words.join(" ");
            expect(sliced.search(q, 10)).toEqual(once.search(q, 10));
            expect(sliced.expandQuery(q)).toEqual(once.expandQuery(q));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("a merge's changes since the generation it built from", () => {
  it("carries every upsert and removal made during the build: the rebuilt base plus them equals replaying them one by one", () => {
    const op = fc.record({ slug: fc.nat(9), remove: fc.boolean(), v: version });
    fc.assert(
      fc.property(
        corpus,
        fc.array(op, { maxLength: 5 }),
        fc.array(op, { minLength: 1, maxLength: 6 }),
        (base, before, during) => {
          // Up to the merge's start: upserts only (a snapshot's catalog has a version in every slot).
          let s = SegmentedIndex.build(artifacts(base, "s"), taxonomy);
          const catalog = new Map(artifacts(base, "s").map((a) => [a.slug, a]));
          for (const o of before) {
            const a = artifacts([o.v], `s${o.slug}-`)[0] as Artifact;
            const next = { ...a, slug: `s${o.slug}` };
            catalog.set(next.slug, next);
            s = s.apply([next], [], taxonomy);
          }
          const atStart = [...catalog.values()].sort(
            (x, y) => (s.slotOf(x.slug) as number) - (s.slotOf(y.slug) as number),
          );
          let now = s;
          const replay: ((ix: SegmentedIndex) => SegmentedIndex)[] = [];
          for (const o of during) {
            const slug = `s${o.slug}`;
            const a = { ...(artifacts([o.v], `${slug}-`)[0] as Artifact), slug };
            const step = (ix: SegmentedIndex) =>
              o.remove ? ix.apply([], [slug], taxonomy) : ix.apply([a], [], taxonomy);
            now = step(now);
            if (o.remove) catalog.delete(slug);
            else catalog.set(slug, a);
            replay.push(step);
          }
          const changes = now.changesSince(s);
          const removedNew = [...during].some((o) => o.remove && s.slotOf(`s${o.slug}`) === undefined);
          if (!changes) {
            expect(removedNew).toBe(true);
            return;
          }
          const built = SegmentedIndex.build(atStart, taxonomy);
          const merged = built.apply(changes.upserts, changes.removed, taxonomy);
          const replayed = replay.reduce((ix, step) => step(ix), SegmentedIndex.build(atStart, taxonomy));
          // Every live artifact in the same slot with the same record (a removed slot's record is not read).
          for (const slug of catalog.keys()) {
            const slot = now.slotOf(slug) as number;
            expect(merged.slotOf(slug)).toBe(slot);
            expect(merged.artifacts[slot]).toEqual(now.artifacts[slot]);
          }
          expect(merged.size).toBe(now.size);
          for (const q of ["search", "images text", "serch generate", "acme code"])
            expect(merged.search(q, 10)).toEqual(replayed.search(q, 10));
          expect(now.changesSince(SegmentedIndex.build(atStart, taxonomy))).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });
});
