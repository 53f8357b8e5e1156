import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIo } from "../../test/helpers.js";
import { LLM_PROMPT_VERSION } from "../ingest/llm.js";
import { ROOT } from "../paths.js";
import { run } from "./run.js";

// A loopback OpenAI-compatible endpoint answering in the documented chat-completion format:
// one capability quoted from the recorded README, one quoting text the README does not have.
const answer = {
  capabilities: [
    {
      name: "Run in the browser",
      description: "Imports a browser build that runs without Node.js.",
      quote: "To use the library without node, import the browser module.",
    },
    {
      name: "Fine-tune models",
      description: "Trains models on your data.",
      quote: "fine-tune any model on your own data",
    },
  ],
};
let requests = 0;
const server = http.createServer((req, res) => {
  requests++;
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: JSON.stringify(answer) } }] }),
    );
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function cli(...argv: string[]) {
  const c = captureIo();
  const code = await run(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

describe("capgraph import --llm-url", () => {
  it("adds inferred capabilities that quote the README, with the prompt version, and says what it dropped", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-llm-"));
    fs.copyFileSync(
      path.join(ROOT, "test", "fixtures", "npm", "ollama", "registry.json"),
      path.join(dir, "registry.json"),
    );
    fs.copyFileSync(path.join(ROOT, "test", "fixtures", "npm", "ollama", "package.tgz"), path.join(dir, "package.tgz"));
    const db = path.join(dir, "c.db");
    const r = await cli(
      "import",
      "npm:ollama",
      "--from-file",
      dir,
      "--llm-url",
      url,
      "--llm-model",
      "local-model",
      "--db",
      db,
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      "npm:ollama: 1 capability inferred by local-model (marked inferred), 1 dropped (malformed, repeated, or not quoting the README)",
    );
    const show = JSON.parse((await cli("show", "ollama", "--db", db, "--json")).out) as {
      capabilities: { name: string; evidence: string; sources: { method?: string; excerpt?: string }[] }[];
    };
    const inferred = show.capabilities.filter((c) => c.evidence === "inferred");
    expect(inferred.map((c) => c.name)).toEqual(["Run in the browser"]);
    expect(inferred[0]?.sources[0]).toMatchObject({
      method: `LLM extraction, prompt ${LLM_PROMPT_VERSION}, model local-model`,
      excerpt: answer.capabilities[0]?.quote,
    });
    expect(show.capabilities.some((c) => c.evidence === "documented")).toBe(true);
  });

  it("imports from the documentation alone when the endpoint fails, and says so", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capgraph-llm-"));
    fs.copyFileSync(
      path.join(ROOT, "test", "fixtures", "npm", "ollama", "registry.json"),
      path.join(dir, "registry.json"),
    );
    fs.copyFileSync(path.join(ROOT, "test", "fixtures", "npm", "ollama", "package.tgz"), path.join(dir, "package.tgz"));
    const db = path.join(dir, "c.db");
    const r = await cli(
      "import",
      "npm:ollama",
      "--from-file",
      dir,
      "--llm-url",
      "http://127.0.0.1:9",
      "--llm-model",
      "m",
      "--db",
      db,
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /npm:ollama: no capabilities inferred \(.*could not be reached.*\); imported from its documentation alone/,
    );
    const show = JSON.parse((await cli("show", "ollama", "--db", db, "--json")).out) as {
      capabilities: { evidence: string }[];
    };
    expect(show.capabilities.length).toBeGreaterThan(0);
    expect(show.capabilities.every((c) => c.evidence === "documented")).toBe(true);
  });

  it("needs both flags and an http(s) URL, and asks nothing otherwise", async () => {
    const before = requests;
    expect(await cli("import", "npm:ollama", "--llm-url", url)).toMatchObject({
      code: 2,
      err: expect.stringContaining("needs both --llm-url"),
    });
    expect(await cli("import", "npm:ollama", "--llm-url", "ftp://x", "--llm-model", "m")).toMatchObject({
      code: 2,
      err: expect.stringContaining("is not an http(s) URL"),
    });
    expect(requests).toBe(before);
  });
});
