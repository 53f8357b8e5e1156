import { describe, expect, it } from "vitest";
import { describeOutcomes, latestOutcomes, summarizeOutcomes, type OutcomeRecord } from "./feedback.js";

const asOf = new Date("2026-11-27T00:00:00Z");
const rec = (matchId: string, slug: string, outcome: "success" | "failure", reporter: string, at = "2026-11-27T00:00:00Z", capabilityId: string | null = null): OutcomeRecord =>
  ({ matchId, slug, outcome, reporter, at, capabilityId });
const kindOf = (slug: string) => (slug.startsWith("m") ? "model" as const : "library" as const);

describe("outcome posteriors (hand-computed)", () => {
  it("Beta posterior with the kind prior", () => {
    // model kind pooled: 3 successes, 1 failure → m = (3+1)/(4+2) = 2/3; α0 = 8/3, β0 = 4/3
    // m1: 3 s, 1 f (three reporters) → mean = (8/3+3)/(4+4) = 0.7083
    const rows = [rec("1", "m1", "success", "r1"), rec("2", "m1", "success", "r2"), rec("3", "m1", "success", "r3"), rec("4", "m1", "failure", "r4")];
    const s = summarizeOutcomes(rows, kindOf, asOf).artifacts.get("m1");
    expect(s?.priorMean).toBeCloseTo(0.667, 3);
    expect(s?.mean).toBeCloseTo(0.708, 3);
    // sd = sqrt(αβ/((α+β)²(α+β+1))) with α=17/3, β=7/3 → 0.1515; 90 % = mean ± 1.645·sd
    expect(s?.interval[0]).toBeCloseTo(0.459, 3);
    expect(s?.interval[1]).toBeCloseTo(0.958, 3);
    expect(describeOutcomes(s)).toBe("3 of 4 reported successes (estimated rate 46–96%)");
  });

  it("caps one reporter's burst at 3 outcomes of weight", () => {
    const burst = Array.from({ length: 30 }, (_, i) => rec(`b${i}`, "lib", "success", "spammer"));
    const s = summarizeOutcomes(burst, kindOf, asOf).artifacts.get("lib");
    expect(s?.successes).toBe(30);
    expect(s?.weightedSuccesses).toBe(3);
    // pooled prior: (3+1)/(3+2) = 0.8, α0 = 3.2, β0 = 0.8 → mean = 6.2/7 = 0.886 (not ~0.99)
    expect(s?.mean).toBeCloseTo(0.886, 3);
  });

  it("decays old outcomes (half-life 90 days)", () => {
    const s = summarizeOutcomes([rec("1", "lib", "failure", "r", "2026-08-29T00:00:00Z")], kindOf, asOf).artifacts.get("lib");
    expect(s?.weightedFailures).toBeCloseTo(0.5, 3);
  });

  it("keeps only the newest outcome per match and artifact", () => {
    const rows = [rec("1", "lib", "failure", "r", "2026-11-01T00:00:00Z"), rec("1", "lib", "success", "r", "2026-11-02T00:00:00Z")];
    expect(latestOutcomes(rows).map((r) => r.outcome)).toEqual(["success"]);
    expect(summarizeOutcomes(rows, kindOf, asOf).artifacts.get("lib")?.failures).toBe(0);
  });

  it("tracks capabilities separately", () => {
    const s = summarizeOutcomes([rec("1", "lib", "success", "r", undefined, "cap-a")], kindOf, asOf);
    expect(s.capabilities.get("lib#cap-a")?.successes).toBe(1);
    expect(describeOutcomes(undefined)).toBe("no outcomes reported yet");
  });
});
