import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY, SafeFetcher } from "./fetcher.js";
import { githubImporter } from "./github.js";
import { importerFor, IMPORTERS, networkFetcher, SOURCE_FORMS } from "./sources.js";

const seen: { url: string; authorization: string | undefined }[] = [];
const server = http.createServer((req, res) => {
  seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
  if (req.url === "/hop") {
    res.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/landed` });
    res.end();
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end("{}");
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("import sources", () => {
  it("knows the five source forms and splits an item from its prefix", () => {
    expect(SOURCE_FORMS).toEqual([
      "npm:<name>",
      "pypi:<name>",
      "github:<owner>/<repo>",
      "hf:<owner>/<model>",
      "mcp:<server.json file>",
    ]);
    expect(importerFor("github:huggingface/diffusers")).toMatchObject({
      importer: { prefix: "github" },
      id: "huggingface/diffusers",
    });
    expect(importerFor("cargo:serde")).toBeUndefined();
    expect(importerFor("mcp:server.json")).toBeUndefined();
  });

  it("gives each source only its own hosts", () => {
    expect(IMPORTERS.map((i) => [i.prefix, i.hosts])).toEqual([
      ["npm", ["registry.npmjs.org", "api.npmjs.org"]],
      ["pypi", ["pypi.org"]],
      ["github", ["api.github.com"]],
      ["hf", ["huggingface.co"]],
    ]);
  });

  it("sends GITHUB_TOKEN to api.github.com only", () => {
    const env = { GITHUB_TOKEN: "t0ken" };
    const [npm, pypi, github, hf] = IMPORTERS.map((i) => networkFetcher(i, env).policy.headers);
    expect(github).toEqual({ "api.github.com": { authorization: "Bearer t0ken" } });
    expect([npm, pypi, hf]).toEqual([undefined, undefined, undefined]);
    expect(networkFetcher(githubImporter(), {}).policy.headers).toBeUndefined();
  });

  it("a host's headers go to that host and not along a redirect to another allowed host", async () => {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    const f = new SafeFetcher({
      ...DEFAULT_POLICY,
      hosts,
      allowHttp: true,
      minIntervalMs: 0,
      headers: { [`127.0.0.1:${port}`]: { authorization: "Bearer t0ken" } },
    });
    seen.length = 0;
    await f.json(`http://127.0.0.1:${port}/direct`);
    await f.json(`http://127.0.0.1:${port}/hop`);
    await f.json(`http://localhost:${port}/other`);
    expect(seen).toEqual([
      { url: "/direct", authorization: "Bearer t0ken" },
      { url: "/hop", authorization: "Bearer t0ken" },
      { url: "/landed", authorization: undefined },
      { url: "/other", authorization: undefined },
    ]);
  });
});
