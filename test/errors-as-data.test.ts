import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseTrustProxy } from "../src/http/client-address.js";
import { parseBody } from "../src/wire/parse.js";
import { createApp } from "../src/app.js";
import { run } from "../src/cli/run.js";
import { readSourceIndex } from "../src/ingest/derive.js";
import { DEFAULT_POLICY, SafeFetcher } from "../src/ingest/fetcher.js";
import { recordedFetcher } from "../src/ingest/recorded.js";
import { IMPORTERS } from "../src/ingest/sources.js";
import { OpenAICompatibleEmbedder } from "../src/match/embedder.js";
import { authenticate, createKey } from "../src/owners/keys.js";
import { startClaim, verifyClaim } from "../src/owners/publish.js";
import { sampleManifest } from "../src/store/contract.suite.js";
import { openPostgresStore } from "../src/store/postgres/pg-store.js";
import { captureIo, demoCore } from "./helpers.js";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-errors-"));
const cli = async (...argv: string[]) => {
  const c = captureIo();
  const code = await run(argv, c.io);
  return { code, err: c.err(), out: c.out() };
};

// An upstream that answers the way misconfigured services do: an HTML login page, an error status.
const upstream = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.url?.startsWith("/html")) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><p>Sign in</p>");
      return;
    }
    res.writeHead(401);
    res.end("no key");
  });
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

describe("finding: an upstream non-JSON answer was a 400 BAD_ARGUMENT", () => {
  it("is now UPSTREAM_NOT_JSON, a 502-class upstream error naming the endpoint", async () => {
    const err = await new OpenAICompatibleEmbedder({ url: `${base}/html`, model: "m" })
      .embed(["a"])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "UPSTREAM_NOT_JSON",
      status: 502,
      message: expect.stringContaining(`${base}/html`),
    });
  });

  it("an endpoint's error status is EMBEDDER_FAILED, an unreachable one EMBEDDER_UNREACHABLE (both 502)", async () => {
    await expect(
      new OpenAICompatibleEmbedder({ url: `${base}/denied`, model: "m" }).embed(["a"]),
    ).rejects.toMatchObject({ code: "EMBEDDER_FAILED", status: 502, message: expect.stringContaining("answered 401") });
    await expect(
      new OpenAICompatibleEmbedder({ url: "http://127.0.0.1:1", model: "m" }).embed(["a"]),
    ).rejects.toMatchObject({ code: "EMBEDDER_UNREACHABLE", status: 502 });
  });
});

