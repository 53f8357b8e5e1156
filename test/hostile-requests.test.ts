import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { parseComparePath } from "../src/web/routes.js";
import { demoCore } from "./helpers.js";

/**
 * Regression tests for the request-level findings of the hostile probe (docs/security.md):
 * each reproduces one attack in-process and checks it is refused cheaply and cleanly.
 */
let core: Capgraph;
beforeAll(async () => { core = await demoCore(); });

const timed = async <T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
};

describe("finding 1: comparison paths", () => {
  it("finding 1: a compare path of 1,700 parts is refused quickly", async () => {
    const app = createApp(core, { logError: () => {} });
    const path = `/compare/${"phi-4-vs-".repeat(1700)}zzz`;
    const { value: res, ms } = await timed(() => app.request(path));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("phi-4-vs-".repeat(20));
    // Before the fix this request took 25 s; a bounded parse takes milliseconds.
    expect(ms).toBeLessThan(1000);
  });

  it("finding 1: the worst path within the bounds parses in well under a second", () => {
    const known = new Set<string>();
    for (let n = 1; n <= 23; n++) known.add(Array(n).fill("x").join("-vs-"));
    const t0 = performance.now();
    expect(parseComparePath(`${Array(24).fill("x").join("-vs-")}-vs-y`, known)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it("finding 1: slugs containing -vs- still split, and more than 6 slugs are refused", () => {
    const known = new Set(["a-vs-b", "c", "d", "e", "f", "g", "h"]);
    expect(parseComparePath("a-vs-b-vs-c", known)).toEqual(["a-vs-b", "c"]);
    expect(parseComparePath("a-vs-b-vs-c-vs-d-vs-e-vs-f-vs-g", known)).toEqual(["a-vs-b", "c", "d", "e", "f", "g"]);
    expect(parseComparePath("a-vs-b-vs-c-vs-d-vs-e-vs-f-vs-g-vs-h", known)).toBeUndefined();
  });
});
