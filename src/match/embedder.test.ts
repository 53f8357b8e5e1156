import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Capgraph } from "../capgraph.js";
import { demoCore } from "../../test/helpers.js";
import { createApp } from "../app.js";
import {
  EmbeddingCache,
  endpointId,
  meaningText,
  OpenAICompatibleEmbedder,
  QUERY_CACHE_MAX,
  SemanticIndex,
} from "./embedder.js";

// A recorded-fixture style stand-in for an embeddings service: bag-of-words vectors in 4096
// dimensions, where the made-up word "xylo" lands on the same dimension as "transcription".
const DIMS = 4096;
const dim = (w: string) =>
  [...(w === "xylo" ? "transcription" : w)].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % DIMS;
let requests = 0;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    requests++;
    if (req.url !== "/v1/embeddings") {
      res.writeHead(404);
      res.end();
      return;
    }
    const { input, model } = JSON.parse(body) as { input: string[]; model: string };
    if (model === "broken") {
      res.writeHead(200);
      res.end(JSON.stringify({ data: [] }));
      return;
    }
    const data = input.map((t, index) => {
      const v = new Array<number>(DIMS).fill(0);
      for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) v[dim(w)] = (v[dim(w)] ?? 0) + 1;
      return { index, embedding: v };
    });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data }));
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("Embedder (OpenAI-compatible /v1/embeddings)", () => {
  it("batches, normalises and caches per model and text", async () => {
    const e = new OpenAICompatibleEmbedder({ url, model: "fake" });
    const cache = new EmbeddingCache(e);
    const texts = Array.from({ length: 130 }, (_, i) => `text number ${i}`);
    const before = requests;
    const v = await cache.get(texts);
    expect(requests - before).toBe(3); // 64 + 64 + 2
    expect(Math.hypot(...(v[0] ?? []))).toBeCloseTo(1, 5);
    await cache.get(texts);
    expect(requests - before).toBe(3);
  });

  it("keeps capability vectors in the store: a restart or another replica asks the endpoint only for the query", async () => {
    const store = (await demoCore()).store;
    const first = new Capgraph(store, { embedder: new OpenAICompatibleEmbedder({ url, model: "fake" }) });
    const before = requests;
    await first.search("transcription of meetings");
    const firstRequests = requests - before;
    expect(firstRequests).toBeGreaterThan(1); // the catalog in batches of 64, then the query
    const replica = new Capgraph(store, { embedder: new OpenAICompatibleEmbedder({ url, model: "fake" }) });
    const again = requests;
    const res = await replica.search("transcription of meetings");
    expect(requests - again).toBe(1);
    expect(res.results[0]?.capabilities[0]?.similarity).toBeGreaterThan(0);
    // Another model's vectors are never reused.
    const other = new Capgraph(store, { embedder: new OpenAICompatibleEmbedder({ url, model: "fake-2" }) });
    const third = requests;
    await other.search("transcription of meetings");
    expect(requests - third).toBe(firstRequests);
    await store.close();
  });

  it("bounds the query cache: a full cache is emptied, so memory stays flat under unique queries", async () => {
    let calls = 0;
    const cache = new EmbeddingCache({
      id: "count",
      remote: false,
      embed: async (t) => {
        calls += t.length;
        return t.map(() => Float32Array.from([1]));
      },
    });
    await cache.query("q0");
    await cache.query("q0");
    expect(calls).toBe(1);
    for (let i = 1; i <= QUERY_CACHE_MAX; i++) await cache.query(`q${i}`);
    await cache.query("q0");
    expect(calls).toBe(QUERY_CACHE_MAX + 2);
  });

  it("a failing endpoint leaves search lexical: the response says so, the reason goes to the log only", async () => {
    const logged: string[] = [];
    const store = (await demoCore()).store;
    const core = new Capgraph(store, {
      embedder: new OpenAICompatibleEmbedder({ url: "http://user:secret@127.0.0.1:1/", model: "x" }),
      log: (l) => logged.push(l),
    });
    const res = await core.search("speech transcription");
    expect(res.results.map((r) => r.slug)).toContain("whisper");
    expect(res.interpretation.semantic).toBe("unavailable");
    expect(logged.join("")).toContain("could not be reached");
    const body = await (await createApp(core).request("/api/v1/search?q=speech+transcription")).text();
    expect(JSON.parse(body)).toMatchObject({ interpretation: { semantic: "unavailable" } });
    expect(body).not.toContain("127.0.0.1:1");
    expect((await (await demoCore()).search("speech")).interpretation.semantic).toBe("off");
    await store.close();
  });

  it("a vector with a value float32 cannot hold counts as unknown instead of turning every score into NaN", async () => {
    const vectors: Record<string, number[]> = { a: [1, 0], b: [1e39, 0], c: [0, 1], q: [1, 0.1] };
    const cache = new EmbeddingCache({
      id: "fixed",
      remote: false,
      embed: async (t) => t.map((x) => Float32Array.from(vectors[x] ?? [0, 0])),
    });
    const scores = await (await SemanticIndex.build(["a", "b", "c"], cache)).scores("q");
    expect([...scores].every(Number.isFinite)).toBe(true);
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[1]).toBe(0);
  });

  it("identifies an endpoint without its credentials or a trailing slash; words its similarity by one rule", () => {
    expect(endpointId("http://user:pw@h:11434/", "m")).toBe("http://h:11434#m");
    expect(endpointId("https://api.example/v1/", "m")).toBe("https://api.example/v1#m");
    expect(meaningText(0.42, true)).toBe("close in meaning to your intent (similarity 0.42)");
    expect(meaningText(0.12, false)).toBe("loosely related in meaning to your intent (similarity 0.12)");
    expect(meaningText(0.12, true)).toBeUndefined();
    expect(meaningText(null, false)).toBeUndefined();
  });

  it("reports a malformed response clearly", async () => {
    await expect(new OpenAICompatibleEmbedder({ url, model: "broken" }).embed(["a"])).rejects.toMatchObject({
      message: expect.stringContaining("returned 0 vectors for 1 inputs"),
    });
    await expect(
      new OpenAICompatibleEmbedder({ url: "http://127.0.0.1:1", model: "x" }).embed(["a"]),
    ).rejects.toMatchObject({ message: expect.stringContaining("could not be reached") });
  });

  it("fuses similarity into search: an intent with no word in common still finds the capability", async () => {
    const plain = await demoCore();
    const store = plain.store;
    expect((await plain.search("xylo")).results).toEqual([]);
    const withEmb = new Capgraph(store, { embedder: new OpenAICompatibleEmbedder({ url, model: "fake" }) });
    const res = await withEmb.search("xylo", { limit: 5 });
    expect(res.results.map((x) => x.slug)).toContain("whisper");
    await store.close();
  });
});
