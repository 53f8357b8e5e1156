import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Capability } from "../catalog/schema.js";
import { sampleManifest } from "../store/contract.suite.js";
import type { StoredSignal } from "../store/store.js";
import { adoptionPoints, capRankTie, scoreCatalog } from "./scores.js";
import { licencePoints, peerScore, signalConfidence } from "./subscores.js";

const DAY = 86_400_000;
const asOf = new Date("2026-11-27T00:00:00Z");
const daysAgo = (d: number) => new Date(asOf.getTime() - d * DAY).toISOString().slice(0, 10);
const unixDaysAgo = (d: number) => Math.round((asOf.getTime() - d * DAY) / 1000);
const sig = (
  slug: string,
  metric: string,
  value: number,
  observedAt = daysAgo(0),
  source = "test registry",
): StoredSignal => ({ slug, metric, value, source, observedAt, recordedAt: observedAt });

/** Three libraries: x has full data, y has stale adoption and no release facts, z a vague licence. */
function fixture() {
  const base = sampleManifest("x").artifact.capabilities[0] as Capability;
  const caps = (["documented", "documented", "declared", "declared"] as const).map((evidence, i) => ({
    ...base,
    id: `c${i}`,
    evidence,
  }));
  const x = sampleManifest("x", { license: "MIT", capabilities: caps }).artifact;
  const y = sampleManifest("y").artifact;
  const z = sampleManifest("z", { license: "other" }).artifact;
  const signals = [
    sig("x", "npm.downloads.monthly", 999_999),
    sig("x", "releases.latestAt", unixDaysAgo(180), daysAgo(0), "npm registry (x 1.0)"),
    sig("x", "releases.last365d", 6, daysAgo(0), "npm registry (x history)"),
    sig("y", "npm.downloads.monthly", 99_999_999, daysAgo(360)),
    sig("z", "npm.downloads.monthly", 99),
  ];
  const matchCounts = [
    { slug: "x", times: 9 },
    { slug: "z", times: 1 },
  ];
  return scoreCatalog({ artifacts: [x, y, z], signals, matchCounts, asOf });
}

