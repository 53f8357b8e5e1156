import { describe, expect, it } from "vitest";
import { describeOutcomes, latestOutcomes, summarizeOutcomes, type OutcomeRecord } from "./feedback.js";

const asOf = new Date("2026-11-27T00:00:00Z");
const rec = (
  matchId: string,
  slug: string,
  outcome: "success" | "failure",
  reporter: string,
  at = "2026-11-27T00:00:00Z",
  capabilityId: string | null = null,
): OutcomeRecord => ({ matchId, slug, outcome, reporter, at, capabilityId });

describe("outcome posteriors (hand-computed)", () => {
  it("Beta posterior with the fixed prior", () => {
    // prior 0.5 counted as 4 outcomes: α0 = β0 = 2; m1: 3 s, 1 f (four reporters) → α = 5, β = 3, mean 0.625
    const rows = [
      rec("1", "m1", "success", "r1"),
      rec("2", "m1", "success", "r2"),
      rec("3", "m1", "success", "r3"),
      rec("4", "m1", "failure", "r4"),
    ];
    const s = summarizeOutcomes(rows, asOf).artifacts.get("m1");
    expect(s?.priorMean).toBe(0.5);
    expect(s?.mean).toBe(0.625);
    // sd = sqrt(αβ/((α+β)²(α+β+1))) = sqrt(15/576) = 0.1614; 90 % = mean ± 1.645·sd
    expect(s?.interval).toEqual([0.36, 0.89]);
    expect(s?.reporters).toBe(4);
    expect(describeOutcomes(s)).toBe("3 of 4 reported successes from 4 reporters (estimated rate 36–89%)");
  });

  it("never pools other artifacts' outcomes into the prior (one artifact's reports move no other score)", () => {
    const own = [rec("1", "lib", "success", "r1")];
    const others = Array.from({ length: 20 }, (_, i) => rec(`o${i}`, "other-lib", "failure", `r${i}`));
    expect(summarizeOutcomes([...own, ...others], asOf).artifacts.get("lib")).toEqual(
      summarizeOutcomes(own, asOf).artifacts.get("lib"),
    );
  });

  it("counts one client over MCP and over HTTP as one reporter", () => {
    const rows = [
      rec("1", "lib", "success", "203.0.113.5"),
      rec("2", "lib", "success", "mcp:203.0.113.5"),
      rec("3", "lib", "success", "mcp:203.0.113.5"),
      rec("4", "lib", "success", "203.0.113.5"),
    ];
    const s = summarizeOutcomes(rows, asOf).artifacts.get("lib");
    expect(s?.reporters).toBe(1);
    expect(s?.weightedSuccesses).toBe(3);
  });

  it("caps one reporter's burst at 3 outcomes of weight", () => {
    const burst = Array.from({ length: 30 }, (_, i) => rec(`b${i}`, "lib", "success", "spammer"));
    const s = summarizeOutcomes(burst, asOf).artifacts.get("lib");
    expect(s?.successes).toBe(30);
    expect(s?.weightedSuccesses).toBe(3);
    // α = 2 + 3, β = 2 → mean = 5/7 = 0.714 (not ~0.99)
    expect(s?.mean).toBe(0.714);
  });

  it("displays counts as the per-reporter cap counts them, not one client's 40 reports as 40 successes", () => {
    const burst = Array.from({ length: 40 }, (_, i) => rec(`b${i}`, "lib", "success", "one-client"));
    const s = summarizeOutcomes(burst, asOf).artifacts.get("lib");
    expect([s?.countedSuccesses, s?.countedFailures]).toEqual([3, 0]);
    // α = 5, β = 2: sd = sqrt(10/392) = 0.1597 → 0.714 ± 0.263
    expect(describeOutcomes(s)).toBe(
      "3 of 3 counted successes from 1 reporter (40 reports, at most 3 counted per reporter; estimated rate 45–98%)",
    );
  });

  it("decays old outcomes (half-life 90 days)", () => {
    const s = summarizeOutcomes([rec("1", "lib", "failure", "r", "2026-08-29T00:00:00Z")], asOf).artifacts.get("lib");
    expect(s?.weightedFailures).toBeCloseTo(0.5, 3);
  });

  it("keeps only the newest outcome per match and artifact", () => {
    const rows = [
      rec("1", "lib", "failure", "r", "2026-11-01T00:00:00Z"),
      rec("1", "lib", "success", "r", "2026-11-02T00:00:00Z"),
    ];
    expect(latestOutcomes(rows).map((r) => r.outcome)).toEqual(["success"]);
    expect(summarizeOutcomes(rows, asOf).artifacts.get("lib")?.failures).toBe(0);
  });

  it("tracks capabilities separately", () => {
    const s = summarizeOutcomes([rec("1", "lib", "success", "r", undefined, "cap-a")], asOf);
    expect(s.capabilities.get("lib#cap-a")?.successes).toBe(1);
    expect(describeOutcomes(undefined)).toBe("no outcomes reported yet");
  });
});
