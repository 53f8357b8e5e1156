import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { createApp } from "../src/app.js";
import type { Capgraph } from "../src/capgraph.js";
import { parseManifestText } from "../src/catalog/manifest.js";
import { DEPTH_CAP, MATCH_MIN_REPORTERS, methodologyDocument, PRIOR_CAP, SUB_SCORES } from "../src/rank/methodology.js";
import { MATCH_BUFFER } from "../src/store/match-buffer.js";
import { demoCore } from "./helpers.js";

/** Every artifact's CapRank, range and sub-scores, as a page would show them. */
async function allScores(core: Capgraph): Promise<Record<string, unknown>> {
  const s = await core.snapshot();
  const out: Record<string, unknown> = {};
  for (const a of s.artifacts) {
    const c = s.cards.get(a.slug);
    out[a.slug] = c && {
      capRank: c.capRank,
      interval: c.interval,
      scores: SUB_SCORES.map((k) => [c.scores[k].value, c.scores[k].confidence, c.scores[k].interval]),
    };
  }
  return out;
}

/** A client's request: searches (API, page, MCP-style client names), resolves and page views. */
const request = fc.oneof(
  fc.record({
    kind: fc.constant("search" as const),
    q: fc.oneof(
      fc.constantFrom(
        "transcribe my podcast audio",
        "fine-tune stable diffusion on my dog",
        "vector database",
        "gpt",
        "t",
        "tr",
        "tra",
      ),
      fc.string({ maxLength: 30 }),
    ),
    client: fc.constantFrom("198.51.100.1", "198.51.100.2", "mcp:198.51.100.1"),
  }),
  fc.record({
    kind: fc.constant("view" as const),
    path: fc.constantFrom(
      "/",
      "/a/whisper",
      "/a/gpt-5-4-pro",
      "/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion",
      "/search?q=speech+to+text",
      "/methodology",
      "/api/v1/artifacts?sort=rank",
      "/api/v1/resolve?uri=ASR",
    ),
  }),
);

describe("scores move only with evidence (searches and page views change no score)", () => {
  let core: Capgraph;
  let app: Hono;
  beforeAll(async () => {
    core = await demoCore();
    app = createApp(core, { logError: () => {}, limits: {} });
  });

  it("any sequence of searches and page views leaves every CapRank and sub-score unchanged", async () => {
    const before = await allScores(core);
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 25 }), async (reqs) => {
        for (const r of reqs) {
          if (r.kind === "search") await core.search(r.q.slice(0, 200), { client: r.client });
          else expect((await app.request(r.path)).status).toBe(200);
        }
        await core.flush();
        expect(await allScores(core)).toEqual(before);
      }),
      { numRuns: 20 },
    );
  });

  it("the seed comparison reads the same before and after 100 searches and page views", async () => {
    const fresh = await demoCore();
    const freshApp = createApp(fresh, { logError: () => {}, limits: {} });
    const compare = async () =>
      (await (await freshApp.request("/api/v1/compare?slugs=gpt-5-4-pro,dreambooth-stable-diffusion")).json()) as {
        artifacts: { timesMatched: number }[];
      };
    const before = await compare();
    const paths = [
      "/",
      "/a/gpt-5-4-pro",
      "/a/dreambooth-stable-diffusion",
      "/compare/gpt-5-4-pro-vs-dreambooth-stable-diffusion",
      "/search?q=fine-tune+stable+diffusion",
    ];
    const queries = [
      "fine-tune stable diffusion on photos of my dog",
      "reasoning model with a long context",
      "personalize an image model",
      "gpt 5.4 pro",
      "dreambooth",
    ];
    for (let i = 0; i < 100; i++) {
      await fresh.search(queries[i % queries.length] as string, { client: `203.0.113.${i % 7}` });
      expect((await freshApp.request(paths[i % paths.length] as string)).status).toBe(200);
    }
    await fresh.flush();
    const after = await compare();
    // Times matched may rise (it counts distinct clients per day: at most 7 here, plus the page's own client); nothing else moves.
    const strip = (x: typeof before) => ({ ...x, artifacts: x.artifacts.map((a) => ({ ...a, timesMatched: 0 })) });
    expect(strip(after)).toEqual(strip(before));
    for (const [i, a] of after.artifacts.entries())
      expect(a.timesMatched - (before.artifacts[i]?.timesMatched ?? 0)).toBeLessThanOrEqual(8);
    await fresh.close();
  });

  it("Times matched counts distinct clients per artifact per day: typing a query letter by letter is one match", async () => {
    const fresh = await demoCore();
    const before = (await fresh.card("whisper")).summary.timesMatched;
    const typed = "transcribe my podcast audio";
    for (let i = 1; i <= typed.length; i++) await fresh.search(typed.slice(0, i), { client: "192.0.2.10" });
    await fresh.search(typed, { client: "mcp:192.0.2.10" }); // the same client over MCP
    expect((await fresh.card("whisper")).summary.timesMatched).toBe(before + 1);
    await fresh.search(typed, { client: "192.0.2.11" });
    await fresh.flush();
    expect((await fresh.card("whisper")).summary.timesMatched).toBe(before + 2);
    const stored = (await fresh.store.matchCounts()).counts.find((c) => c.slug === "whisper");
    expect(stored?.times).toBe(before + 2);
    await fresh.close();
  });

  it("the type-ahead route records nothing: typing a query changes no count and writes no match", async () => {
    const fresh = await demoCore();
    const freshApp = createApp(fresh, { logError: () => {}, limits: {} });
    const before = (await fresh.card("whisper")).summary.timesMatched;
    const typed = "transcribe my podcast audio";
    for (let i = 3; i <= typed.length; i++) {
      const r = await freshApp.request(`/api/v1/suggest?q=${encodeURIComponent(typed.slice(0, i))}`);
      expect(r.status).toBe(200);
    }
    await fresh.flush();
    expect((await fresh.card("whisper")).summary.timesMatched).toBe(before);
    expect(fresh.matchLogStats().written).toBe(0);
    await fresh.close();
  });

  it("one anonymous outcome does not give an artifact a Match Graph: no data until enough distinct reporters", async () => {
    const fresh = await demoCore();
    const report = async (client: string) => {
      const m = await fresh.search("vector database for embeddings", { client });
      await fresh.feedback({ matchId: m.matchId, slug: "qdrant", outcome: "success", reporter: client });
    };
    await report("anonymous");
    const one = (await fresh.card("qdrant")).card.scores.matchGraph;
    expect(one).toMatchObject({ value: null, raw: null, confidence: 0, interval: [0, 100] });
    await report("mcp:anonymous"); // the same client over MCP: still one reporter
    expect((await fresh.card("qdrant")).card.scores.matchGraph.value).toBeNull();
    await report("198.51.100.7");
    await report("198.51.100.8");
    const three = (await fresh.card("qdrant")).card.scores.matchGraph;
    expect(three.value).not.toBeNull();
    expect(three.confidence).toBeGreaterThan(0);
    expect(three.confidence).toBeLessThan(1);
    await fresh.close();
  });
});