describe("CapRank methodology v1.1 (hand-computed)", () => {
  it("keeps the absolute log scale for each signal", () => {
    expect(adoptionPoints("npm.downloads.monthly", 999_999)).toBe(75); // 100·log10(1e6)/log10(1e8+1) = 74.99…
    expect(adoptionPoints("pypi.downloads.rank", 150)).toBe(47.9); // 100·(1 − ln150/ln15000) = 47.89
    expect(adoptionPoints("pypi.downloads.rank", 1)).toBe(100);
    expect(adoptionPoints("github.stars", 0)).toBe(0);
    expect(adoptionPoints("unknown.metric", 5)).toBeUndefined();
  });

  it("turns a signal into a mid-rank percentile among the kind, blended while peers are few", () => {
    // two others, one below: percentile 50, blend 2/10 → 0.2·50 + 0.8·75 = 70
    expect(peerScore(75, [25, 75, 100])).toEqual({ score: 70, percentile: 50, others: 2 });
    // alone: the absolute scale
    expect(peerScore(75, [75])).toEqual({ score: 75, percentile: null, others: 0 });
    // ten others (full blend), 4 below and 2 equal: (4 + 0.5·2)/10 = 50
    expect(peerScore(60, [10, 20, 30, 40, 60, 60, 60, 70, 80, 90, 95]).score).toBe(50);
  });

  it("counts peers below and equal by binary search exactly as a scan would", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }), fc.nat(), (raw, pick) => {
        const peers = [...raw].sort((a, b) => a - b);
        const own = peers[pick % peers.length] as number;
        const others = peers.length - 1;
        const below = peers.filter((p) => p < own).length,
          equal = peers.filter((p) => p === own).length - 1;
        const expected = others === 0 ? null : Math.round((1000 * (below + 0.5 * equal)) / others) / 10;
        expect(peerScore(own, peers).percentile).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("decays a signal's confidence with its age", () => {
    expect(signalConfidence({ observedAt: daysAgo(0) }, asOf)).toBe(1);
    expect(signalConfidence({ observedAt: daysAgo(365) }, asOf)).toBe(0.5);
    expect(signalConfidence({ observedAt: daysAgo(730) }, asOf)).toBe(0.25);
    expect(signalConfidence({ observedAt: "not a date" }, asOf)).toBe(0);
  });

  it("scores licence clarity", () => {
    expect(licencePoints("MIT")).toBe(15);
    expect(licencePoints("Llama 3.3 Community License")).toBe(15);
    expect(licencePoints("other")).toBe(5);
    expect(licencePoints(undefined)).toBe(0);
  });

  it("computes every sub-score and CapRank for an artifact with full data", () => {
    const x = fixture().get("x");
    // adoption: peers 75 (x), 100 (y), 25 (z) → 70 (see above); fresh, confidence 1
    expect(x?.scores.adoption).toMatchObject({ raw: 70, confidence: 1, value: 70, interval: [68, 72] });
    // quality: evidence 35·(0.8+0.8+0.4+0.4)/4 = 21; depth: best 3 by evidence 15·(0.8+0.8+0.4)/3 = 10; MIT 15; active 10;
    // release (primary source npm) 180 days ago 15·0.5^(180/365) = 10.7; 6 releases 10 → 76.7 of 100
    expect(x?.scores.quality).toMatchObject({ raw: 77, confidence: 1, value: 77 });
    expect(x?.scores.ecosystem).toMatchObject({ raw: 30, confidence: 1, value: 30 });
    // no outcomes: Match Graph is no data, whatever Times matched says (9 here, shown only)
    expect(x?.scores.matchGraph).toMatchObject({
      raw: null,
      confidence: 0,
      value: null,
      prior: 50,
      interval: [0, 100],
    });
    expect(x?.timesMatched).toBe(9);
    expect(x?.scores.freshness).toMatchObject({ raw: 50, confidence: 1, value: 50 }); // one half-life after the release
    // library weights: 0.3·70 + 0.25·77 + 0.2·30 + 0.15·50 (prior) + 0.1·50 = 58.75
    expect(x?.capRank).toBe(59);
    // half-width 2 + 30·0.15 = 6.5 → 7
    expect(x?.halfWidth).toBe(7);
    expect(x?.interval).toEqual([52, 66]);
    expect(x?.imputed).toEqual({ matchGraph: 50 });
  });

  it("shrinks stale and partial data toward the lower-quartile prior and widens the interval", () => {
    const y = fixture().get("y");
    // adoption: percentile 100, absolute 100 → 100, but observed 360 days ago: confidence 0.505;
    // prior: fewer than 5 libraries with data, so the catalog's lower quartile of (20, 70, 100) = 45
    // → 0.505·100 + 0.495·45 = 72.8
    expect(y?.scores.adoption).toMatchObject({
      raw: 100,
      confidence: 0.505,
      prior: 45,
      value: 73,
      interval: [46, 100],
    });
    // quality: 35·0.4 + 15·0.4/3 + 0 (no licence) + 10 = 26 of the 75 available → 35, confidence 0.75;
    // prior: lower quartile of (35, 41, 77) = 38 → 0.75·35 + 0.25·38 = 35.75; range ± (2 + 50·0.25) → ±15
    expect(y?.scores.quality).toMatchObject({ raw: 35, confidence: 0.75, prior: 38, value: 36, interval: [21, 51] });
    // no release date from its primary source (npm): no data, never the date the signal was read
    expect(y?.scores.freshness).toMatchObject({ raw: null, confidence: 0, value: null, interval: [0, 100] });
    expect(y?.imputed).toEqual({ matchGraph: 50, freshness: 50 });
    // 0.3·73 + 0.25·36 + 0.2·30 + 0.15·50 + 0.1·50 = 49.4
    expect(y?.capRank).toBe(49);
    // unbacked weight 0.3·0.495 + 0.25·0.25 + 0.2·0.495 + 0.15 + 0.1 = 0.56 → 2 + 16.8 → 19
    expect(y?.interval).toEqual([30, 68]);
  });

  it("gives a vague licence a third of the licence points", () => {
    const z = fixture().get("z");
    // 35·0.4 + 15·0.4/3 + 5 + 10 = 31 of 75 → 41
    expect(z?.scores.quality.raw).toBe(41);
    expect(z?.scores.quality.inputs.find((i) => i.label === "licence clarity")?.points).toBe(5);
  });

  it("uses the newest observation of a metric", () => {
    const x = sampleManifest("x").artifact;
    const card = scoreCatalog({
      artifacts: [x],
      signals: [sig("x", "npm.downloads.monthly", 99_999_999, daysAgo(30)), sig("x", "npm.downloads.monthly", 99)],
      matchCounts: [],
      asOf,
    }).get("x");
    expect(card?.scores.adoption.inputs.map((i) => i.value)).toEqual([99]);
    expect(card?.scores.adoption.raw).toBe(25);
  });

  it("ignores future-dated observations and unbelievable activity dates instead of trusting or crashing on them", () => {
    const a = sampleManifest("a").artifact;
    const signals = [
      sig("a", "npm.downloads.monthly", 99_999_999, "2099-01-01"),
      sig("a", "npm.downloads.monthly", 99, daysAgo(10)),
      sig("a", "releases.latestAt", 1e13),
      sig("a", "repo.pushedAt", unixDaysAgo(-400)),
      sig("a", "pypi.downloads.rank", 0),
    ];
    const card = scoreCatalog({ artifacts: [a], signals, matchCounts: [], asOf }).get("a");
    expect(card?.scores.adoption.inputs.map((i) => i.value)).toEqual([99]);
    expect(card?.scores.quality.inputs.map((i) => i.label)).not.toContain("latest release or push");
    // no believable activity date: freshness is no data (a read date is never activity)
    expect(card?.scores.freshness).toMatchObject({ value: null, confidence: 0 });
  });

  it("counts release signals as presence on the registry their source names", () => {
    const a = sampleManifest("a").artifact;
    const card = scoreCatalog({
      artifacts: [a],
      signals: [
        { ...sig("a", "releases.count", 9), source: "npm registry (a release history)" },
        { ...sig("a", "releases.latestAt", unixDaysAgo(10)), source: "PyPI JSON API (a 1.0)" },
      ],
      matchCounts: [],
      asOf,
    }).get("a");
    expect(card?.scores.ecosystem.inputs.map((i) => i.label)).toEqual(["present on npm", "present on pypi"]);
    expect(card?.scores.ecosystem.raw).toBe(60);
  });

  it("falls back to 50 when nobody of the kind has data, never to 0", () => {
    const y = sampleManifest("y").artifact;
    const card = scoreCatalog({ artifacts: [y], signals: [], matchCounts: [], asOf }).get("y");
    expect(card?.imputed).toEqual({ adoption: 50, ecosystem: 50, matchGraph: 50, freshness: 50 });
    // quality: raw 35 at 0.75, prior 35 (the only quality value) → 35; 0.3·50 + 0.25·35 + 0.2·50 + 0.15·50 + 0.1·50 = 46.25
    expect(card?.capRank).toBe(46);
    // unbacked 0.3 + 0.25·0.25 + 0.2 + 0.15 + 0.1 = 0.8125 → 2 + 24.4
    expect(card?.interval).toEqual([20, 72]);
  });

  it("calls a difference within the combined uncertainty a tie", () => {
    const cards = fixture();
    const x = cards.get("x"),
      y = cards.get("y");
    if (!x || !y) throw new Error("fixture");
    // half-widths 7 and 19: √(49 + 361) = 20.2 → 20; difference 10
    expect(capRankTie(x, y)).toEqual({ tied: true, difference: 10, uncertainty: 20 });
    expect(capRankTie({ capRank: 80, halfWidth: 2 }, { capRank: 70, halfWidth: 2 })).toEqual({
      tied: false,
      difference: 10,
      uncertainty: 3,
    });
    expect(capRankTie({ capRank: 80, halfWidth: 0 }, { capRank: 78, halfWidth: 0 }).tied).toBe(true); // never below 2
    // near the top the shown range is clipped at 100, but the tie uses the full half-width: √(400 + 400) = 28
    expect(capRankTie({ capRank: 97, halfWidth: 20 }, { capRank: 80, halfWidth: 20 })).toEqual({
      tied: true,
      difference: 17,
      uncertainty: 28,
    });
  });

  it("Quality does not grow with the number or length of capabilities beyond the cap; declared-only claims earn less", () => {
    const base = sampleManifest("q").artifact.capabilities[0] as Capability;
    const many = (n: number, evidence: Capability["evidence"], text = "Does one.") =>
      sampleManifest(`q${n}${evidence}${text.length}`, {
        license: "MIT",
        capabilities: Array.from({ length: n }, (_, i) => ({ ...base, id: `c${i}`, evidence, description: text })),
      }).artifact;
    const arts = [
      many(3, "documented"),
      many(30, "documented"),
      many(3, "documented", "A much longer description. ".repeat(60)),
      many(30, "declared"),
    ];
    const q = arts.map((a) => scoreCatalog({ artifacts: arts, signals: [], asOf }).get(a.slug)?.scores.quality.raw);
    expect(q[1]).toBe(q[0]); // 30 capabilities earn what 3 do
    expect(q[2]).toBe(q[0]); // longer ones too
    // declared-only: evidence 35·0.4 + depth 15·0.4 + 15 + 10 = 45 of 75 → 60, vs 28 + 12 + 25 = 65 → 87
    expect([q[3], q[0]]).toEqual([60, 87]);
  });

  it("takes freshness from the primary source only: declared, by kind, by language tag, or the only registry", () => {
    const release = (slug: string, source: string, days: number) => ({
      ...sig(slug, "releases.latestAt", unixDaysAgo(days)),
      source,
    });
    const py = sampleManifest("py", { tags: ["python", "typescript"] }).artifact;
    const declared = sampleManifest("decl", { tags: ["python"], primarySource: "npm" }).artifact;
    const repo = sampleManifest("repo", { kind: "repository" }).artifact;
    const signals = [
      release("py", "npm registry (py-js 0.1)", 10),
      release("decl", "npm registry (decl 1.0)", 10),
      { ...sig("repo", "repo.pushedAt", unixDaysAgo(180)), source: "GitHub REST API (repos/a/repo)" },
    ];
    const cards = scoreCatalog({ artifacts: [py, declared, repo], signals, asOf });
    expect(cards.get("py")?.scores.freshness.value).toBeNull(); // a Python library: a secondary npm package's release is not its activity
    expect(cards.get("decl")?.scores.freshness.raw).toBe(96); // declared npm: 100·0.5^(10/180)
    expect(cards.get("repo")?.scores.freshness.raw).toBe(50); // a repository: its push date
  });
});