describe("finding: the generic body parser threw FEEDBACK_INVALID for any body", () => {
  it("a non-feedback body is BAD_BODY, with every problem as an Issue", () => {
    const err = (() => {
      try {
        return parseBody(z.strictObject({ name: z.string(), size: z.number() }), { size: "x", extra: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({ code: "BAD_BODY", status: 400 });
    const details = (err as { details: { code: string; path: string; message: string }[] }).details;
    expect(details.map((d) => [d.code, d.path])).toEqual(
      expect.arrayContaining([
        ["BAD_BODY_FIELD", "name"],
        ["BAD_BODY_FIELD", "size"],
        ["BAD_BODY_FIELD", "extra"],
      ]),
    );
  });

  it("a feedback body still says FEEDBACK_INVALID over HTTP, with its issues in details", async () => {
    const app = createApp(await demoCore(), { logError: () => {} });
    const r = await app.request("/api/v1/feedback", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ matchId: "x", outcome: "maybe" }),
    });
    const body = (await r.json()) as { error: { code: string; details: { code: string; path: string }[] } };
    expect([r.status, body.error.code]).toEqual([400, "FEEDBACK_INVALID"]);
    expect(body.error.details.map((d) => d.path).sort()).toEqual(["outcome", "slug"]);
  });

  it("an unknown capability in an outcome report is FEEDBACK_UNKNOWN_CAPABILITY", async () => {
    const core = await demoCore();
    const m = await core.search("speech to text", { limit: 3, client: "test" });
    const slug = m.results[0]?.slug ?? "";
    await expect(
      core.feedback({
        matchId: m.matchId,
        slug,
        outcome: "success",
        capabilityId: "no-such-capability",
        reporter: "t",
      }),
    ).rejects.toMatchObject({ code: "FEEDBACK_UNKNOWN_CAPABILITY", status: 400 });
    await expect(
      core.feedback({ matchId: m.matchId, slug: "no-such-slug", outcome: "success", reporter: "t" }),
    ).rejects.toMatchObject({ code: "FEEDBACK_NOT_A_RESULT" });
  });
});

describe("specific codes a client can tell apart", () => {
  it("keys: NAMESPACE_INVALID and SCOPE_MISSING", async () => {
    const core = await demoCore();
    await expect(createKey(core.store, { name: "k", namespace: "Not Kebab", scopes: ["read"] })).rejects.toMatchObject({
      code: "NAMESPACE_INVALID",
      status: 400,
    });
    const { token } = await createKey(core.store, { name: "k", namespace: "acme", scopes: ["read"] });
    await expect(authenticate(core.store, `Bearer ${token}`, "publish")).rejects.toMatchObject({
      code: "SCOPE_MISSING",
      status: 403,
    });
  });

  it("fetching a source: UPSTREAM_STATUS for an error answer, SOURCE_UNREACHABLE when no one answers", async () => {
    const local = (host: string) =>
      new SafeFetcher({ ...DEFAULT_POLICY, hosts: [host], allowHttp: true, retries: 0, minIntervalMs: 0 });
    await expect(local(new URL(base).host).json(`${base}/denied`)).rejects.toMatchObject({
      code: "UPSTREAM_STATUS",
      status: 502,
      upstreamStatus: 401,
    });
    await expect(local("127.0.0.1:1").json("http://127.0.0.1:1/x")).rejects.toMatchObject({
      code: "SOURCE_UNREACHABLE",
      status: 502,
      message: expect.stringContaining("could not be reached"),
    });
  });

  it("claims: CLAIM_NO_URL, CLAIM_URL_INVALID and CLAIM_URL_UNREACHABLE", async () => {
    const core = await demoCore();
    await core.store.upsertManifests([
      sampleManifest("no-url"),
      sampleManifest("ftp-url", { url: "ftp://example.com/x" }),
      sampleManifest("down-url", { url: "http://127.0.0.1:1/tool" }),
    ]);
    const { key } = await createKey(core.store, { name: "k", namespace: "acme", scopes: ["publish"] });
    await expect(startClaim(core, key, "no-url")).rejects.toMatchObject({ code: "CLAIM_NO_URL", status: 422 });
    await expect(startClaim(core, key, "ftp-url")).rejects.toMatchObject({ code: "CLAIM_URL_INVALID", status: 422 });
    await startClaim(core, key, "down-url");
    await expect(verifyClaim(core, key, "down-url", { allowPrivateHosts: true })).rejects.toMatchObject({
      code: "CLAIM_URL_UNREACHABLE",
      status: 502,
    });
  });

  it("store: DB_SCHEMA_NAME_INVALID before any connection", async () => {
    await expect(openPostgresStore("postgres://u@127.0.0.1:1/x", { schema: "Robert'); DROP" })).rejects.toMatchObject({
      code: "DB_SCHEMA_NAME_INVALID",
    });
  });

  it("recordings: RECORDING_MISSING and RECORDING_UNREADABLE are local errors", async () => {
    const npm = IMPORTERS.find((i) => i.usage.startsWith("npm:"));
    if (!npm) throw new Error("the npm importer is missing");
    const file = path.join(tmp(), "registry.json");
    fs.writeFileSync(file, "{not json");
    const f = recordedFetcher(file, npm.recordings);
    await expect(f.json("https://registry.npmjs.org/ollama")).rejects.toMatchObject({
      code: "RECORDING_UNREADABLE",
      exit: 1,
    });
    await expect(f.json("https://api.npmjs.org/downloads/point/last-month/ollama")).rejects.toMatchObject({
      code: "RECORDING_MISSING",
      exit: 1,
    });
  });

  it("sources index: SOURCES_INDEX_INVALID lists every bad field as an Issue", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "index.yml"), "- source: npm:x\n  slug: 5\n");
    let err: unknown;
    try {
      readSourceIndex(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "SOURCES_INDEX_INVALID", exit: 1 });
    expect((err as { details: { code: string; path: string }[] }).details.length).toBeGreaterThan(1);
  });

  it("CAPGRAPH_TRUST_PROXY: TRUST_PROXY_INVALID", () => {
    expect(() => parseTrustProxy("10.0.0.0/99")).toThrow(
      expect.objectContaining({ code: "TRUST_PROXY_INVALID", exit: 2 }),
    );
  });
});

describe("local CLI errors carry an exit status and the code, never an HTTP status", () => {
  it.each([
    [["search"], 2, "USAGE"],
    [["eval", "--queries", "/no/such/file.jsonl"], 2, "INPUT_UNREADABLE"],
    [["search", "x", "--vectors", "/no/such/vectors.txt"], 2, "VECTORS_INVALID"],
    [["serve", "--search-mode", "database", "--port", "99999"], 2, "BAD_FLAGS"],
  ])("%j → exit %i, %s", async (argv, exit, code) => {
    const r = await cli(...argv, "--db", path.join(tmp(), "c.db"));
    expect(r.code).toBe(exit);
    expect(r.err).toMatch(new RegExp(`^error ${code}: `));
  });

  it("a malformed --queries line is QUERIES_INVALID; an unknown key id is KEY_NOT_FOUND", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "q.jsonl"), '{"query": 1}\n');
    expect((await cli("eval", "--queries", path.join(dir, "q.jsonl"), "--db", path.join(dir, "c.db"))).err).toMatch(
      /^error QUERIES_INVALID: .*q\.jsonl:1:/,
    );
    const r = await cli("keys", "revoke", "nope", "--db", path.join(dir, "c.db"));
    expect([r.code, r.err.split(":")[0]]).toEqual([2, "error KEY_NOT_FOUND"]);
  });

  it("serve reports both flag conflicts at once", async () => {
    const r = await cli("serve", "--search-mode", "database", "--port", "99999", "--db", path.join(tmp(), "c.db"));
    expect(r.err.split("\n").filter((l) => l.startsWith("  --"))).toEqual([
      "  --port: BAD_FLAG must be a whole number from 0 to 65535, got '99999'",
      "  --search-mode: FLAG_CONFLICT database needs a PostgreSQL --db (postgres://…)",
    ]);
  });
});
