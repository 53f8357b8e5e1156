import { describe, expect, it } from "vitest";
import type { Artifact } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { LearnedIndex, type LearnedOutcome } from "./learned.js";
import { LearnedOutcomes } from "./learned-outcomes.js";
import { SegmentedIndex } from "./segments.js";
import { sampleCapability, sampleManifest } from "../store/fixtures.suite.js";

const taxonomy = loadTaxonomy();
const NOW = new Date("2026-12-01T00:00:00Z");

function art(slug: string, kind: Artifact["kind"], capName: string, intents: string[] = []): Artifact {
  const capabilities = [sampleCapability({ name: capName, description: "", intents })];
  return sampleManifest(slug, { name: slug.replace(/-/g, " "), kind, description: "", capabilities }).artifact;
}

const base = [
  art("alpha-tool", "library", "summarise long documents"),
  art("beta-tool", "library", "translate documents"),
  art("gamma-tool", "model", "classify images"),
];
const slugs = (ix: SegmentedIndex, q: string, f = {}) =>
  ix.search(q, 10, f).artifacts.map((a) => ix.artifacts[a.artifact]?.slug);

describe("segmented index: the delta behaves like the base", () => {
  it("a removed artifact leaves search at once, also when named or filtered", () => {
    const ix = SegmentedIndex.build(base, taxonomy).apply([], ["beta-tool"], taxonomy);
    expect(slugs(ix, "translate documents")).toEqual(["alpha-tool"]);
    expect(slugs(ix, "beta tool")).toEqual([]);
    expect(slugs(ix, "translate", { kind: "library" })).toEqual([]);
  });

  it("a changed artifact is found by its new text only, and filters read its new fields (the old version is masked)", () => {
    const ix = SegmentedIndex.build(base, taxonomy).apply(
      [art("beta-tool", "model", "detect objects in video")],
      [],
      taxonomy,
    );
    expect(slugs(ix, "translate")).toEqual([]);
    expect(slugs(ix, "detect objects")).toEqual(["beta-tool"]);
    expect(slugs(ix, "detect objects", { kind: "library" })).toEqual([]);
    expect(slugs(ix, "detect objects", { kind: "model" })).toEqual(["beta-tool"]);
    // Its slot and capability ordinals stay where the base had them.
    expect(ix.slotOf("beta-tool")).toBe(1);
    expect(ix.search("detect", 1).artifacts[0]?.capabilities[0]?.ordinal).toBe(1);
  });

  it("explains a delta artifact's match from the delta's postings (why)", () => {
    const ix = SegmentedIndex.build(base, taxonomy).apply(
      [art("delta-tool", "library", "transcribe podcasts")],
      [],
      taxonomy,
    );
    const hit = ix.search("transcribe podcasts", 5).artifacts[0];
    expect(ix.artifacts[hit?.artifact ?? -1]?.slug).toBe("delta-tool");
    expect(hit?.capabilities[0]?.why?.filter((w) => w.kind === "typed").map((w) => [w.term, w.fields])).toEqual([
      ["transcribe", ["name"]],
      ["podcast", ["name"]],
    ]);
    expect(ix.explain(hit?.capabilities[0]?.ordinal ?? -1, ix.expandQuery("podcasts")).map((w) => w.term)).toEqual([
      "podcast",
    ]);
  });

  it("corrects a typo to, and expands a stem to, a word only the delta has", () => {
    const ix = SegmentedIndex.build(base, taxonomy).apply(
      [art("delta-tool", "library", "quantum generation")],
      [],
      taxonomy,
    );
    const typo = ix.search("quantam", 5);
    expect(typo.terms.find((t) => t.kind === "typo")?.term).toBe("quantum");
    expect(typo.artifacts.map((a) => ix.artifacts[a.artifact]?.slug)).toEqual(["delta-tool"]);
    const stem = ix.search("generate", 5);
    expect(stem.terms.map((t) => t.term)).toContain("generation");
    expect(ix.artifacts[stem.artifacts[0]?.artifact ?? -1]?.slug).toBe("delta-tool");
    expect(stem.artifacts[0]?.capabilities[0]?.why?.map((w) => w.term)).toContain("generation");
  });

  it("expands a synonym to a word only the delta has, and to one only the base has", () => {
    const ix = SegmentedIndex.build(base, taxonomy).apply(
      [art("delta-tool", "library", "tldr of threads")],
      [],
      taxonomy,
    );
    const r = ix.search("summary", 5);
    expect(r.terms.filter((t) => t.kind === "synonym").map((t) => t.term)).toEqual(
      expect.arrayContaining(["tldr", "summarise"]),
    );
    const why = (slug: string) =>
      r.artifacts.find((a) => ix.artifacts[a.artifact]?.slug === slug)?.capabilities[0]?.why?.map((w) => w.term);
    expect(why("alpha-tool")).toContain("summarise");
    expect(why("delta-tool")).toContain("tldr");
  });

  it("keeps its layout token (and so the learned side index) while no capability ordinal moves", () => {
    const ix = SegmentedIndex.build(base, taxonomy);
    const text = ix.apply([art("beta-tool", "model", "detect objects")], [], taxonomy);
    const appended = text.apply([art("delta-tool", "library", "new one")], [], taxonomy);
    expect(text.layout).toBe(ix.layout);
    expect(appended.layout).toBe(ix.layout);
    const otherIds = {
      ...art("alpha-tool", "library", "x"),
      capabilities: [
        { ...(art("alpha-tool", "library", "x").capabilities[0] as Artifact["capabilities"][number]), id: "renamed" },
      ],
    };
    expect(ix.apply([otherIds], [], taxonomy).layout).not.toBe(ix.layout);
    expect(ix.apply([], ["alpha-tool"], taxonomy).layout).not.toBe(ix.layout);
  });

  it("applies learned intents to a delta artifact's capabilities (by slot ordinals)", () => {
    const ix = SegmentedIndex.build(base, taxonomy).apply(
      [art("delta-tool", "library", "organise notes")],
      [],
      taxonomy,
    );
    const rows: LearnedOutcome[] = Array.from({ length: 10 }, (_, r) => ({
      seq: r + 1,
      matchId: `m${r}`,
      query: "summarise my meeting",
      slug: "delta-tool",
      capabilityId: "one",
      outcome: "success",
      reporter: `r${r}`,
      at: NOW.toISOString(),
    }));
    const log = new LearnedOutcomes();
    log.add(rows);
    const before = slugs(ix, "summarise meeting");
    expect(before[0]).toBe("alpha-tool");
    ix.setLearned(
      new LearnedIndex(log.rows(), (slug, id) => (slug === "delta-tool" && id === "one" ? 3 : undefined), NOW),
    );
    const r = ix.search("summarise meeting", 10);
    expect(r.learned.map((h) => h.ordinal)).toEqual([3]);
    expect(r.artifacts.map((a) => ix.artifacts[a.artifact]?.slug)[0]).toBe("delta-tool");
  });
});
