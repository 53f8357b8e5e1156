import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Capgraph } from "../capgraph.js";
import { ROOT } from "../paths.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { DEFAULT_POLICY, SafeFetcher } from "./fetcher.js";
import { importNpm, normalizeRepo, NPM_RECORDINGS, slugFromNpm, type NpmSource } from "./npm.js";
import { recordedFetcher } from "./recorded.js";
import { extractCapabilities } from "./readme.js";

// Recorded registry responses (test/fixtures/npm), served from loopback, plus hostile ones.
const FIX = path.join(ROOT, "test", "fixtures", "npm");
let hits = new Map<string, number>();
const server = http.createServer((req, res) => {
  const url = req.url ?? "";
  hits.set(url, (hits.get(url) ?? 0) + 1);
  const send = (status: number, body: string | Buffer, type = "application/json", extra: Record<string, string> = {}) => { res.writeHead(status, { "content-type": type, ...extra }); res.end(body); };
  if (url === "/ollama") return send(200, fs.readFileSync(path.join(FIX, "ollama.json")));
  if (url === "/ollama/-/ollama-0.6.4.tgz") return send(200, fs.readFileSync(path.join(FIX, "ollama-0.6.4.tgz")), "application/octet-stream");
  if (url === "/downloads/point/last-month/ollama") return send(200, JSON.stringify({ downloads: 123456, package: "ollama" }));
  if (url === "/html-pkg") return send(200, "<!doctype html><h1>Welcome</h1>", "text/html");
  if (url === "/wrong-types") return send(200, JSON.stringify({ "dist-tags": 5, versions: "nope" }));
  if (url === "/huge") return send(200, JSON.stringify({ pad: "x".repeat(300_000) }));
  if (url === "/redirect-pkg") return send(302, "", "text/plain", { location: "http://elsewhere.example/steal" });
  if (url === "/old-pkg") {
    const doc = JSON.parse(fs.readFileSync(path.join(FIX, "ollama.json"), "utf8")) as { versions: Record<string, Record<string, unknown>>; time: Record<string, string> };
    doc.versions["0.6.4"] = { ...doc.versions["0.6.4"], deprecated: "Use ollama instead." };
    for (const [v, t] of [["0.1.0", "2024-01-02T00:00:00Z"], ["0.5.0", "2026-01-15T00:00:00Z"]] as const) { doc.versions[v] = { name: "old-pkg", version: v }; doc.time[v] = t; }
    doc.time["created"] = "2024-01-01T00:00:00Z";
    return send(200, JSON.stringify(doc));
  }
  if (url === "/flaky") return (hits.get(url) ?? 0) < 2 ? send(503, "busy") : send(200, fs.readFileSync(path.join(FIX, "ollama.json")));
  return send(404, "{}");
});
let src: NpmSource;
let fetcher: SafeFetcher;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  src = { registry: base, downloads: base };
  fetcher = new SafeFetcher({ ...DEFAULT_POLICY, hosts: [new URL(base).host], allowHttp: true, maxBytes: 200_000, backoffMs: 1, minIntervalMs: 0, retries: 2 });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const fresh = () => new Capgraph(openSqliteStore(":memory:"));

