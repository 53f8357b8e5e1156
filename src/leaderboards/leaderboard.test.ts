import { describe, expect, it } from "vitest";
import type { Artifact, ArtifactKind } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { sampleManifest } from "../store/contract.suite.js";
import type { ScoreCard } from "../rank/scores.js";
import { buildLeaderboard, buildLeaderboardIndex, LEADERBOARD_TIE_POINTS, rankByInterval } from "./leaderboard.js";

const taxonomy = loadTaxonomy();
const item = (slug: string, capRank: number, lower: number) => ({ slug, name: slug.toUpperCase(), capRank, lower });

function entry(
  slug: string,
  capRank: number,
  half: number,
  over: Partial<Artifact> = {},
): { a: Artifact; card: ScoreCard } {
  const a = sampleManifest(slug, over).artifact;
  const card = {
    slug,
    kind: a.kind,
    capRank,
    halfWidth: half,
    interval: [capRank - half, capRank + half],
  } as ScoreCard;
  return { a, card };
}
function input(es: { a: Artifact; card: ScoreCard }[]) {
  return { artifacts: es.map((e) => e.a), cards: new Map(es.map((e) => [e.a.slug, e.card])), taxonomy };
}

describe("leaderboard order (finding 14.3: an artifact without evidence outranks a well-evidenced one on its point estimate)", () => {
  it("sorts by the lower end of the range: a wide range does not win on its point estimate", () => {
    const r = rankByInterval([item("thin", 60, 35), item("evidenced", 55, 50)]);
    expect(r.map((x) => [x.slug, x.placeText])).toEqual([
      ["evidenced", "1"],
      ["thin", "2"],
    ]);
  });

  it(`shows ties as ties: lower ends within ${LEADERBOARD_TIE_POINTS} points of the group's first share its place`, () => {
    const r = rankByInterval([
      item("a", 70, 50),
      item("b", 69, 49),
      item("c", 60, 48),
      item("d", 60, 47),
      item("e", 55, 40),
      item("f", 52, 40),
      item("g", 30, 20),
    ]);
    expect(r.map((x) => `${x.placeText} ${x.slug}`)).toEqual(["=1 a", "=1 b", "=1 c", "4 d", "=5 e", "=5 f", "7 g"]);
    expect(r.filter((x) => x.tied).map((x) => x.slug)).toEqual(["a", "b", "c", "e", "f"]);
  });

  it("breaks equal lower ends by CapRank, then name, so the order is stable", () => {
    expect(rankByInterval([item("zed", 50, 40), item("amy", 50, 40), item("top", 52, 40)]).map((x) => x.slug)).toEqual([
      "top",
      "amy",
      "zed",
    ]);
  });
});

describe("leaderboards", () => {
  const cat = [
    entry("open-lib", 60, 5, { license: "MIT" }),
    entry("paid-api", 70, 5, {
      kind: "api" as ArtifactKind,
      license: "Proprietary",
      pricing: { model: "paid", freeTier: false, prices: [{ amount: 0.00003, currency: "USD", unit: "prompt-token" }] },
    }),
    entry("weights", 50, 5, {
      kind: "model" as ArtifactKind,
      license: "Llama 3.3 Community License",
      capabilities: [{ ...sampleManifest("x").artifact.capabilities[0]!, uri: "capability://audio.speech-to-text" }],
    }),
    entry("other-lib", 40, 20, { license: "Apache-2.0" }),
  ];

  it("filters by free tier, licence name or class, and pricing model", () => {
    const slugs = (f: Parameters<typeof buildLeaderboard>[1]["filters"]) =>
      buildLeaderboard(input(cat), { ...(f ? { filters: f } : {}) }).rows.map((r) => r.slug);
    expect(slugs(undefined)).toEqual(["paid-api", "open-lib", "weights", "other-lib"]);
    expect(slugs({ free: true })).toEqual(["open-lib", "weights", "other-lib"]);
    expect(slugs({ license: "open-source" })).toEqual(["open-lib", "other-lib"]);
    expect(slugs({ license: "open-weights" })).toEqual(["weights"]);
    expect(slugs({ license: "mit" })).toEqual(["open-lib"]);
    expect(slugs({ pricing: "paid" })).toEqual(["paid-api"]);
  });

  it("each row links its neighbours for a one-click compare, and carries prices people read", () => {
    const b = buildLeaderboard(input(cat), {});
    expect(b.rows[0]).toMatchObject({
      slug: "paid-api",
      neighbours: ["open-lib"],
      compareUrl: "/compare/paid-api-vs-open-lib",
      prices: "$30 / 1M input",
    });
    expect(b.rows[1]?.compareUrl).toBe("/compare/paid-api-vs-open-lib-vs-weights");
    expect(b.rows[3]?.compareUrl).toBe("/compare/weights-vs-other-lib");
    expect(buildLeaderboard(input(cat), { kind: "api" }).rows[0]?.compareUrl).toBeNull();
  });

  it("by kind and by taxonomy node (aliases accepted, the node's subtree included); unknown nodes are a clear error", () => {
    expect(buildLeaderboard(input(cat), { kind: "library" }).rows.map((r) => r.slug)).toEqual([
      "open-lib",
      "other-lib",
    ]);
    const asr = buildLeaderboard(input(cat), { capability: "ASR" });
    expect(asr).toMatchObject({
      scope: { type: "capability", uri: "capability://audio.speech-to-text" },
      title: "Speech-to-text",
      total: 1,
    });
    expect(buildLeaderboard(input(cat), { capability: "capability://audio" }).rows.map((r) => r.slug)).toEqual([
      "weights",
    ]);
    expect(buildLeaderboard(input(cat), { capability: "capability://text", kind: "library" })).toMatchObject({
      scope: { type: "capability", uri: "capability://text", kind: "library" },
      title: "Text (libraries)",
      total: 2,
    });
    expect(() => buildLeaderboard(input(cat), { capability: "capability://audio.speach-to-text" })).toThrow(
      /did you mean capability:\/\/audio.speech-to-text/,
    );
  });

  it("the index lists every kind's top entries and the capability nodes with at least two artifacts", () => {
    const ix = buildLeaderboardIndex(input(cat));
    expect(ix.kinds.map((k) => [k.kind, k.total])).toEqual([
      ["library", 2],
      ["api", 1],
      ["model", 1],
    ]);
    expect(ix.capabilities.map((n) => n.uri)).toEqual(["capability://text", "capability://text.summarization"]);
  });
});
