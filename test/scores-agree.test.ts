import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { Capgraph } from "../src/capgraph.js";
import { run } from "../src/cli/run.js";
import { DEMO_CATALOG_DIR } from "../src/paths.js";
import { SUB_SCORE_LABELS, SUB_SCORES } from "../src/rank/methodology.js";
import type { ScoreCard } from "../src/rank/scores.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { captureIo } from "./helpers.js";

// One artifact per weight group and data situation: hosted model, repository, npm library,
// PyPI-only framework, agent, MCP server.
const SLUGS = ["gpt-5-4-pro", "dreambooth-stable-diffusion", "langchain", "diffusers", "aider", "mcp-server-postgres"];

const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-agree-")), "c.db");
let core: Capgraph;
let store: ReturnType<typeof openSqliteStore>;
beforeAll(async () => {
  const c = captureIo();
  expect(await run(["add", DEMO_CATALOG_DIR, "--db", db], c.io)).toBe(0);
  store = openSqliteStore(db);
  core = new Capgraph(store);
});
afterAll(async () => {
  await store.close();
});

async function cliJson<T>(...argv: string[]): Promise<T> {
  const c = captureIo();
  expect(await run([...argv, "--db", db, "--json"], c.io)).toBe(0);
  return JSON.parse(c.out()) as T;
}

describe("every surface shows the numbers of the one scoring function", () => {
  it.each(SLUGS)("%s: CLI explain and show, the JSON API and the artifact page agree", async (slug) => {
    const explain = await cliJson<ScoreCard>("explain", slug);
    const show = await cliJson<{
      capRank: number;
      capRankInterval: [number, number];
      scores: Record<string, number | null>;
    }>("show", slug);
    const app = createApp(core, { logError: () => {} });
    const api = (await (await app.request(`/api/v1/artifacts/${slug}`)).json()) as typeof show & {
      scoreDetails: ScoreCard["scores"];
    };
    const page = await (await app.request(`/a/${slug}`)).text();
    expect(show.capRank).toBe(explain.capRank);
    expect(show.capRankInterval).toEqual(explain.interval);
    expect(api.capRank).toBe(explain.capRank);
    expect(api.capRankInterval).toEqual(explain.interval);
    expect(page).toContain(`CapRank ${explain.capRank}/100`);
    expect(page).toContain(`range ${explain.interval[0]}–${explain.interval[1]}`);
    for (const k of SUB_SCORES) {
      expect(api.scores[k]).toBe(explain.scores[k].value);
      expect(show.scores[k]).toBe(explain.scores[k].value);
      expect(api.scoreDetails[k]).toEqual(explain.scores[k]);
      const v = explain.scores[k].value;
      if (v !== null) expect(page).toContain(`aria-label="${SUB_SCORE_LABELS[k]}: ${v} of 100"`);
    }
  });
});
