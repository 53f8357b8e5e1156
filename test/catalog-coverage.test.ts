import { beforeAll, describe, expect, it } from "vitest";
import type { Capgraph } from "../src/capgraph.js";
import { demoCore } from "./helpers.js";

/** Taxonomy nodes the demo must answer: the basic text tasks and both directions of the speech and image pairs. */
const DEMO_NODES = [
  "capability://text.chat",
  "capability://text.summarization",
  "capability://text.question-answering",
  "capability://text.generation",
  "capability://text.translation",
  "capability://code.generation",
  "capability://reasoning.multi-step",
  "capability://agents.tool-use.function-calling",
  "capability://retrieval.rag",
  "capability://retrieval.vector-store",
  "capability://audio.speech-to-text",
  "capability://audio.text-to-speech",
  "capability://image.understanding",
  "capability://image.generation.text-to-image",
  "capability://training.fine-tuning",
  "capability://integration.mcp.server",
];

let core: Capgraph;
beforeAll(async () => {
  core = await demoCore();
});

describe("catalog coverage (finding 14.7: chat, summarization and question answering had no artifact)", () => {
  it("every general-purpose LLM carries chat, with a documented source", async () => {
    const s = await core.snapshot();
    const llms = s.artifacts.filter((a) => a.kind === "model" && a.categories.includes("llm"));
    expect(llms.length).toBeGreaterThanOrEqual(20);
    for (const a of llms) {
      const chat = a.capabilities.find((c) => c.uri === "capability://text.chat");
      expect(chat, a.slug).toBeDefined();
      expect(chat?.evidence, a.slug).toBe("documented");
      expect(chat?.sources.length, a.slug).toBeGreaterThan(0);
    }
  });

  it("each taxonomy node meant for the demo has at least one artifact", async () => {
    const s = await core.snapshot();
    const empty = DEMO_NODES.filter(
      (n) => !s.artifacts.some((a) => a.capabilities.some((c) => core.taxonomy.isWithin(c.uri, n))),
    );
    expect(empty).toEqual([]);
    for (const n of DEMO_NODES) expect(core.taxonomy.get(n), n).toBeDefined();
  });

  it("summarization, question answering and code generation name the big general-purpose models", async () => {
    const owners = async (uri: string) =>
      (await core.leaderboard({ capability: uri, limit: 200 })).rows.map((r) => r.slug);
    expect(await owners("capability://text.summarization")).toEqual(
      expect.arrayContaining(["claude-sonnet-4-5", "gemini-2-5-pro", "gemma-3"]),
    );
    expect(await owners("capability://text.question-answering")).toEqual(
      expect.arrayContaining(["gemini-2-5-pro", "gemma-3", "command-r-plus"]),
    );
    expect(await owners("capability://code.generation")).toEqual(
      expect.arrayContaining(["gpt-5", "claude-sonnet-4-5", "gemini-2-5-pro"]),
    );
  });
});

describe("direction-sensitive pairs rank the right direction first (finding 14.7: 'text to speech' put Whisper first)", () => {
  const top = async (q: string) => {
    const r = await core.search(q, { limit: 3 });
    return r.results[0]?.capabilities[0]?.uri ?? "";
  };
  const cases: [string, string][] = [
    ["text-to-speech", "capability://audio.text-to-speech"],
    ["speech-to-text", "capability://audio.speech-to-text"],
    ["read this article out loud", "capability://audio.text-to-speech"],
    ["transcribe my podcast audio", "capability://audio.speech-to-text"],
    ["image-to-text", "capability://image.understanding"],
    ["text-to-image", "capability://image.generation.text-to-image"],
    ["describe an image", "capability://image.understanding"],
    ["generate an image from a prompt", "capability://image.generation.text-to-image"],
    // Written with spaces: "to" is a stop word, so only the joined compound tells the directions apart.
    ["text to speech", "capability://audio.text-to-speech"],
    ["speech to text", "capability://audio.speech-to-text"],
    ["convert text to speech", "capability://audio.text-to-speech"],
    ["turn speech into text", "capability://audio.speech-to-text"],
    ["image to text", "capability://image.understanding"],
    ["text to image", "capability://image.generation.text-to-image"],
  ];
  for (const [q, node] of cases) {
    it(`"${q}" → ${node}`, async () => {
      expect(core.taxonomy.isWithin(await top(q), node)).toBe(true);
    });
  }
});