describe("npm importer (recorded fixtures)", () => {
  it("maps the registry document, README capabilities with their source spans, and signals", async () => {
    const core = fresh();
    const r = await importNpm("ollama", fetcher, core, src, new Date("2026-11-27T00:00:00Z"));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const { artifact, signals } = r.manifests[0]?.manifest ?? { artifact: undefined, signals: [] };
    expect(artifact).toMatchObject({ slug: "ollama", kind: "library", license: "MIT", repository: "https://github.com/ollama/ollama-js", url: "https://github.com/ollama/ollama-js" });
    expect(artifact?.capabilities.map((c) => c.name)).toContain("Streaming responses");
    const streaming = artifact?.capabilities.find((c) => c.name === "Streaming responses");
    expect(streaming).toMatchObject({ evidence: "documented", uriSource: "classified" });
    expect(streaming?.sources[0]?.excerpt).toContain("Response streaming can be enabled");
    expect(signals.map((s) => [s.metric, s.value])).toEqual([["releases.latestAt", Math.round(Date.parse("2026-09-29T02:50:27.460Z") / 1000)], ["releases.count", 1], ["releases.last365d", 1], ["npm.downloads.monthly", 123456]]);
  });

  it("marks a deprecated latest version and counts only releases of the last 365 days", async () => {
    const r = await importNpm("old-pkg", fetcher, fresh(), src, new Date("2026-11-27T00:00:00Z"));
    const m = r.manifests[0]?.manifest;
    expect(m?.artifact.status).toBe("deprecated");
    expect(m?.signals.filter((s) => s.metric.startsWith("releases.")).map((s) => [s.metric, s.value, s.unit])).toEqual([
      ["releases.latestAt", Math.round(Date.parse("2026-09-29T02:50:27.460Z") / 1000), "unix-seconds"], ["releases.count", 3, "versions"], ["releases.last365d", 2, "versions"],
    ]);
  });

  it("is idempotent: importing again changes nothing and appends no signal", async () => {
    const core = fresh();
    const first = await importNpm("ollama", fetcher, core, src, new Date("2026-11-27T00:00:00Z"));
    await core.add(first.manifests, first.diagnostics);
    const again = await importNpm("ollama", fetcher, core, src, new Date("2026-11-27T00:00:00Z"));
    const sum = await core.add(again.manifests, again.diagnostics);
    expect(sum).toMatchObject({ unchanged: ["ollama"], signalsAppended: 0 });
  });

  it("links to an existing artifact with the same repository instead of creating a second one", async () => {
    const core = fresh();
    const { sampleManifest } = await import("../store/contract.suite.js");
    await core.store.upsertManifests([sampleManifest("ollama-js", { repository: "https://github.com/ollama/ollama-js", description: "Curated text." })]);
    const r = await importNpm("ollama", fetcher, core, src);
    expect(r.manifests[0]?.manifest.artifact).toMatchObject({ slug: "ollama-js", description: "Curated text." });
  });

  it.each([
    ["html-pkg", "answered HTML instead of JSON"],
    ["wrong-types", "has no latest version"],
    ["huge", "larger than 200000 bytes"],
    ["redirect-pkg", "not on an allowed host"],
    ["missing-pkg", "answered 404"],
    ["bad name!", "is not an npm package name"],
  ])("hostile or broken response for %s: a clear error and nothing written", async (name, message) => {
    const core = fresh();
    await expect(importNpm(name, fetcher, core, src)).rejects.toMatchObject({ code: "IMPORT_FAILED", message: expect.stringContaining(message) });
    expect(await core.store.countArtifacts()).toBe(0);
  });

  it("retries 5xx with backoff", async () => {
    hits = new Map();
    expect(await fetcher.json(`${src.registry}/flaky`)).toMatchObject({ name: "ollama" });
    expect(hits.get("/flaky")).toBe(2);
  });

  it("works offline from a recorded document (--from-file)", async () => {
    const r = await importNpm("ollama", recordedFetcher(path.join(FIX, "ollama.json"), NPM_RECORDINGS), fresh(), src);
    expect(r.manifests[0]?.manifest.artifact.slug).toBe("ollama");
    expect(r.manifests[0]?.manifest.signals.map((s) => s.metric)).not.toContain("npm.downloads.monthly");
  });

  it("works offline from a recorded folder (--from-file DIR) with the downloads answer", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-npm-"));
    fs.copyFileSync(path.join(FIX, "ollama.json"), path.join(dir, "registry.json"));
    fs.writeFileSync(path.join(dir, "downloads.json"), JSON.stringify({ downloads: 42, package: "ollama" }));
    const r = await importNpm("ollama", recordedFetcher(dir, NPM_RECORDINGS), fresh(), src);
    expect(r.manifests[0]?.manifest.signals.find((s) => s.metric === "npm.downloads.monthly")?.value).toBe(42);
  });

  it("refuses plain http and other hosts outright", async () => {
    const strict = new SafeFetcher({ ...DEFAULT_POLICY, hosts: ["registry.npmjs.org"] });
    await expect(strict.json("http://registry.npmjs.org/x")).rejects.toMatchObject({ message: expect.stringContaining("is not https") });
    await expect(strict.json("https://evil.example/x")).rejects.toMatchObject({ message: expect.stringContaining("not on an allowed host") });
  });
});

describe("README extraction and names", () => {
  it("skips the setup and reference sections of generated SDK READMEs", () => {
    const md = [
      "# sdk", "## Summary", "Mistral AI API: Our Chat Completion and Embeddings APIs specification.",
      "## SDK Installation", "The SDK can be installed with either npm, pnpm, bun or yarn package managers.",
      "## API Key Setup", "Before you begin, you will need an API key from the console to call the service.",
      "## Create Chat Completions", "This example shows how to create chat completions with streaming.",
      "## Available Resources and Operations", "### Audio.Transcriptions", "complete - Create Transcription stream - Create Streaming Transcription (SSE)",
      "## Retries", "Some of the endpoints in this SDK support retries with a backoff strategy.",
    ].join("\n\n");
    // "Retries" stays: retrying with backoff is a feature of the SDK, described in prose
    expect(extractCapabilities(md).map((c) => c.name)).toEqual(["Create Chat Completions", "Retries"]);
  });

  it("takes feature bullets and capability sections, skips boilerplate and code", () => {
    const md = "# Tool\n\n## Installation\n\nRun npm i tool to install it in your project.\n\n## Features\n\n- Fast vector search over millions of embeddings\n- Hybrid BM25 and vector ranking: best of both\n\n## Streaming answers\n\nAnswers arrive token by token so users see progress at once.\n\n```js\n## not a heading\n```\n\n## create\n\nCreates a model from a file on disk for later use.\n";
    expect(extractCapabilities(md).map((c) => c.name)).toEqual(["Fast vector search over millions of embeddings", "Hybrid BM25 and vector ranking", "Streaming answers"]);
    expect(slugFromNpm("@modelcontextprotocol/sdk")).toBe("modelcontextprotocol-sdk");
    expect(normalizeRepo("git+https://github.com/Ollama/ollama-js.git")).toBe("https://github.com/ollama/ollama-js");
  });
});
