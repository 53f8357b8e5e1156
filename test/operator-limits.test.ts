import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { DEFAULT_LIMITS, parseRateLimits } from "../src/http/rate-limit.js";
import { run } from "../src/cli/run.js";
import { createKey } from "../src/owners/keys.js";
import { captureIo, demoCore } from "./helpers.js";

/** Operator settings for rate and body limits (serve --rate-limit / --body-limit and their env variables). */
let core: Capgraph;
beforeAll(async () => {
  core = await demoCore();
});

describe("operator limits", () => {
  it("reads a rate-limit setting over the defaults, with units and bursts", () => {
    expect(parseRateLimits("read=600/min,write=60/min")).toMatchObject({
      read: { perMinute: 600, capacity: 120 },
      write: { perMinute: 60, capacity: 12 },
      "key-read": DEFAULT_LIMITS["key-read"],
    });
    expect(parseRateLimits("read=10/s:5, key-write=120/h")).toMatchObject({
      read: { perMinute: 600, capacity: 5 },
      "key-write": { perMinute: 2, capacity: 1 },
    });
    expect(parseRateLimits("off")).toEqual({});
    for (const bad of ["read=fast", "reads=1/min", "read=0/min", "read=5/day"])
      expect(() => parseRateLimits(bad)).toThrow(/CLASS=N\/UNIT/);
  });

  it("an API key gets its own, higher limits; an unknown key is charged as its address", async () => {
    const app = createApp(core, {
      logError: () => {},
      limits: { read: { capacity: 1, perMinute: 1 }, "key-read": { capacity: 3, perMinute: 1 } },
    });
    const { token } = await createKey(core.store, { name: "limits", namespace: "acme", scopes: ["read"] });
    const get = (authorization?: string) =>
      app.request("/api/v1/taxonomy", authorization ? { headers: { authorization } } : {});
    expect([(await get()).status, (await get()).status]).toEqual([200, 429]);
    expect((await get("Bearer cg_000000000000_" + "x".repeat(32))).status).toBe(429);
    const keyed = [];
    for (let i = 0; i < 4; i++) keyed.push((await get(`Bearer ${token}`)).status);
    expect(keyed).toEqual([200, 200, 200, 429]);
  });

  it("the body limit is configurable (413 beyond it)", async () => {
    const app = createApp(core, { logError: () => {}, maxBodyBytes: 2_000 });
    const res = await app.request("/api/v1/validate", { method: "POST", body: `# ${"x".repeat(3_000)}\n` });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("2000 bytes");
  });

  it("serve refuses malformed limit settings before starting", async () => {
    for (const args of [
      ["--rate-limit", "read=lots"],
      ["--body-limit", "5"],
      ["--body-limit", "2gb"],
    ]) {
      const io = captureIo();
      expect(await run(["serve", "--port", "0", "--db", ":memory:", ...args], io.io)).toBe(2);
      expect(io.err()).toMatch(/^error (RATE_LIMIT_INVALID|SIZE_INVALID): /);
    }
  });
});
