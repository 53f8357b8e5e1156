import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { Capgraph } from "../capgraph.js";
import { renderSearchText } from "../cli/text.js";
import { normalize } from "../catalog/normalize.js";
import type { ManifestInput } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { FULL_TRUST_REPORTERS, MIN_REPORTERS } from "./learned.js";
import { trustOf } from "./learned-votes.js";
import { LEARNED_WEIGHT } from "./params.js";

const taxonomy = loadTaxonomy();
const TOOLS: [string, string][] = [
  ["trip-planner", "Plans travel itineraries with flights, hotels and sightseeing."],
  ["stock-desk", "Live stock quotes, market news and portfolio analysis."],
  ["recipe-box", "Finds recipes by ingredient and plans weekly meals."],
  ["paper-finder", "Searches academic papers and citations."],
  ["gift-helper", "Suggests gifts for friends and family by budget."],
  ["weather-now", "Weather forecasts for any city."],
];
const manifest = ([slug, description]: [string, string]) => ({
  file: `${slug}.json`,
  line: 1,
  column: 1,
  manifest: normalize(
    {
      capgraph: 1,
      artifact: { slug, name: slug, kind: "api", description },
      capabilities: [{ id: "main", name: slug.replace(/-/g, " "), description }],
    } as ManifestInput,
    taxonomy,
  ),
});

let cores: Capgraph[] = [];
afterEach(async () => {
  for (const c of cores) {
    await c.close();
    await c.store.close();
  }
  cores = [];
});

async function core(file = ":memory:", opts: { learnRebuildMs?: number } = { learnRebuildMs: 0 }): Promise<Capgraph> {
  const c = new Capgraph(openSqliteStore(file), { taxonomy, ...opts });
  if ((await c.store.countArtifacts()) === 0) await c.add(TOOLS.map(manifest), []);
  cores.push(c);
  return c;
}

/** Searches as `client` and reports `outcome` for `slug` (which must be among the results). */
async function teach(
  c: Capgraph,
  client: string,
  query: string,
  slug: string,
  outcome: "success" | "failure" = "success",
): Promise<void> {
  const r = await c.search(query, { limit: 50, client });
  if (!r.results.some((x) => x.slug === slug)) throw new Error(`${slug} not returned for "${query}"`);
  await c.feedback({ matchId: r.matchId, slug, outcome, reporter: client });
}

const rankOf = async (c: Capgraph, query: string, slug: string) =>
  (await c.search(query, { limit: 50, client: "victim" })).results.findIndex((r) => r.slug === slug);
const resultOf = async (c: Capgraph, query: string, slug: string) =>
  (await c.search(query, { limit: 50, client: "victim" })).results.find((r) => r.slug === slug);

