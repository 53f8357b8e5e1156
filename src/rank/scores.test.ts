import { describe, expect, it } from "vitest";
import { sampleManifest } from "../store/contract.suite.js";
import type { StoredSignal } from "../store/store.js";
import { adoptionPoints, scoreCatalog } from "./scores.js";

const day = 86_400_000;
const observed = "2026-06-01";
const asOf = new Date(Date.parse(observed) + 180 * day); // exactly one freshness half-life later

function fixture() {
  const x = sampleManifest("x", { license: "MIT" }).artifact;
  const base = x.capabilities[0];
  if (!base) throw new Error("fixture");
  x.capabilities = [{ ...base, id: "doc", evidence: "documented" }, { ...base, id: "dec", evidence: "declared" }];
  const y = sampleManifest("y").artifact; // one declared capability, no licence, no signals
  const sig = (metric: string, value: number): StoredSignal => ({ slug: "x", metric, value, source: "test registry", observedAt: observed, recordedAt: observed });
  return { artifacts: [x, y], signals: [sig("npm.downloads.monthly", 999_999), sig("pypi.downloads.rank", 150)] };
}

describe("scores v0 (hand-computed)", () => {
  it("log-scales adoption signals against their reference", () => {
    expect(adoptionPoints("npm.downloads.monthly", 999_999)).toBe(75); // 100·log10(1e6)/log10(1e8+1) = 74.99…
    expect(adoptionPoints("pypi.downloads.rank", 150)).toBe(47.9); // 100·(1 − ln150/ln15000) = 47.89
    expect(adoptionPoints("pypi.downloads.rank", 1)).toBe(100);
    expect(adoptionPoints("github.stars", 0)).toBe(0);
    expect(adoptionPoints("unknown.metric", 5)).toBeUndefined();
  });

  it("computes every sub-score and CapRank for an artifact with full data", () => {
    const { artifacts, signals } = fixture();
    const card = scoreCatalog({ artifacts, signals, matchCounts: [{ slug: "x", times: 9, capabilities: {} }], asOf }).get("x");
    expect(card?.scores.adoption.value).toBe(75); // max(75, 47.9)
    expect(card?.scores.quality.value).toBe(65); // 50·(0.8+0.4)/2 + 20·2/8 + 15 + 15
    expect(card?.scores.ecosystem.value).toBe(60); // npm + pypi, 30 each
    // 0.4·(100·log10(10)/log10(1001) = 33.3) + 0.6·100·0.5 (no outcomes: kind prior 0.5) = 13.3 + 30
    expect(card?.scores.matchGraph.value).toBe(43);
    expect(card?.scores.freshness.value).toBe(50); // one half-life
    // 0.3·75 + 0.3·65 + 0.15·60 + 0.15·43 + 0.1·50 = 62.45
    expect(card?.capRank).toBe(62);
    expect(card?.interval).toEqual([60, 64]);
    expect(card?.imputed).toEqual({});
  });

  it("shows missing data as null, imputes the kind prior and widens the interval", () => {
    const { artifacts, signals } = fixture();
    const card = scoreCatalog({ artifacts, signals, matchCounts: [{ slug: "x", times: 9, capabilities: {} }], asOf }).get("y");
    expect(card?.scores.adoption.value).toBeNull();
    expect(card?.scores.ecosystem.value).toBeNull();
    expect(card?.scores.matchGraph.value).toBeNull();
    expect(card?.scores.freshness.value).toBeNull();
    expect(card?.scores.quality.value).toBe(38); // 50·0.4 + 20·1/8 + 0 + 15 = 37.5
    expect(card?.imputed).toEqual({ adoption: 75, ecosystem: 60, matchGraph: 43, freshness: 50 });
    // 0.3·75 + 0.3·38 + 0.15·60 + 0.15·43 + 0.1·50 = 54.35; half-width 2 + 30·0.7 = 23
    expect(card?.capRank).toBe(54);
    expect(card?.interval).toEqual([31, 77]);
  });

  it("falls back to 50 when nobody of the kind has data, never to 0", () => {
    const y = sampleManifest("y").artifact;
    const card = scoreCatalog({ artifacts: [y], signals: [], matchCounts: [], asOf }).get("y");
    expect(card?.imputed.adoption).toBe(50);
    // 0.3·50 + 0.3·38 + 0.15·50 + 0.15·50 + 0.1·50 = 46.4
    expect(card?.capRank).toBe(46);
  });

  it("uses the newest observation of a metric, so stale values do not count", () => {
    const { artifacts, signals } = fixture();
    const newer: StoredSignal = { slug: "x", metric: "npm.downloads.monthly", value: 99, source: "test registry", observedAt: "2026-07-01", recordedAt: "2026-07-01" };
    const card = scoreCatalog({ artifacts, signals: [newer, ...signals], matchCounts: [], asOf }).get("x");
    const npm = card?.scores.adoption.inputs.find((i) => i.label.startsWith("npm"));
    expect(npm?.value).toBe(99);
    expect(card?.scores.adoption.value).toBe(48); // pypi 47.9 now beats npm 25
  });
});
