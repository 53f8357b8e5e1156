import { beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { demoCore } from "./helpers.js";

let core: Capgraph;
let app: Hono;
beforeAll(async () => {
  core = await demoCore();
  app = createApp(core, { logError: () => {} });
});

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
};
const json = async (path: string) => {
  const r = await get(path);
  return { status: r.status, data: JSON.parse(r.body) as Record<string, unknown> };
};

describe("JSON API", () => {
  it("compare returns the documented shape", async () => {
    const { status, data } = await json("/api/v1/compare?slugs=gpt-5-4-pro,dreambooth-stable-diffusion");
    expect(status).toBe(200);
    const arts = data["artifacts"] as Record<string, unknown>[];
    expect(arts.map((a) => a["slug"])).toEqual(["gpt-5-4-pro", "dreambooth-stable-diffusion"]);
    for (const a of arts) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining([
          "slug",
          "name",
          "kind",
          "capRank",
          "scores",
          "pricing",
          "capabilityCount",
          "timesMatched",
          "capabilities",
        ]),
      );
      expect(Object.keys(a["scores"] as object)).toEqual(
        expect.arrayContaining(["adoption", "quality", "ecosystem", "matchGraph"]),
      );
      expect(Object.keys(a["pricing"] as object)).toEqual(
        expect.arrayContaining(["model", "freeTier", "startingPrice"]),
      );
      for (const c of a["capabilities"] as Record<string, unknown>[])
        expect(Object.keys(c)).toEqual(
          expect.arrayContaining(["id", "uri", "name", "description", "unique", "vsAlternatives", "evidence"]),
        );
    }
    expect(arts[0]?.["capabilityCount"]).toBe(12);
    expect(arts[1]?.["capabilityCount"]).toBe(12);
    expect((arts[0]?.["pricing"] as { startingPrice: { text: string } }).startingPrice.text).toBe(
      "$30 / 1M input tokens",
    );
    const alignment = data["alignment"] as { shared: unknown[]; only: Record<string, unknown[]> };
    expect(Object.keys(alignment.only)).toEqual(["gpt-5-4-pro", "dreambooth-stable-diffusion"]);
    const verdict = data["verdict"] as { text: string; claims: { kind: string; text: string }[] };
    // Every claim's text, in order; the "what would change" claims after their heading.
    const main = verdict.claims.filter((c) => c.kind !== "change").map((c) => c.text);
    const change = verdict.claims.filter((c) => c.kind === "change").map((c) => c.text);
    expect(verdict.text).toBe([...main, `What would change this verdict: ${change.join(" ")}`].join(" "));
    expect(verdict.claims[0]).toMatchObject({ kind: "substitutes", data: { substitutes: false } });
  });

  it("the API, the page and the core agree on every number", async () => {
    const direct = await core.compare(["gpt-5-4-pro", "dreambooth-stable-diffusion"]);
    const { data } = await json("/api/v1/compare?slugs=gpt-5-4-pro,dreambooth-stable-diffusion");
    const page = (await get("/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion")).body;
    for (const [i, a] of direct.artifacts.entries()) {
      expect((data["artifacts"] as { capRank: number }[])[i]?.capRank).toBe(a.capRank);
      expect(page).toContain(`${a.capRank}/100`);
    }
  });

  it("search records a match that counts toward Times matched", async () => {
    const before = (await core.card("dreambooth-stable-diffusion")).summary.timesMatched;
    const { status, data } = await json(
      "/api/v1/search?q=fine-tune%20stable%20diffusion%20on%20photos%20of%20my%20dog&limit=5",
    );
    expect(status).toBe(200);
    expect(Object.keys(data)).toEqual(expect.arrayContaining(["query", "matchId", "results"]));
    const results = data["results"] as {
      slug: string;
      capabilities: { id: string; uri: string; name: string; score: number }[];
    }[];
    expect(results.map((r) => r.slug)).toContain("dreambooth-stable-diffusion");
    expect(results[0]?.capabilities[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        uri: expect.stringMatching(/^capability:\/\//),
        score: expect.any(Number),
      }),
    );
    const after = (await core.card("dreambooth-stable-diffusion")).summary.timesMatched;
    expect(after).toBe(before + 1);
  });

  it("filters search by kind and free tier", async () => {
    const { data } = await json("/api/v1/search?q=generate%20images&kind=model&free=true");
    const results = data["results"] as { kind: string; freeTier: boolean }[];
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect([r.kind, r.freeTier]).toEqual(["model", true]);
  });

  it("artifact detail includes score provenance", async () => {
    const { status, data } = await json("/api/v1/artifacts/gpt-5-4-pro");
    expect(status).toBe(200);
    expect((data["scoreDetails"] as Record<string, { inputs: unknown[] }>)["quality"]?.inputs.length).toBeGreaterThan(
      0,
    );
  });

  const bad: [string, number, string][] = [
    ["/api/v1/compare?slugs=gpt-5-4-pro", 400, "BAD_COMPARE_SLUGS"],
    ["/api/v1/compare?slugs=gpt-5-4-pro,gpt-5-4-pro", 400, "BAD_COMPARE_SLUGS"],
    ["/api/v1/compare?slugs=gpt-5-4-pro,nope", 404, "NOT_FOUND"],
    ["/api/v1/compare", 400, "BAD_QUERY_PARAM"],
    ["/api/v1/search?q=x&limit=0", 400, "BAD_QUERY_PARAM"],
    ["/api/v1/search?q=x&limit=abc", 400, "BAD_QUERY_PARAM"],
    ["/api/v1/search?q=x&kind=spaceship", 400, "BAD_QUERY_PARAM"],
    [`/api/v1/search?q=${"a".repeat(501)}`, 400, "BAD_QUERY_PARAM"],
    ["/api/v1/search?q=x&bogus=1", 400, "BAD_QUERY_PARAM"],
    ["/api/v1/artifacts/does-not-exist", 404, "NOT_FOUND"],
    ["/api/v1/nothing-here", 404, "ROUTE_NOT_FOUND"],
  ];
  it.each(bad)("%s → %i %s with a clear message and no stack", async (path, status, code) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    const body = JSON.parse(r.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(15);
    expect(r.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });

  it("validate returns every diagnostic with positions, 400 when invalid", async () => {
    const res = await app.request("/api/v1/validate", {
      method: "POST",
      body: "capgraph: 1\nartifact:\n  slug: Bad Slug\n  name: x\n  kind: modle\n  description: d\n",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      valid: boolean;
      diagnostics: { code: string; line: number; column: number }[];
    };
    expect(body.valid).toBe(false);
    expect(body.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["MANIFEST_BAD_SLUG", 3, 9],
      ["MANIFEST_BAD_ENUM", 5, 9],
    ]);
  });

  it("an unexpected failure becomes a neutral 500 without internals", async () => {
    const broken = createApp(
      {
        ...core,
        snapshot: () => Promise.reject(new Error("secret internals")),
        search: () => Promise.reject(new Error("secret internals")),
      } as unknown as Capgraph,
      { logError: () => {} },
    );
    const res = await broken.request("/api/v1/search?q=x");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("INTERNAL");
    expect(text).not.toContain("secret internals");
  });
});

