import { beforeAll, describe, expect, it } from "vitest";
import { demoCore } from "../../test/helpers.js";
import type { Capgraph } from "../capgraph.js";
import { tokenize } from "../text/analyze.js";
import { stem } from "../text/words.js";
import { editDistance } from "../text/distance.js";

let core: Capgraph;
beforeAll(async () => {
  core = await demoCore();
});

describe("tokenize", () => {
  it("drops filler, lowercases and stems", () => {
    expect(tokenize("I want a tool that Generates Images")).toEqual(["generate", "image"]);
    expect(tokenize("fine-tuning LoRA adapters")).toEqual(["fine", "tun", "lora", "adapter"]);
    expect(stem("libraries")).toBe("library");
    // plural and verb forms meet, whichever the text uses
    for (const [a, b] of [
      ["embeddings", "embedding"],
      ["trainings", "trained"],
      ["settings", "setting"],
    ] as const)
      expect(stem(a)).toBe(stem(b));
    expect([stem("speed"), stem("speeds"), stem("proceed")]).toEqual(["speed", "speed", "proceed"]);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("search v0 on the demo catalog", () => {
  const top = async (q: string, k = 3) => (await core.search(q, { limit: k })).results.map((r) => r.slug);
  it.each([
    ["fine-tune stable diffusion on a few photos of my dog", "dreambooth-stable-diffusion", 5],
    ["mcp server to query postgres", "mcp-server-postgres", 3],
    ["vector database for embeddings", "qdrant", 8],
    ["transcribe audio to text", "whisper", 3],
  ])("%s → %s in the top %i", async (q, slug, k) => {
    expect(await top(q, k)).toContain(slug);
  });

  it("returns nothing for words absent from the catalog, and still records the match", async () => {
    const r = await core.search("xylophone zeppelin", { limit: 5 });
    expect(r.results).toEqual([]);
    expect(r.matchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects over-long queries with QUERY_TOO_LONG", async () => {
    await expect(core.search("a".repeat(501))).rejects.toMatchObject({ code: "QUERY_TOO_LONG" });
  });
});
