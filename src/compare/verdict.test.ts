import { describe, expect, it } from "vitest";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { summarize } from "../rank/view.js";
import { summarizeOutcomes } from "../outcomes/feedback.js";
import { scoreCatalog } from "../rank/scores.js";
import { sampleManifest } from "../store/contract.suite.js";
import type { StoredSignal } from "../store/store.js";
import { align } from "./align.js";
import { buildVerdict, TIE_MARGIN } from "./verdict.js";

const asOf = new Date("2026-11-27T00:00:00Z");
const tax = loadTaxonomy();

function verdictFor(downloadsA: number, downloadsB: number, thin = false) {
  const a = sampleManifest("alpha", { name: "Alpha", license: "MIT" }).artifact;
  const b = sampleManifest("beta", {
    name: "Beta",
    license: "MIT",
    pricing: { model: "paid", freeTier: false, prices: [{ amount: 0.00003, currency: "USD", unit: "prompt-token" }] },
  }).artifact;
  const sig = (slug: string, value: number): StoredSignal => ({
    slug,
    metric: "npm.downloads.monthly",
    value,
    source: "npm",
    observedAt: "2026-11-01",
    recordedAt: "2026-11-01",
  });
  const full = (slug: string): StoredSignal[] => [
    {
      slug,
      metric: "releases.latestAt",
      value: Math.round(asOf.getTime() / 1000) - 86_400 * 30,
      source: "npm registry",
      observedAt: "2026-11-01",
      recordedAt: "2026-11-01",
    },
    {
      slug,
      metric: "releases.last365d",
      value: 4,
      source: "npm registry",
      observedAt: "2026-11-01",
      recordedAt: "2026-11-01",
    },
  ];
  // Thin data (no outcomes, no release facts) leaves ranges wide enough to call a tie.
  const signals = [
    sig("alpha", downloadsA),
    sig("beta", downloadsB),
    ...(thin ? [] : [...full("alpha"), ...full("beta")]),
  ];
  const reports = ["alpha", "beta"].flatMap((slug) =>
    Array.from({ length: 20 }, (_, i) => ({
      matchId: `${slug}${i}`,
      slug,
      capabilityId: null,
      outcome: "success" as const,
      reporter: `r${i}`,
      at: "2026-11-26T00:00:00Z",
    })),
  );
  const cards = scoreCatalog({
    artifacts: [a, b],
    signals,
    ...(thin ? {} : { outcomes: summarizeOutcomes(reports, asOf) }),
    asOf,
  });
  const sides = [a, b].map((x) => {
    const card = cards.get(x.slug);
    if (!card) throw new Error("card");
    return { s: summarize(x, card), card };
  });
  return {
    v: buildVerdict(
      sides.map((x, i) => ({ ...x, capabilities: [a, b][i]?.capabilities ?? [] })),
      align([a, b], tax),
      tax,
    ),
    sides,
  };
}

describe("verdict", () => {
  it("is built from the numbers: who leads flips when the adoption signals flip", () => {
    const one = verdictFor(10_000_000, 1_000);
    const two = verdictFor(1_000, 10_000_000);
    const rank1 = one.v.claims.find((c) => c.kind === "rank");
    const rank2 = two.v.claims.find((c) => c.kind === "rank");
    expect(rank1?.data["leader"]).toBe("alpha");
    expect(rank2?.data["leader"]).toBe("beta");
    expect(one.v.text).toContain("Alpha scores higher");
    expect(two.v.text).toContain("Beta scores higher");
    expect(one.v.text).not.toBe(two.v.text);
  });

  it("states leads with both numbers, only beyond the margin", () => {
    const { v, sides } = verdictFor(10_000_000, 1_000);
    const lead = v.claims.find((c) => c.kind === "lead");
    const [a, b] = sides;
    expect(lead?.text).toBe(
      `Alpha leads on adoption (${a?.s.scores.adoption} vs ${b?.s.scores.adoption}), by at least 10 points.`,
    );
    expect(v.claims.find((c) => c.kind === "level")?.data["dimensions"]).toContain("quality");
  });

  it("reports free tier and starting price from pricing data", () => {
    const { v } = verdictFor(10, 10);
    expect(v.text).toContain("Alpha (free) has a free tier; Beta (paid) does not.");
    expect(v.text).toContain("Prices: Alpha lists no price; Beta $30 / 1M input.");
  });

  it("calls small differences a tie", () => {
    const { v } = verdictFor(1_000_000, 1_000_001);
    const claim = v.claims.find((c) => c.kind === "tie" || c.kind === "rank");
    expect(claim?.kind).toBe("tie");
    expect(claim?.text).toContain(`within ${TIE_MARGIN} points`);
  });

  it("calls a difference within the combined uncertainty a tie, with both ranges", () => {
    const { v, sides } = verdictFor(10_000_000, 1_000, true);
    const [a, b] = sides;
    const claim = v.claims.find((c) => c.kind === "tie" || c.kind === "rank");
    expect(claim?.kind).toBe("tie");
    expect(claim?.data["difference"]).toBeGreaterThan(TIE_MARGIN);
    expect(claim?.data["difference"]).toBeLessThanOrEqual(claim?.data["uncertainty"] as number);
    expect(claim?.text).toContain(`${a?.s.capRank}/100 (range ${a?.s.capRankInterval[0]}–${a?.s.capRankInterval[1]})`);
    expect(claim?.text).toContain(`within the uncertainty of ±${claim?.data["uncertainty"]}`);
    expect(b?.s.capRank).toBeLessThan(a?.s.capRank ?? 0);
  });

  it("'what would change' names a rise that really flips the order", () => {
    const { v, sides } = verdictFor(10_000_000, 1_000_000);
    const change = v.claims.find((c) => c.kind === "change" && c.data["dimension"]);
    const [a, b] = sides;
    if (!change || !a || !b) throw new Error("no change claim");
    const dim = change.data["dimension"] as keyof typeof b.card.weights;
    const rise = (change.data["to"] as number) - (change.data["from"] as number);
    const uncertainty = change.data["uncertainty"] as number;
    expect(uncertainty).toBeGreaterThanOrEqual(TIE_MARGIN);
    expect(b.s.capRank + b.card.weights[dim] * rise).toBeGreaterThan(a.s.capRank + uncertainty);
    // one point less would not be enough
    expect(b.s.capRank + b.card.weights[dim] * (rise - 1)).toBeLessThanOrEqual(a.s.capRank + uncertainty + 1);
  });

  it("says when no single sub-score could put the trailing artifact clearly ahead", () => {
    const { v } = verdictFor(10_000_000, 1_000);
    const change = v.claims.find((c) => c.kind === "change" && "dimension" in c.data);
    expect(change?.data["dimension"]).toBeNull();
    expect(change?.text).toContain("No rise in a single sub-score would put Beta ahead of Alpha");
  });
});