describe("pages", () => {
  it.each([
    "/",
    "/search?q=rag+with+citations",
    "/a/dreambooth-stable-diffusion",
    "/compare",
    "/methodology",
    "/taxonomy",
    "/docs/api",
  ])("%s renders HTML", async (path) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.type).toContain("text/html");
    expect(r.body.startsWith("<!doctype html>")).toBe(true);
  });

  it("escapes text that comes from manifests", async () => {
    const { sampleManifest } = await import("../src/store/contract.suite.js");
    await core.store.upsertManifests([
      sampleManifest("xss-probe", { name: "<script>alert(1)</script>", description: "<img src=x onerror=alert(1)>" }),
    ]);
    const body = (await get("/a/xss-probe")).body;
    expect(body).not.toContain("<script>alert(1)</script>");
    expect(body).not.toContain("<img src=x");
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("unknown compare paths and slugs are clear 404 pages", async () => {
    const r1 = await get("/compare/gpt-5-4-pro-vs-nope");
    expect(r1.status).toBe(404);
    expect(r1.body).toContain("No artifact with slug");
    const r2 = await get("/compare/just-one");
    expect(r2.status).toBe(404);
    expect(r2.body).toContain("/compare/&lt;slug&gt;-vs-&lt;slug&gt;");
  });

  it("the picker redirects to the canonical comparison path", async () => {
    const res = await app.request("/compare?a=gpt-5-4-pro&b=dreambooth-stable-diffusion");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion");
  });
});

