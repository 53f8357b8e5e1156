import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { RateLimiter } from "../src/http/rate-limit.js";
import { demoCore } from "./helpers.js";

let core: Capgraph;
beforeAll(async () => {
  core = await demoCore();
});

describe("HTTP hygiene", () => {
  it("rate-limits per client with 429 and Retry-After, separately for reads and writes", async () => {
    const app = createApp(core, {
      logError: () => {},
      trustProxy: true,
      limits: { read: { capacity: 2, perMinute: 2 }, write: { capacity: 1, perMinute: 1 } },
    });
    const get = (ip: string) => app.request("/api/v1/taxonomy", { headers: { "x-forwarded-for": ip } });
    expect((await get("10.0.0.1")).status).toBe(200);
    expect((await get("10.0.0.1")).status).toBe(200);
    const limited = await get("10.0.0.1");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect((await get("10.0.0.2")).status).toBe(200);
  });

  it("without a trusted proxy, X-Forwarded-For does not buy a fresh bucket", async () => {
    const app = createApp(core, { logError: () => {}, limits: { read: { capacity: 1, perMinute: 1 } } });
    expect((await app.request("/api/v1/taxonomy", { headers: { "x-forwarded-for": "1.1.1.1" } })).status).toBe(200);
    expect((await app.request("/api/v1/taxonomy", { headers: { "x-forwarded-for": "2.2.2.2" } })).status).toBe(429);
  });

  it("token buckets refill over time", () => {
    let now = 0;
    const rl = new RateLimiter({ read: { capacity: 1, perMinute: 60 } }, () => now);
    expect(rl.take("c", "read")).toBe(0);
    expect(rl.take("c", "read")).toBe(1);
    now += 1000;
    expect(rl.take("c", "read")).toBe(0);
  });

  it("refuses oversized bodies with 413 and the error shape", async () => {
    const app = createApp(core, { logError: () => {} });
    const res = await app.request("/api/v1/validate", {
      method: "POST",
      body: "x".repeat(300_000),
      headers: { "content-length": "300000" },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BODY_TOO_LARGE");
  });

  it("reads carry ETag, Cache-Control and CORS; a matching If-None-Match gets 304", async () => {
    const app = createApp(core, { logError: () => {} });
    const res = await app.request("/api/v1/artifacts/whisper", { headers: { origin: "https://example.org" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    const tag = res.headers.get("etag");
    expect(tag).toBeTruthy();
    const again = await app.request("/api/v1/artifacts/whisper", { headers: { "if-none-match": tag ?? "" } });
    expect(again.status).toBe(304);
    const search = await app.request("/api/v1/search?q=whisper");
    expect(search.headers.get("cache-control")).toBe("no-store");
    const authed = await app.request("/api/v1/artifacts/whisper", { headers: { authorization: "Bearer anything" } });
    expect(authed.headers.get("cache-control")).toBe("private, no-store");
  });
});
