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

/** Runs fn while sampling the event loop every 5 ms; returns the longest stall seen. */
async function stallDuring<T>(fn: () => T | Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now(), worst = 0;
  const tick = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; }, 5);
  try {
    const value = await fn();
    return { value, stallMs: Math.max(worst, performance.now() - last) };
  } finally {
    clearInterval(tick);
  }
}

type Validation = { valid: boolean; diagnostics: { code: string; message: string }[] };
const validate = (app: ReturnType<typeof createApp>, body: string) => app.request("/api/v1/validate", { method: "POST", body });

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

describe("finding 2: manifest validation", () => {
  it("finding 2: 43,225 unknown keys get 100 diagnostics and a count, without stalling the server", async () => {
    const app = createApp(core, { logError: () => {} });
    const keys = Array.from({ length: 43_225 }, (_, i) => `k${i}: 1`).join(", ");
    const body = `capgraph: 1\nartifact: {${keys}}\n`.slice(0, 255_000).replace(/, [^,]*$/, "}\n");
    const { value: res, stallMs } = await stallDuring(() => validate(app, body));
    const text = await res.text();
    const r = JSON.parse(text) as Validation;
    expect(res.status).toBe(400);
    expect(r.diagnostics).toHaveLength(101);
    expect(r.diagnostics[100]).toMatchObject({ code: "MANIFEST_TOO_MANY_PROBLEMS", message: expect.stringMatching(/^\d+ more problem/) });
    expect(text.length).toBeLessThan(64_000);
    // Before: 82 s on the event loop and a 10 MB reply. Parsing now runs off the loop.
    expect(stallMs).toBeLessThan(250);
  }, 30_000);

  it("finding 2: 36,000 YAML syntax errors get a bounded reply", async () => {
    const app = createApp(core, { logError: () => {} });
    const { value: res, stallMs } = await stallDuring(() => validate(app, `a: [\n${"}\n".repeat(36_000)}`));
    const text = await res.text();
    expect(res.status).toBe(400);
    expect((JSON.parse(text) as Validation).diagnostics.length).toBeLessThanOrEqual(101);
    expect(text.length).toBeLessThan(64_000);
    expect(stallMs).toBeLessThan(250);
  }, 30_000);

  it("finding 2: duplicate keys are still refused, with their position", async () => {
    const app = createApp(core, { logError: () => {} });
    const r = (await (await validate(app, "capgraph: 1\nartifact:\n  slug: a\n  slug: b\n")).json()) as Validation & { diagnostics: { line: number }[] };
    expect(r.diagnostics[0]).toMatchObject({ code: "MANIFEST_DUPLICATE_KEY", line: 4 });
  });
});

describe("finding 13: user input never causes a 500 or leaks internals", () => {
  it("finding 13: a YAML alias bomb on /api/v1/validate is a 400 diagnostic, not a 500", async () => {
    const app = createApp(core, { logError: () => { throw new Error("no error may reach the log"); } });
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefgh".split("").map((l, i) => `${l}: &${l} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)];
    const res = await validate(app, levels.join("\n") + "\n");
    expect(res.status).toBe(400);
    expect(((await res.json()) as Validation).diagnostics[0]).toMatchObject({ code: "MANIFEST_TOO_COMPLEX", message: expect.stringContaining("aliases") });
  });

  it("finding 13: deep nesting is reported without 'Maximum call stack size exceeded'", async () => {
    const app = createApp(core, { logError: () => {} });
    const res = await validate(app, `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/call stack/i);
    expect((JSON.parse(text) as Validation).diagnostics[0]?.code).toBe("MANIFEST_TOO_COMPLEX");
  }, 30_000);
});