describe("the match graph learns from outcomes (issue 13)", () => {
  it("intents reported by several people teach a capability new phrasings", async () => {
    const c = await core();
    const intent = "somewhere sunny for the holidays in Portugal";
    expect(await rankOf(c, intent, "trip-planner")).toBe(-1);
    const taught = [
      "holidays in Portugal, where to go",
      "sunny holidays by the sea",
      "a week in Portugal with kids",
      "Portugal in the spring holidays",
    ];
    for (const [i, q] of taught.entries()) await teach(c, `client-${i}`, `${q} travel`, "trip-planner");
    const r = await resultOf(c, intent, "trip-planner");
    expect(await rankOf(c, intent, "trip-planner")).toBe(0);
    // One taught intent shares a single word with this one: below the similarity floor (LearnedParams), it does not vote.
    const voters = taught.length - 1;
    expect(r?.learned?.people).toBe(voters);
    expect(r?.learned?.text).toBe(`asked this way by ${voters} people`);
    expect((await c.askedFor("trip-planner")).map((x) => x.people)).toEqual([1, 1, 1, 1]);
    // The same facts on every surface: JSON API, artifact page, CLI text.
    const app = createApp(c, { limits: {} });
    const api = (await (await app.request(`/api/v1/search?q=${encodeURIComponent(intent)}`)).json()) as {
      results: { slug: string; learned: { people: number } | null }[];
    };
    expect(api.results[0]).toMatchObject({ slug: "trip-planner", learned: { people: voters } });
    const page = await (await app.request("/a/trip-planner")).text();
    expect(page).toContain("People asked for this");
    expect(page).toContain("holidays in Portugal, where to go travel");
    expect(renderSearchText(await c.search(intent))).toContain(`asked this way by ${voters} people`);
  });

  it("a replica on the same store sees new learning within 2 s, without rebuilding the catalog index", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-learn-")), "db.sqlite");
    const a = await core(file);
    const b = await core(file, {});
    const intent = "somewhere sunny for the holidays in Portugal";
    expect(await rankOf(b, intent, "trip-planner")).toBe(-1);
    const catalogIndex = (await b.snapshot()).index;
    for (const [i, q] of [
      "holidays in Portugal",
      "sunny holidays by the sea",
      "a week in Portugal",
      "Portugal holidays",
    ].entries())
      await teach(a, `client-${i}`, `${q} travel`, "trip-planner");
    const t0 = Date.now();
    while ((await rankOf(b, intent, "trip-planner")) !== 0 && Date.now() - t0 < 2000)
      await new Promise((r) => setTimeout(r, 50));
    expect(await rankOf(b, intent, "trip-planner")).toBe(0);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await b.snapshot()).index).toBe(catalogIndex);
  });

  it("failures on a wrong first result weaken it for similar intents", async () => {
    const c = await core();
    const intent = "news about the fish market";
    const cold = await c.search(intent, { limit: 50, client: "victim" });
    const wrong = cold.results[0]?.slug ?? "";
    const words = ["fresh", "harbour", "weekend", "local", "morning", "seafood"];
    for (const [i, w] of words.entries()) await teach(c, `client-${i}`, `${w} fish market news`, wrong, "failure");
    const after = await resultOf(c, intent, wrong);
    expect(after?.score ?? 0).toBeLessThan(cold.results[0]?.score ?? 0);
  });

  it("one client reporting 1,000 successes for a wrong artifact on one intent does not move it into another client's top 3", async () => {
    const c = await core();
    const intent = "plans for weekly recipes by budget for the family, flights and city";
    const cold = await c.search(intent, { limit: 50, client: "victim" });
    expect(cold.results.length).toBeGreaterThanOrEqual(4);
    const wrong = cold.results[cold.results.length - 1]?.slug ?? "";
    const coldRank = cold.results.length - 1;
    // 1,000 matches and successes written as the search and feedback paths write them (through the
    // store, to keep the test fast), then one more through feedback itself.
    for (let i = 0; i < 999; i++) {
      const m = await c.store.recordMatch({
        query: intent,
        client: "attacker",
        results: [{ slug: wrong, score: 1, capabilityIds: ["main"] }],
      });
      await c.store.recordOutcome({
        matchId: m.id,
        slug: wrong,
        capabilityId: null,
        outcome: "success",
        reporter: "attacker",
      });
    }
    await teach(c, "attacker", intent, wrong);
    expect((await c.store.listLearnedOutcomes(0)).length).toBe(1000);
    expect(await rankOf(c, intent, wrong)).toBe(coldRank);
  }, 60_000);

  it("five colluding clients move a wrong artifact's score by less than the published bound", async () => {
    const c = await core();
    const intent = "plans for weekly recipes by budget for the family, flights and city";
    const before = await c.search(intent, { limit: 50, client: "victim" });
    const cold = before.results[before.results.length - 1];
    const wrong = cold?.slug ?? "";
    for (let k = 0; k < 5; k++)
      for (let i = 0; i < 20; i++) await teach(c, `colluder-${k}`, `${intent} ${["", "please", "now"][i % 3]}`, wrong);
    const after = await resultOf(c, intent, wrong);
    // Bound: LEARNED_WEIGHT · trust(5 reporters) units of the query's mean idf, relative to its catalog-text score.
    const unit = await meanIdfUnit(c, before);
    expect(trustOf(5)).toBeCloseTo((5 - MIN_REPORTERS + 1) / (FULL_TRUST_REPORTERS - MIN_REPORTERS + 1));
    expect((after?.relevance ?? 0) - (cold?.relevance ?? 0)).toBeLessThanOrEqual(
      LEARNED_WEIGHT * trustOf(5) * unit + 1e-9,
    );
    expect((after?.relevance ?? 0) - (cold?.relevance ?? 0)).toBeGreaterThan(0);
  }, 60_000);
});

/** The query's mean idf over its typed terms the catalog knows (the unit every bonus is measured in). */
async function meanIdfUnit(c: Capgraph, r: Awaited<ReturnType<Capgraph["search"]>>): Promise<number> {
  const index = (await c.snapshot()).index.base;
  const ids = r.interpretation.terms
    .filter((t) => t.kind === "typed")
    .map((t) => index.termId(t.term))
    .filter((id): id is number => id !== undefined);
  return ids.length ? ids.reduce((s, id) => s + index.idf(id), 0) / ids.length : 0;
}

describe("the learning policy is published (issue 13: a methodology constant, on /methodology)", () => {
  it("the methodology states the reporter threshold, the per-reporter cap and the failure share that search applies", async () => {
    const { methodologyRules } = await import("../rank/methodology.js");
    const { MIN_REPORTERS, FULL_TRUST_REPORTERS, REPORTER_INTENTS, FAILURE_SHARE } = await import("./learned.js");
    const rule = methodologyRules().find((r) => r.topic === "Learned intents");
    expect(rule?.text).toContain(`until ${MIN_REPORTERS} distinct reporters`);
    expect(rule?.text).toContain(`full weight at ${FULL_TRUST_REPORTERS}`);
    expect(rule?.text).toContain(`at most ${REPORTER_INTENTS} intents per capability`);
    expect(rule?.text).toContain(`at ${FAILURE_SHARE} of a success`);
  });
});
