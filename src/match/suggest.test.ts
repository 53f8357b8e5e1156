import { describe, expect, it } from "vitest";
import type { Artifact } from "../catalog/schema.js";
import { loadTaxonomy } from "../catalog/taxonomy.js";
import { suggest } from "./suggest.js";

const taxonomy = loadTaxonomy();
const artifact = (slug: string, name: string, uris: string[]): Artifact =>
  ({
    slug,
    name,
    kind: "model",
    provider: null,
    capabilities: uris.map((uri, i) => ({ id: `c${i}`, uri })),
  }) as unknown as Artifact;
const catalog = [
  artifact("whisper", "OpenAI: Whisper", ["capability://audio.speech-to-text"]),
  artifact("whisperx", "WhisperX", ["capability://audio.speech-to-text"]),
  artifact("sdxl", "Stable Diffusion XL", ["capability://image.generation.text-to-image"]),
];
const rank: Record<string, number> = { whisper: 50, whisperx: 70, sdxl: 60 };

describe("suggest", () => {
  it("puts a name that starts with the input first, then other word-start matches, CapRank breaking ties", () => {
    expect(suggest("whisp", catalog, (s) => rank[s] ?? 0, taxonomy).artifacts.map((a) => a.slug)).toEqual([
      "whisperx",
      "whisper",
    ]);
    expect(suggest("stable diff", catalog, (s) => rank[s] ?? 0, taxonomy).artifacts.map((a) => a.slug)).toEqual([
      "sdxl",
    ]);
  });

  it("offers taxonomy areas with artifact counts, leaves out empty areas, and fills artifacts from the areas", () => {
    const r = suggest("speech", catalog, (s) => rank[s] ?? 0, taxonomy);
    expect(r.nodes[0]).toEqual({ uri: "capability://audio.speech-to-text", label: "Speech-to-text", count: 2 });
    // Text-to-speech also starts with "speech" but nothing sits on it.
    expect(r.nodes.map((n) => n.uri)).not.toContain("capability://audio.text-to-speech");
    expect(r.nodes.every((n) => n.count > 0)).toBe(true);
    expect(r.artifacts.map((a) => [a.slug, a.via])).toEqual([
      ["whisperx", "capability"],
      ["whisper", "capability"],
    ]);
  });

  it("needs two characters", () => {
    expect(suggest("w", catalog, () => 0, taxonomy)).toEqual({ query: "w", artifacts: [], nodes: [] });
  });
});
