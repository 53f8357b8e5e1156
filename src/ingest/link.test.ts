import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoCore } from "../../test/helpers.js";
import type { Capgraph } from "../capgraph.js";
import { normalize } from "../catalog/normalize.js";
import { type LoadResult } from "../catalog/manifest.js";
import { ROOT } from "../paths.js";
import { GITHUB_RECORDINGS, importGithub } from "./github.js";
import { HF_RECORDINGS, importHf } from "./hf.js";
import { fixture, freshCore, memoryFetcher } from "./importer.suite.js";
import { manifestOf } from "./link.js";
import { importNpm, NPM_RECORDINGS } from "./npm.js";
import { importPypi, PYPI_RECORDINGS } from "./pypi.js";

const FIX = path.join(ROOT, "test", "fixtures");
const NOW = new Date("2025-09-01T00:00:00Z");
const ojs = path.join(FIX, "github", "ollama-ollama-js");
const npmDoc = () => fixture(path.join(FIX, "npm", "ollama"), "registry.json");

const npm = (core: Capgraph, doc: unknown = npmDoc(), name = "ollama") =>
  importNpm(name, memoryFetcher(NPM_RECORDINGS, { "registry.json": doc }), core, undefined, NOW);
const github = (core: Capgraph, repo: unknown = fixture(ojs, "repo.json"), id = "ollama/ollama-js") =>
  importGithub(
    id,
    memoryFetcher(GITHUB_RECORDINGS, { "repo.json": repo, "readme.json": fixture(ojs, "readme.json") }),
    core,
    undefined,
    NOW,
  );
async function add(core: Capgraph, r: Promise<LoadResult>) {
  const l = await r;
  return core.add(l.manifests, l.diagnostics);
}

describe("linking imports to what the catalog holds", () => {
  it.each([
    ["npm then github", ["npm", "github"]],
    ["github then npm", ["github", "npm"]],
  ] as const)("%s: one artifact with both sources' signals, never two", async (_n, order) => {
    const core = freshCore();
    for (const s of order) await add(core, s === "npm" ? npm(core) : github(core));
    const all = await core.store.listArtifacts();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      slug: order[0] === "npm" ? "ollama" : "ollama-js",
      repository: "https://github.com/ollama/ollama-js",
      tags: [order[0]],
    });
    expect(new Set((await core.store.listSignals()).map((s) => s.metric))).toEqual(
      new Set([
        "releases.latestAt",
        "releases.count",
        "releases.last365d",
        "github.stars",
        "github.forks",
        "github.openIssues",
        "github.archived",
        "repo.pushedAt",
      ]),
    );
    // Re-importing either source, in any order, changes nothing.
    for (const s of [...order, ...order])
      expect(await add(core, s === "npm" ? npm(core) : github(core))).toMatchObject({
        created: [],
        updated: [],
        signalsAppended: 0,
      });
  });

  it("a status only moves away from active, so an archived repository stays archived when its package is imported again", async () => {
    const core = freshCore();
    await add(core, npm(core));
    await add(core, github(core, { ...fixture<Record<string, unknown>>(ojs, "repo.json"), archived: true }));
    expect((await core.store.getArtifact("ollama"))?.status).toBe("archived");
    expect(await add(core, npm(core))).toMatchObject({ updated: [], unchanged: ["ollama"] });
  });

  it("two packages of one monorepo stay two artifacts; the repository's import updates both", async () => {
    const core = freshCore();
    const other = npmDoc() as { name: string };
    other.name = "ollama-extra";
    await add(core, npm(core));
    await add(core, npm(core, other, "ollama-extra"));
    expect((await core.store.listArtifacts()).map((a) => a.slug)).toEqual(["ollama", "ollama-extra"]);
    const r = await github(core);
    expect(r.manifests.map((m) => m.manifest.artifact.slug)).toEqual(["ollama", "ollama-extra"]);
  });

  it("a release metric stays with the importer that reported it first, so two sources never alternate one series", async () => {
    const core = freshCore();
    await add(core, npm(core));
    const pypi = fixture(path.join(FIX, "pypi", "peft"), "pypi.json") as { info: Record<string, unknown> };
    pypi.info["project_urls"] = { Source: "https://github.com/ollama/ollama-js" };
    const r = await importPypi("peft", memoryFetcher(PYPI_RECORDINGS, { "pypi.json": pypi }), core, undefined, NOW);
    expect(r.manifests.map((m) => m.manifest.artifact.slug)).toEqual(["ollama"]);
    expect(r.manifests[0]?.manifest.signals).toEqual([]);
  });

  it("does not take a slug that belongs to an unrelated artifact", async () => {
    const core = await demoCore();
    const before = await core.store.getArtifact("ollama");
    const r = await npm(core);
    expect(r.manifests.map((m) => m.manifest.artifact.slug)).toEqual(["ollama-npm"]);
    await core.add(r.manifests, r.diagnostics);
    expect(await core.store.getArtifact("ollama")).toEqual(before);
  });

  it("updates curated entries in place: a repository by its repository, a Hub model by its page, keeping their text and capabilities", async () => {
    const core = await demoCore();
    const { createdAt: _c, updatedAt: _u, ...curated } = (await core.store.getArtifact("diffusers")) ?? {};
    const dif = path.join(FIX, "github", "huggingface-diffusers");
    const gh = await importGithub(
      "huggingface/diffusers",
      memoryFetcher(GITHUB_RECORDINGS, {
        "repo.json": fixture(dif, "repo.json"),
        "readme.json": fixture(dif, "readme.json"),
      }),
      core,
      undefined,
      NOW,
    );
    expect(gh.manifests.map((m) => m.manifest.artifact)).toEqual([curated]);
    expect(gh.manifests[0]?.manifest.signals.map((s) => s.metric)).toEqual([
      "github.stars",
      "github.forks",
      "github.openIssues",
      "github.archived",
      "repo.pushedAt",
    ]);
    const sdxl = path.join(FIX, "hf", "stabilityai-stable-diffusion-xl-base-1.0");
    const hf = await importHf(
      "stabilityai/stable-diffusion-xl-base-1.0",
      memoryFetcher(HF_RECORDINGS, {
        "model.json": fixture(sdxl, "model.json"),
        "README.md": fs.readFileSync(path.join(sdxl, "README.md"), "utf8"),
      }),
      core,
      undefined,
      NOW,
    );
    expect(hf.manifests.map((m) => m.manifest.artifact.slug)).toEqual(["stable-diffusion-xl"]);
    expect(hf.manifests[0]?.manifest.artifact.capabilities.map((c) => c.id)).toEqual(
      (await core.store.getArtifact("stable-diffusion-xl"))?.capabilities.map((c) => c.id),
    );
    expect(hf.manifests[0]?.manifest.signals.map((s) => s.metric)).toEqual([
      "hf.downloads",
      "hf.likes",
      "releases.latestAt",
    ]);
  });

  it("a stored artifact read back as manifest input normalises to itself (every demo entry)", async () => {
    const core = await demoCore();
    for (const a of await core.store.listArtifacts()) {
      const { createdAt: _c, updatedAt: _u, ...plain } = a;
      expect(normalize(manifestOf(a), core.taxonomy).artifact, a.slug).toEqual(plain);
    }
  });
});
