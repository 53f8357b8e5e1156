import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../paths.js";
import { DEFAULT_POLICY, SafeFetcher } from "./fetcher.js";
import { fixture, freshCore, runImporterContract } from "./importer.suite.js";
import { importNpm, normalizeRepo, NPM_RECORDINGS, npmImporter, slugFromNpm } from "./npm.js";
import { recordedFetcher } from "./recorded.js";
import { extractCapabilities } from "./readme.js";

// The registry document and tarball of `ollama`, recorded (test/fixtures/README.md).
const FIX = path.join(ROOT, "test", "fixtures", "npm", "ollama");
const NOW = new Date("2026-11-27T00:00:00Z");

runImporterContract("npm", {
  importer: (base) => npmImporter({ registry: base, downloads: base }),
  fixtures: FIX,
  good: "ollama",
  id: (w) => w,
  now: NOW,
  wrongTypes: { body: { "dist-tags": 5, versions: "nope" }, message: "has no latest version" },
  signalSource: /^npm (registry|downloads API) \(/,
});

type RegistryDoc = { versions: Record<string, Record<string, unknown>>; time: Record<string, string> };

/** A `--from-file` folder: the recorded fixture, edited, with a downloads answer if given. */
function folder(edit: (doc: RegistryDoc) => void = () => {}, downloads?: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-npm-"));
  const doc = fixture<RegistryDoc>(FIX, "registry.json");
  edit(doc);
  fs.writeFileSync(path.join(dir, "registry.json"), JSON.stringify(doc));
  fs.copyFileSync(path.join(FIX, "package.tgz"), path.join(dir, "package.tgz"));
  if (downloads !== undefined)
    fs.writeFileSync(path.join(dir, "downloads.json"), JSON.stringify({ downloads, package: "ollama" }));
  return dir;
}
const run = (name: string, dir: string, core = freshCore()) =>
  importNpm(name, recordedFetcher(dir, NPM_RECORDINGS), core, undefined, NOW);

describe("npm importer", () => {
  it("maps the registry document, README capabilities from the tarball with their source spans, and signals", async () => {
    const r = await run(
      "ollama",
      folder(() => {}, 123456),
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const { artifact, signals } = r.manifests[0]?.manifest ?? { artifact: undefined, signals: [] };
    expect(artifact).toMatchObject({
      slug: "ollama",
      kind: "library",
      license: "MIT",
      repository: "https://github.com/ollama/ollama-js",
      url: "https://github.com/ollama/ollama-js",
    });
    const streaming = artifact?.capabilities.find((c) => c.name === "Streaming responses");
    expect(streaming).toMatchObject({ evidence: "documented", uriSource: "classified" });
    expect(streaming?.sources[0]?.excerpt).toContain("Response streaming can be enabled");
    expect(signals.map((s) => [s.metric, s.value])).toEqual([
      ["releases.latestAt", Math.round(Date.parse("2026-09-29T02:50:27.460Z") / 1000)],
      ["releases.count", 1],
      ["releases.last365d", 1],
      ["npm.downloads.monthly", 123456],
    ]);
  });

  it("marks a deprecated latest version and counts only releases of the last 365 days", async () => {
    const dir = folder((doc) => {
      doc.versions["0.6.4"] = { ...doc.versions["0.6.4"], deprecated: "Use ollama instead." };
      for (const [v, t] of [
        ["0.1.0", "2024-01-02T00:00:00Z"],
        ["0.5.0", "2026-01-15T00:00:00Z"],
      ] as const) {
        doc.versions[v] = { name: "ollama", version: v };
        doc.time[v] = t;
      }
      doc.time["created"] = "2024-01-01T00:00:00Z";
    });
    const m = (await run("ollama", dir)).manifests[0]?.manifest;
    expect(m?.artifact.status).toBe("deprecated");
    expect(m?.signals.filter((s) => s.metric.startsWith("releases.")).map((s) => [s.metric, s.value, s.unit])).toEqual([
      ["releases.latestAt", Math.round(Date.parse("2026-09-29T02:50:27.460Z") / 1000), "unix-seconds"],
      ["releases.count", 3, "versions"],
      ["releases.last365d", 2, "versions"],
    ]);
  });

  it("links to an existing artifact with the same repository instead of creating a second one", async () => {
    const core = freshCore();
    const { sampleManifest } = await import("../store/contract.suite.js");
    await core.store.upsertManifests([
      sampleManifest("ollama-js", { repository: "https://github.com/ollama/ollama-js", description: "Curated text." }),
    ]);
    const r = await run("ollama", FIX, core);
    expect(r.manifests[0]?.manifest.artifact).toMatchObject({ slug: "ollama-js", description: "Curated text." });
  });

  it("refuses a name npm would not accept, before any request", async () => {
    const core = freshCore();
    await expect(run("bad name!", FIX, core)).rejects.toMatchObject({
      code: "SOURCE_ID_INVALID",
      message: expect.stringContaining("is not an npm package name"),
    });
    expect(await core.store.countArtifacts()).toBe(0);
  });

  it("refuses plain http and other hosts outright", async () => {
    const strict = new SafeFetcher({ ...DEFAULT_POLICY, hosts: ["registry.npmjs.org"] });
    await expect(strict.json("http://registry.npmjs.org/x")).rejects.toMatchObject({
      message: expect.stringContaining("is not https"),
    });
    await expect(strict.json("https://evil.example/x")).rejects.toMatchObject({
      message: expect.stringContaining("not on an allowed host"),
    });
  });
});

describe("README extraction and names", () => {
  it("skips the setup and reference sections of generated SDK READMEs", () => {
    const md = [
      "# sdk",
      "## Summary",
      "Mistral AI API: Our Chat Completion and Embeddings APIs specification.",
      "## SDK Installation",
      "The SDK can be installed with either npm, pnpm, bun or yarn package managers.",
      "## API Key Setup",
      "Before you begin, you will need an API key from the console to call the service.",
      "## Create Chat Completions",
      "This example shows how to create chat completions with streaming.",
      "## Available Resources and Operations",
      "### Audio.Transcriptions",
      "complete - Create Transcription stream - Create Streaming Transcription (SSE)",
      "## Retries",
      "Some of the endpoints in this SDK support retries with a backoff strategy.",
    ].join("\n\n");
    // "Retries" stays: retrying with backoff is a feature of the SDK, described in prose
    expect(extractCapabilities(md).map((c) => c.name)).toEqual(["Create Chat Completions", "Retries"]);
  });

  it("takes feature bullets and capability sections, skips boilerplate and code", () => {
    const md =
      "# Tool\n\n## Installation\n\nRun npm i tool to install it in your project.\n\n## Features\n\n- Fast vector search over millions of embeddings\n- Hybrid BM25 and vector ranking: best of both\n\n## Streaming answers\n\nAnswers arrive token by token so users see progress at once.\n\n```js\n## not a heading\n```\n\n## create\n\nCreates a model from a file on disk for later use.\n";
    expect(extractCapabilities(md).map((c) => c.name)).toEqual([
      "Fast vector search over millions of embeddings",
      "Hybrid BM25 and vector ranking",
      "Streaming answers",
    ]);
    expect(slugFromNpm("@modelcontextprotocol/sdk")).toBe("modelcontextprotocol-sdk");
    expect(normalizeRepo("git+https://github.com/Ollama/ollama-js.git")).toBe("https://github.com/ollama/ollama-js");
  });
});
