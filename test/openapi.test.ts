import { beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import { demoCore } from "./helpers.js";

let app: Hono;
beforeAll(async () => {
  app = createApp(await demoCore(), { logError: () => {} });
});

describe("OpenAPI and API docs", () => {
  it("documents exactly the JSON routes the app serves", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    const served = new Set(
      app.routes
        .filter((r) => r.path.startsWith("/api/v1/") && r.method !== "ALL")
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    expect(doc.paths["/api/v1/search"]?.["get"]?.parameters?.map((p) => p.name)).toEqual([
      "q",
      "limit",
      "kind",
      "free",
      "category",
      "pricing",
      "license",
      "capability",
      "explain",
    ]);
    expect(doc.paths["/api/v1/feedback"]?.["post"]?.requestBody).toBeTruthy();
  });

  it("every example on /docs/api runs and returns JSON", async () => {
    const html = await (await app.request("/docs/api")).text();
    const examples = [...html.matchAll(/class="example" href="([^"]+)"/g)].map((m) =>
      (m[1] ?? "").replace(/&amp;/g, "&"),
    );
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const e of examples) {
      const res = await app.request(e);
      expect(res.status, e).toBe(200);
      expect(res.headers.get("content-type"), e).toContain("application/json");
    }
  });
});
