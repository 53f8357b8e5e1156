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

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

async function search(
  q: string,
): Promise<{ matchId: string; results: { slug: string; capabilities: { id: string }[] }[] }> {
  return (await (await app.request(`/api/v1/search?q=${encodeURIComponent(q)}`)).json()) as never;
}

describe("feedback", () => {
  it("records an outcome (201), is idempotent (200), and feeds counts; one reporter alone leaves Match Graph at no data", async () => {
    const m = await search("transcribe a podcast");
    const slug = m.results[0]?.slug ?? "";
    const before = (await core.card(slug)).card.scores.matchGraph;
    const r1 = await post("/api/v1/feedback", {
      matchId: m.matchId,
      slug,
      outcome: "success",
      capabilityId: m.results[0]?.capabilities[0]?.id,
    });
    expect(r1.status).toBe(201);
    expect(((await r1.json()) as { artifact: { text: string } }).artifact.text).toMatch(/^1 of 1 reported success/);
    const r2 = await post("/api/v1/feedback", {
      matchId: m.matchId,
      slug,
      outcome: "success",
      capabilityId: m.results[0]?.capabilities[0]?.id,
    });
    expect(r2.status).toBe(200);
    expect(((await r2.json()) as { recorded: boolean }).recorded).toBe(false);
    const after = (await core.card(slug)).card.scores.matchGraph;
    expect(after.note).toContain("1 of 1 reported success from 1 reporter");
    expect([before.value, after.value, after.confidence]).toEqual([null, null, 0]);
  });

  const bad: [string, unknown, number, string][] = [
    [
      "unknown match",
      { matchId: "00000000-0000-0000-0000-000000000000", slug: "whisper", outcome: "success" },
      404,
      "MATCH_NOT_FOUND",
    ],
    ["bad outcome", { matchId: "x", slug: "whisper", outcome: "maybe" }, 400, "FEEDBACK_INVALID"],
    ["missing slug", { matchId: "x", outcome: "success" }, 400, "FEEDBACK_INVALID"],
    ["unknown key", { matchId: "x", slug: "s", outcome: "success", extra: 1 }, 400, "FEEDBACK_INVALID"],
    ["not JSON", "{nope", 400, "BODY_NOT_JSON"],
  ];
  it.each(bad)("%s → %i %s", async (_n, body, status, code) => {
    const r = await post("/api/v1/feedback", body);
    expect(r.status).toBe(status);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("counts outcomes against the sending client, whatever reporter the body names", async () => {
    for (let i = 0; i < 6; i++) {
      const m = await search("vector database for embeddings");
      const slug = m.results.find((r) => r.slug === "qdrant")?.slug ?? "";
      expect(slug).toBe("qdrant");
      await post("/api/v1/feedback", { matchId: m.matchId, slug, outcome: "success", reporter: `sock-puppet-${i}` });
    }
    const stats = (await core.snapshot()).outcomes.artifacts.get("qdrant");
    expect(stats?.successes).toBe(6);
    expect(stats?.weightedSuccesses).toBe(3);
  });

  it("refuses outcomes for artifacts the match did not return", async () => {
    const m = await search("vector database");
    const r = await post("/api/v1/feedback", { matchId: m.matchId, slug: "gpt-5-4-pro", outcome: "success" });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain("was not a result of match");
  });

  it("works as a plain form post from the search page (no JavaScript)", async () => {
    const m = await search("mcp server to query postgres");
    const slug = m.results[0]?.slug ?? "";
    // The form carries the page's token, matched against the visitor's cookie.
    const page = await app.request("/search?q=mcp+server+to+query+postgres");
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      cookie: (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
    };
    const form = new URLSearchParams({
      matchId: m.matchId,
      slug,
      outcome: "failure",
      csrf,
      back: "/search?q=mcp+server+to+query+postgres",
    });
    const r = await app.request("/feedback", { method: "POST", body: form.toString(), headers });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`/search?q=mcp+server+to+query+postgres&fb=1#r-${slug}`);
    const evil = new URLSearchParams({
      matchId: m.matchId,
      slug,
      outcome: "failure",
      csrf,
      back: "https://evil.example/",
    });
    const r2 = await app.request("/feedback", { method: "POST", body: evil.toString(), headers });
    expect(r2.headers.get("location")?.startsWith("/search?fb=1")).toBe(true);
  });
});

describe("resolve", () => {
  it("returns artifacts for a node and its subtree; aliases accepted", async () => {
    const byUri = (await (await app.request("/api/v1/resolve?uri=capability://audio.speech-to-text")).json()) as {
      uri: string;
      results: { slug: string }[];
    };
    expect(byUri.results.map((r) => r.slug)).toContain("whisper");
    const byAlias = (await (await app.request("/api/v1/resolve?uri=ASR")).json()) as {
      uri: string;
      results: { slug: string }[];
    };
    expect(byAlias.uri).toBe("capability://audio.speech-to-text");
    const subtree = (await (await app.request("/api/v1/resolve?uri=capability://training.*&limit=50")).json()) as {
      results: { slug: string; capabilities: { uri: string }[] }[];
    };
    expect(subtree.results.map((r) => r.slug)).toContain("dreambooth-stable-diffusion");
    for (const r of subtree.results)
      for (const c of r.capabilities) expect(c.uri.startsWith("capability://training")).toBe(true);
  });

  it("a phrase that cannot be placed on the taxonomy is an error, not noise", async () => {
    await expect(core.resolveForRisk("qqqx zzzv", "default", 5)).rejects.toMatchObject({
      code: "UNKNOWN_CAPABILITY_URI",
    });
  });

  it("an unknown node is a 404 with a suggestion", async () => {
    const r = await app.request("/api/v1/resolve?uri=capability://audio.speech-to-txt");
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain(
      "did you mean capability://audio.speech-to-text",
    );
  });

  it("search accepts a taxonomy subtree filter", async () => {
    const r = (await (await app.request("/api/v1/search?q=generate&capability=capability://image.*")).json()) as {
      results: { capabilities: { uri: string }[] }[];
    };
    expect(r.results.length).toBeGreaterThan(0);
    for (const x of r.results)
      for (const c of x.capabilities) expect(c.uri.startsWith("capability://image")).toBe(true);
  });
});
