import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIo } from "../../test/helpers.js";
import fs from "node:fs";
import os from "node:os";
import { run } from "../cli/run.js";
import { createApp } from "../app.js";
import { createError } from "../errors.js";
import { ROOT } from "../paths.js";
import type { Fetcher } from "./common.js";
import { DEFAULT_POLICY, SafeFetcher } from "./fetcher.js";
import { fixture, freshCore } from "./importer.suite.js";
import { importNpm } from "./npm.js";
import { extractCapabilities } from "./readme.js";

const NOW = new Date("2025-09-01T00:00:00Z");
const OLLAMA = path.join(ROOT, "test", "fixtures", "npm", "ollama");

describe("importer quality: README sections come from a markdown lexer", () => {
  it("setup, API reference, compatibility, licence and contributing sections, pointers elsewhere and code are not capabilities", () => {
    const readme = [
      "# tool",
      "",
      "## Streaming chat completions",
      "",
      "Streams tokens from chat models as they are generated, over server-sent events.",
      "",
      "## Installation",
      "",
      "Install the package from the registry with your package manager of choice.",
      "",
      "## Node.js Web Crypto compatibility",
      "",
      "Works with the Web Crypto API in Node.js 18 and later and in every modern browser.",
      "",
      "## Server options",
      "",
      "Advanced server options are covered in docs/server.md for those who need them.",
      "",
      "## API reference",
      "",
      "Every method of the client is listed with its parameters and return types.",
      "",
      "## Contributing",
      "",
      "Pull requests are welcome; read the guide and open an issue first.",
      "",
      "~~~sh",
      "## Fake heading inside a code block",
      "",
      "A paragraph inside the code block that is long enough to look like prose.",
      "~~~",
      "",
      "## Embeddings",
      "",
      "Turns text into vectors for semantic search, clustering and retrieval.",
    ].join("\n");
    expect(extractCapabilities(readme).map((c) => c.name)).toEqual(["Streaming chat completions", "Embeddings"]);
  });

  it("a Features list keeps its items as plain text, links and emphasis reduced to words", () => {
    const caps = extractCapabilities(
      "# t\n\n## Features\n\n- **Fast** [streaming](https://x.example) of tokens as they arrive\n- Tool calling with typed `schemas` and validation\n",
    );
    expect(caps.map((c) => c.description)).toEqual([
      "Fast streaming of tokens as they arrive",
      "Tool calling with typed schemas and validation",
    ]);
  });
});

/** A fetcher answering the registry document and failing the downloads host as `downloads` says. */
function npmFetcher(downloads: () => unknown): Fetcher {
  const doc = fixture(OLLAMA, "registry.json");
  const json = async (url: string) => (url.includes("/downloads/") ? downloads() : doc);
  return {
    json,
    bytes: async () => {
      throw createError("RECORDING_MISSING", ["https://registry.npmjs.org/ollama/-/ollama.tgz"]);
    },
  };
}

describe("importer quality: a signal that could not be fetched is a gap, reported and kept", () => {
  it("the downloads host unreachable: the import says so and the artifact keeps a gap until the signal arrives", async () => {
    const core = freshCore();
    const r = await importNpm(
      "ollama",
      npmFetcher(() => {
        throw createError("SOURCE_UNREACHABLE", [
          "https://api.npmjs.org/x",
          "could not be reached (DNS: the host name did not resolve)",
        ]);
      }),
      core,
      undefined,
      NOW,
    );
    expect(r.gaps).toEqual([
      {
        metric: "npm.downloads.monthly",
        source: "npm downloads API (ollama, last month)",
        reason: "host unreachable (DNS: the host name did not resolve)",
      },
    ]);
    await core.add(r.manifests, r.diagnostics);
    expect((await core.store.getArtifact("ollama"))?.gaps?.map((g) => g.metric)).toEqual(["npm.downloads.monthly"]);
    const page = await (await createApp(core, { logError: () => {} }).request("/a/ollama")).text();
    expect(page).toContain(
      "Not fetched on the last import (missing, not zero): npm.downloads.monthly — host unreachable (DNS: the host name did not resolve)",
    );
    const ok = await importNpm(
      "ollama",
      npmFetcher(() => ({ downloads: 1234 })),
      core,
      undefined,
      NOW,
    );
    expect(ok.gaps).toEqual([]);
    await core.add(ok.manifests, ok.diagnostics);
    expect((await core.store.getArtifact("ollama"))?.gaps).toBeUndefined();
  });

  it("capgraph import prints 'downloads: not fetched' and counts it in the summary, not as '0 failed' alone", async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-gap-")), "c.db");
    const c = captureIo();
    expect(await run(["import", "npm:ollama", "--from-file", OLLAMA, "--db", db], c.io)).toBe(0);
    expect(c.err()).toContain(
      "npm:ollama: downloads: not fetched — no recorded answer (offline import); kept as a gap, not as zero",
    );
    expect(c.err()).toContain("1 imported, 0 failed, 1 signal(s) not fetched");
    const show = captureIo();
    await run(["show", "ollama", "--db", db], show.io);
    expect(show.out()).toContain("Not fetched: npm.downloads.monthly (no recorded answer (offline import))");
  });
});

describe("importer quality: 'could not be reached' names the cause and suggests --from-file", () => {
  let plain: http.Server;
  let silent: net.Server;
  let plainPort = 0,
    silentPort = 0,
    closedPort = 0;
  beforeAll(async () => {
    plain = http.createServer((_q, res) => res.end("{}"));
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", () => r()));
    plainPort = (plain.address() as AddressInfo).port;
    silent = net.createServer(() => {
      /* accepts and never answers */
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    silentPort = (silent.address() as AddressInfo).port;
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
  });
  afterAll(() => {
    plain.close();
    silent.close();
  });

  const get = (url: string, timeoutMs = 5_000) => {
    const host = new URL(url).host;
    return new SafeFetcher({ ...DEFAULT_POLICY, hosts: [host], retries: 0, timeoutMs, allowHttp: true }).json(url).then(
      () => "answered",
      (e: Error) => e.message,
    );
  };

  it.each([
    ["refused", () => `http://127.0.0.1:${closedPort}/x`, /connection refused/],
    ["TLS", () => `https://127.0.0.1:${plainPort}/x`, /TLS/],
    ["timeout", () => `http://127.0.0.1:${silentPort}/x`, /timeout/],
    ["DNS", () => "https://no-such-host.invalid/x", /DNS/],
  ])("%s", async (_n, url, cause) => {
    const message = await get(url(), 300);
    expect(message).toMatch(cause);
    expect(message).toContain("--from-file");
  });
});