describe("missing stays missing; evidence over effort", () => {
  let core: Capgraph;
  beforeAll(async () => {
    core = await demoCore();
  });

  it("freshness is no data for a repository without a push date (never the date its page was read)", async () => {
    const f = (await core.card("dreambooth-stable-diffusion")).card.scores.freshness;
    expect(f).toMatchObject({ value: null, confidence: 0, interval: [0, 100] });
  });

  it("LlamaIndex's freshness does not come from its secondary npm package", async () => {
    const { card } = await core.card("llamaindex");
    expect(card.scores.freshness.value).toBeNull();
    expect(card.scores.freshness.note).toContain("pypi");
    expect(card.scores.quality.inputs.map((i) => i.source ?? "")).not.toContainEqual(
      expect.stringContaining("npm registry"),
    );
  });

  it("a two-line manifest does not score level with GPT-5.4 Pro, nor a no-signal library with a well-evidenced one", async () => {
    const two = (slug: string, kind: string) =>
      parseManifestText(
        `capgraph: 1\nartifact:\n  slug: ${slug}\n  name: T\n  kind: ${kind}\n  description: A tool.\ncapabilities:\n  - name: Chat\n    description: Chats.\n  - name: Code\n    description: Writes code.\n`,
        `${slug}.yml`,
        core.taxonomy,
      );
    const docs = [two("two-line-model", "model"), two("two-line-library", "library")];
    await core.add(
      docs.flatMap((d) => d.manifests),
      docs.flatMap((d) => d.diagnostics),
    );
    const model = (await core.card("two-line-model")).card,
      gpt = (await core.card("gpt-5-4-pro")).card;
    expect(gpt.capRank - model.capRank).toBeGreaterThan(3);
    const lib = (await core.card("two-line-library")).card;
    for (const slug of ["openai-node", "anthropic-sdk-typescript", "transformers"])
      expect((await core.card(slug)).card.capRank).toBeGreaterThan(lib.capRank);
  });
});

describe("/methodology publishes every new rule and constant", () => {
  it("renders the rules from the methodology data: priors, primary source, depth cap, Match Graph cold start, Times matched, write-behind", async () => {
    const core = await demoCore();
    const app = createApp(core, { logError: () => {} });
    const page = (await (await app.request("/methodology")).text()).replace(/&#39;|&quot;/g, "'");
    const doc = methodologyDocument();
    for (const r of doc.rules) expect(page).toContain(r.topic);
    for (const phrase of [
      "lower quartile",
      `never above ${PRIOR_CAP}`,
      "primary source",
      `best ${DEPTH_CAP} capabilities`,
      `until ${MATCH_MIN_REPORTERS} distinct reporters`,
      "distinct clients per day",
      `every ${MATCH_BUFFER.flushMs} ms`,
      "A read date",
    ])
      expect(page).toContain(phrase);
    const api = (await (await app.request("/api/v1/methodology")).json()) as typeof doc;
    expect(api.rules).toEqual(doc.rules);
    await core.close();
  });
});