describe("artifact listing", () => {
  it("filters, sorts by rank and pages with a cursor until the end", async () => {
    const all = (await json("/api/v1/artifacts?limit=500")).data as {
      artifacts: { slug: string; capRank: number }[];
      total: number;
    };
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 50; i++) {
      const page = (await json(`/api/v1/artifacts?limit=7${cursor ? `&cursor=${cursor}` : ""}`)).data as {
        artifacts: { slug: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.artifacts.map((a) => a.slug));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.artifacts.map((a) => a.slug));
    // The published list rule: the lower end of the CapRank range first.
    const lower = (all.artifacts as unknown as { capRankInterval: [number, number] }[]).map(
      (a) => a.capRankInterval[0],
    );
    for (let i = 1; i < lower.length; i++) expect((lower[i - 1] ?? 0) >= (lower[i] ?? 0)).toBe(true);
    const models = (await json("/api/v1/artifacts?kind=model&free=true")).data as {
      artifacts: { kind: string; pricing: { freeTier: boolean } }[];
    };
    for (const m of models.artifacts) expect([m.kind, m.pricing.freeTier]).toEqual(["model", true]);
  });

  it("updatedSince returns only newer artifacts; a bad cursor or date is a clear 400", async () => {
    const future = (await json("/api/v1/artifacts?updatedSince=2999-01-01")).data as {
      artifacts: unknown[];
      total: number;
    };
    expect(future.total).toBe(0);
    const past = (await json("/api/v1/artifacts?updatedSince=2000-01-01&sort=recent")).data as { total: number };
    expect(past.total).toBeGreaterThan(60);
    expect((await json("/api/v1/artifacts?cursor=garbage")).status).toBe(400);
    expect((await json("/api/v1/artifacts?updatedSince=yesterday")).status).toBe(400);
  });
});

describe("search responses: compact by default, the term dump with explain=full", () => {
  it("leaves out each capability's why and the expanded terms unless asked, and keeps matched terms", async () => {
    const q = "/api/v1/search?q=transcribe%20audio%20to%20text&limit=5";
    const compact = await json(q);
    const full = await json(`${q}&explain=full`);
    const c = compact.data as {
      explain: string;
      results: { slug: string; capabilities: Record<string, unknown>[] }[];
      interpretation: Record<string, unknown>;
    };
    const f = full.data as typeof c;
    expect(c.explain).toBe("compact");
    expect(f.explain).toBe("full");
    expect(c.results.map((r) => r.slug)).toEqual(f.results.map((r) => r.slug));
    const cc = c.results[0]?.capabilities[0] ?? {},
      fc = f.results[0]?.capabilities[0] ?? {};
    expect("why" in cc).toBe(false);
    expect((fc["why"] as unknown[]).length).toBeGreaterThan(0);
    expect(cc["matchedTerms"]).toEqual(fc["matchedTerms"]);
    const kinds = (i: Record<string, unknown>) => (i["terms"] as { kind: string }[]).map((t) => t.kind);
    expect(kinds(c.interpretation)).not.toContain("typed");
    expect(kinds(f.interpretation)).toContain("typed");
    expect(JSON.stringify(c).length).toBeLessThan(JSON.stringify(f).length);
  });

  it("keeps the corrections a query was read with, also in compact answers", async () => {
    const c = (await json("/api/v1/search?q=trnscribe%20audio")).data as {
      interpretation: { terms: { term: string; kind: string; via?: string }[] };
    };
    expect(c.interpretation.terms).toContainEqual(
      expect.objectContaining({ term: "transcribe", kind: "typo", via: "trnscribe" }),
    );
  });

  it("is never cached by others, and health neither", async () => {
    for (const path of ["/api/v1/search?q=audio", "/api/v1/health"]) {
      const res = await app.request(path);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("etag")).toBeNull();
    }
  });

  it("refuses an unknown explain value with the parameter named", async () => {
    const r = await json("/api/v1/search?q=x&explain=everything");
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.data)).toContain("explain");
  });
});

describe("GET /api/v1/health (operators and load balancers)", () => {
  it("says the process answers, with its catalog size, event-loop delay and match-log counters", async () => {
    const r = await json("/api/v1/health");
    expect(r.status).toBe(200);
    const h = r.data as {
      status: string;
      artifacts: number;
      eventLoopDelayMs: { p50: number; p99: number; max: number };
      matchLog: { written: number; dropped: number };
    };
    expect(h.status).toBe("ok");
    expect(h.artifacts).toBe(await core.catalogSize());
    expect(h.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(h.eventLoopDelayMs.p50);
    expect(h.eventLoopDelayMs.max).toBeGreaterThanOrEqual(h.eventLoopDelayMs.p99);
    expect(h.matchLog.dropped).toBe(0);
  });
});
