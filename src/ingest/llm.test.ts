import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../paths.js";
import { completionsUrl, inferCapabilities, LLM_PROMPT_VERSION, quoteHolds } from "./llm.js";

const FIX = path.join(ROOT, "test", "fixtures", "llm");
const README = fs.readFileSync(path.join(FIX, "readme.md"), "utf8");
const RECORDED = fs.readFileSync(path.join(FIX, "chat-completion.json"), "utf8");
const withContent = (content: string) =>
  JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content } }] });

let last:
  | { path: string; auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }
  | undefined;
const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (c: Buffer) => {
    raw += c.toString();
  });
  req.on("end", () => {
    last = {
      path: req.url ?? "",
      auth: req.headers.authorization,
      body: JSON.parse(raw) as NonNullable<typeof last>["body"],
    };
    const model = last.body.model;
    const send = (status: number, body: string, type = "application/json", extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, ...extra });
      res.end(body);
    };
    if (model === "recorded") return send(200, RECORDED);
    if (model === "fenced")
      return send(
        200,
        withContent(
          '```json\n{"capabilities":[{"name":"Run in the browser","description":"Works in browsers.","quote":"Works in Node.js and in the browser"}]}\n```',
        ),
      );
    if (model === "down") return send(500, "{}");
    if (model === "html") return send(200, "<!doctype html><p>login</p>", "text/html");
    if (model === "prose") return send(200, withContent("Sure! Here are the capabilities: streaming, embeddings."));
    if (model === "wrong-shape")
      return send(200, withContent(JSON.stringify({ capabilities: [{ name: 5, description: "x", quote: "y" }] })));
    if (model === "no-list") return send(200, withContent(JSON.stringify({ items: [] })));
    if (model === "duplicates")
      return send(
        200,
        withContent(
          JSON.stringify({
            capabilities: [1, 2].map(() => ({
              name: "Run in the browser",
              description: "Runs in a browser.",
              quote: "Works in Node.js and in the browser",
            })),
          }),
        ),
      );
    if (model === "huge") return send(200, withContent("x".repeat(1_200_000)));
    if (model === "redirect") return send(302, "", "text/plain", { location: "http://elsewhere.example/" });
    return send(404, "{}");
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const src = { url: "https://www.npmjs.com/package/ollama#readme", retrievedAt: "2026-11-27" };

describe("LLM extraction (recorded responses)", () => {
  it("asks with the versioned prompt and keeps only capabilities quoted from the document, marked inferred", async () => {
    const r = await inferCapabilities(README, src, { url, model: "recorded", apiKey: "k-123" });
    expect(last?.path).toBe("/v1/chat/completions");
    expect(last?.auth).toBe("Bearer k-123");
    expect(last?.body.messages[0]?.content).toContain(LLM_PROMPT_VERSION);
    expect(last?.body.messages[1]?.content).toBe(README);
    expect(r.capabilities.map((c) => c.name)).toEqual(["Stream chat responses", "Generate text embeddings"]);
    expect(r.dropped).toBe(1); // "fine-tune any model on your own data" is not in the README
    for (const c of r.capabilities) {
      expect(c.evidence).toBe("inferred");
      expect(c.confidence).toBeLessThan(0.6);
      expect(c.sources[0]?.method).toBe(`LLM extraction, prompt ${LLM_PROMPT_VERSION}, model recorded`);
      expect(c.sources[0]?.url).toBe(src.url);
    }
  });

  it("accepts an answer wrapped in a code fence", async () => {
    const r = await inferCapabilities(README, src, { url, model: "fenced" });
    expect(r.capabilities.map((c) => c.sources[0]?.excerpt)).toEqual(["Works in Node.js and in the browser"]);
  });

  it.each([
    ["down", /answered HTTP 500/, "LLM_FAILED"],
    ["html", /did not answer valid JSON/, "UPSTREAM_NOT_JSON"],
    ["prose", /answer is not JSON; nothing inferred was written/, "LLM_ANSWER_INVALID"],
    ["no-list", /no "capabilities" list/, "LLM_ANSWER_INVALID"],
    ["huge", /answered more than 1000000 bytes/, "LLM_FAILED"],
    ["redirect", /could not be reached \(unexpected redirect\)/, "LLM_FAILED"],
  ])("fails clearly when the endpoint answers %s", async (model, message, code) => {
    await expect(inferCapabilities(README, src, { url, model })).rejects.toMatchObject({ code, status: 502, message });
  });

  it("drops malformed items one by one, and repeated names", async () => {
    expect(await inferCapabilities(README, src, { url, model: "wrong-shape" })).toEqual({
      capabilities: [],
      dropped: 1,
    });
    const r = await inferCapabilities(README, src, { url, model: "duplicates" });
    expect([r.capabilities.length, r.dropped]).toEqual([1, 1]);
  });

  it("accepts a base URL with or without /v1, and keeps keys off plain http to other hosts", async () => {
    expect(completionsUrl("http://127.0.0.1:11434").toString()).toBe("http://127.0.0.1:11434/v1/chat/completions");
    expect(completionsUrl("https://api.example.com/v1").toString()).toBe("https://api.example.com/v1/chat/completions");
    await expect(
      inferCapabilities(README, src, { url: "http://user:secret@llm.example.com/v1", model: "m", apiKey: "k" }),
    ).rejects.toMatchObject({ message: expect.not.stringContaining("secret") });
    await expect(
      inferCapabilities(README, src, { url: "http://llm.example.com", model: "m", apiKey: "k" }),
    ).rejects.toMatchObject({ message: /plain http on another host/ });
  });

  it("fails clearly when nothing listens", async () => {
    await expect(inferCapabilities(README, src, { url: "http://127.0.0.1:9", model: "x" })).rejects.toMatchObject({
      code: "LLM_FAILED",
      message: /could not be reached/,
    });
  });
});

describe("quoteHolds: a quote must prove the capability it is offered for", () => {
  const claim = (quote: string, name = "Stream chat responses", description = "Receives the response in parts.") =>
    quoteHolds(README, { name, description, quote });
  it("keeps a verbatim sentence that shares a word with the claim", () => {
    expect(claim("pass stream: true to receive the response in parts as it is generated")).toBe(true);
  });
  it.each([
    ["********", "too short once markup is removed"],
    ["# # # # # # # # # # # # # # #", "only markup"],
    ["the easiest way to integrate your", "no word of the claim"],
    ["eams: pass stream: true to receive the response", "starts inside a word"],
  ])("rejects %j (%s)", (quote) => {
    expect(claim(quote)).toBe(false);
  });
  it("rejects a quote the document negates", () => {
    const doc = "This library does not support streaming responses from the server at all.";
    expect(
      quoteHolds(doc, {
        name: "Stream responses",
        description: "Streams.",
        quote: "support streaming responses from the server",
      }),
    ).toBe(false);
    expect(
      quoteHolds("It can support streaming responses from the server today.", {
        name: "Stream responses",
        description: "Streams.",
        quote: "support streaming responses from the server",
      }),
    ).toBe(true);
  });
});
