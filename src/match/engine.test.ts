import { describe, expect, it } from "vitest";
import { analyze, analyzeQuery } from "../text/analyze.js";
import { withinOneEdit } from "../text/distance.js";
import {
  FIELD_NAMES,
  MatchIndex,
  type FieldName,
  type IndexArtifact,
  type IndexCapability,
  type MatchParams,
} from "./engine.js";

const PLAIN: Partial<MatchParams> = { synonyms: false, typos: false, joins: false, nameWeight: 0, taxonomyWeight: 0 };

function art(slug: string, over: Partial<IndexArtifact> = {}): IndexArtifact {
  return {
    slug,
    name: slug,
    kind: "library",
    categories: [],
    freeTier: false,
    pricingModel: "unknown",
    license: null,
    ...over,
  };
}
function cap(
  artifact: number,
  fields: Partial<Record<FieldName, string>>,
  node: string | null = null,
): IndexCapability {
  const all = Object.fromEntries(FIELD_NAMES.map((f) => [f, fields[f] ?? ""])) as Record<FieldName, string>;
  return { artifact, node, fields: all };
}

describe("scoring (hand-computed golden values)", () => {
  // Two one-capability artifacts, only the name field (weight 3) filled:
  //   c0 "vector search": tf(vector)=3, tf(search)=3, L=6;  c1 "vector store vector": tf(vector)=6, tf(store)=3, L=9; avgL=7.5
  //   idf(vector)=ln(1+0.5/2.5)=0.182322, idf(search)=ln(1+1.5/1.5)=0.693147
  //   norm0=0.25+0.75·6/7.5=0.85 → impact=(3/0.85)/(1.2+3/0.85)=0.746269
  //   norm1=0.25+0.75·9/7.5=1.15 → impact(vector)=(6/1.15)/(1.2+6/1.15)=0.813008
  //   s0=(0.182322+0.693147)·0.746269=0.653335   s1=0.182322·0.813008=0.148229
  const idx = () =>
    new MatchIndex(
      [art("qa"), art("qb")],
      [cap(0, { name: "vector search" }), cap(1, { name: "vector store vector" })],
      undefined,
      PLAIN,
    );

  it("BM25F impacts and idf", () => {
    const r = idx().search("vector search", 10);
    expect(r.artifacts.map((a) => a.artifact)).toEqual([0, 1]);
    expect(r.artifacts[0]?.score).toBeCloseTo(0.653335, 5);
    expect(r.artifacts[1]?.score).toBeCloseTo(0.148229, 5);
  });

  it("the prior moves a score by at most ±5 %", () => {
    const i = idx();
    i.setPrior(1, 1);
    i.setPrior(0, 0);
    const r = i.search("vector search", 10);
    expect(r.artifacts[0]?.score).toBeCloseTo(0.653335 * 0.95, 5);
    expect(r.artifacts[1]?.score).toBeCloseTo(0.148229 * 1.05, 5);
  });

  it("aggregates an artifact's best capabilities with decay 0.35", () => {
    const i = new MatchIndex(
      [art("qa")],
      [
        cap(0, { name: "alpha beta" }),
        cap(0, { name: "alpha" }),
        cap(0, { name: "alpha gamma delta" }),
        cap(0, { name: "alpha beta gamma" }),
      ],
      undefined,
      PLAIN,
    );
    const r = i.search("alpha beta", 10).artifacts[0];
    const s = r?.capabilities.map((c) => c.score) ?? [];
    expect(s).toHaveLength(3);
    expect([...s].sort((x, y) => y - x)).toEqual(s);
    expect(r?.relevance).toBeCloseTo((s[0] ?? 0) + 0.35 * (s[1] ?? 0) + 0.35 ** 2 * (s[2] ?? 0), 6);
  });

  it("weights fields: a name match beats the same word in a description", () => {
    const i = new MatchIndex(
      [art("named"), art("described")],
      [cap(0, { name: "transcribe audio" }), cap(1, { description: "transcribe audio" })],
      undefined,
      PLAIN,
    );
    expect(i.search("transcribe", 10).artifacts.map((a) => a.artifact)).toEqual([0, 1]);
  });

  it("bonus for naming the artifact scales with coverage squared", () => {
    const i = new MatchIndex(
      [art("ollama", { name: "Ollama" }), art("other", { name: "Other Runner" })],
      [cap(0, { name: "run models locally" }), cap(1, { name: "run models locally" })],
      undefined,
      { ...PLAIN, nameWeight: 1 },
    );
    const r = i.search("ollama run models", 10);
    expect(r.artifacts[0]?.artifact).toBe(0);
    expect(r.artifacts[0]?.nameBonus).toBeGreaterThan(0);
    expect(r.artifacts[1]?.nameBonus).toBe(0);
  });

  it("a vendor prefix does not dilute name coverage: 'whisper' fully names 'OpenAI: Whisper'", () => {
    const arts = [art("whisper", { name: "OpenAI: Whisper" }), art("acme-whisper", { name: "Acme Whisper" })];
    const caps = [
      cap(0, { name: "speech recognition", artifactName: "openai whisper" }),
      cap(1, { name: "speech recognition", artifactName: "acme whisper" }),
    ];
    const idx = new MatchIndex(arts, caps, undefined, { ...PLAIN, nameWeight: 1 });
    const bonus = (q: string, slug: string) =>
      idx.search(q, 10).artifacts.find((a) => arts[a.artifact]?.slug === slug)?.nameBonus ?? 0;
    // Same unit for both: coverage 1/1 squared vs 1/2 ("acme", "whisper") squared.
    expect(bonus("whisper", "whisper")).toBeGreaterThan(0);
    expect(bonus("whisper", "whisper")).toBeCloseTo(4 * bonus("whisper", "acme-whisper"), 5);
    // The vendor alone still names half of it, no more ("openai" and "acme" have the same idf).
    expect(bonus("openai", "whisper")).toBeGreaterThan(0);
    expect(bonus("openai", "whisper")).toBeCloseTo(bonus("acme", "acme-whisper"), 5);
  });
});

describe("how people phrase intents", () => {
  const arts = [art("trainer"), art("whisperish"), art("gpt-thing", { name: "GPT-4o" }), art("sd-tool"), art("pg-mcp")];
  const caps = [
    cap(0, { name: "Fine-tune diffusion models", description: "Personalize an image model on a few photos." }),
    cap(1, { name: "Speech recognition", description: "Turns recorded audio into text transcripts." }),
    cap(2, { name: "Multimodal chat", artifactName: "GPT-4o" }),
    cap(3, {
      name: "Text-to-image generation",
      description: "Generates pictures from prompts with SD1.5 checkpoints.",
    }),
    cap(4, { name: "Query PostgreSQL databases read-only", artifactName: "Postgres MCP server" }),
  ];
  const idx = new MatchIndex(arts, caps);
  const top = (q: string) => arts[idx.search(q, 3).artifacts[0]?.artifact ?? -1]?.slug;

  it.each([
    ["first-person filler", "I want a tool that can fine-tune diffusion models", "trainer"],
    ["plurals and inflections", "finetuning a diffusion model", "trainer"],
    ["hyphens and versions", "gpt4o", "gpt-thing"],
    ["hyphens and versions (spaced)", "gpt 4o", "gpt-thing"],
    ["hyphens and versions (sd1.5)", "sd1.5 checkpoint", "sd-tool"],
    ["text-to-image joined", "texttoimage", "sd-tool"],
    ["typo within one edit", "speech recgnition", "whisperish"],
    ["synonym: ASR", "ASR for my recordings", "whisperish"],
    ["synonym: transcription", "transcription", "whisperish"],
    ["synonym: train / personalize", "train a diffusion model on my photos", "trainer"],
    ["synonym: postgres", "mcp server to query postgres read-only", "pg-mcp"],
  ])("%s: %s", (_name, q, slug) => expect(top(q)).toBe(slug));

  it("reads a query the same from its words' cache: typos and stem forms on a warm index equal a fresh index's", () => {
    const queries = [
      "speech recgnition",
      "finetuning a diffusion modls",
      "trasncribe my recordings",
      "picture generaton",
    ];
    const warm = new MatchIndex(arts, caps);
    for (let round = 0; round < 3; round++)
      for (const q of queries) expect(warm.search(q, 3)).toEqual(new MatchIndex(arts, caps).search(q, 3));
  });

  it("explains typos and synonyms in the interpretation", () => {
    const terms = idx.search("speech recgnition", 3).terms;
    expect(terms).toContainEqual({ term: "recognition", weight: 0.7, kind: "typo", via: "recgnition" });
    const syn = idx.search("transcription", 3).terms.find((t) => t.kind === "synonym" && t.term === "speech");
    expect(syn?.via).toBe("transcription");
  });

  it("explains which fields matched", () => {
    const why = idx.explain(0, idx.search("fine-tune diffusion", 1).terms);
    expect(why.find((w) => w.term === "diffusion")?.fields).toEqual(["name"]);
  });

  it("analysis keeps version forms and drops filler", () => {
    expect(analyze("GPT-4o")).toEqual(["gpt", "4o", "gpt4o"]);
    expect(analyze("llama3")).toEqual(["llama3", "llama"]);
    expect(analyzeQuery("I'm looking for something to transcribe podcasts")).toEqual(["transcribe", "podcast"]);
    expect(withinOneEdit("transcibe", "transcribe")).toBe(true);
    expect(withinOneEdit("recieve", "receive")).toBe(true);
    expect(withinOneEdit("abc", "abde")).toBe(false);
  });
});

describe("filters", () => {
  const arts = [
    art("a", { kind: "model", freeTier: true, categories: ["llm"], license: "MIT", pricingModel: "free" }),
    art("b", { kind: "api", categories: ["rag"], license: "Apache-2.0", pricingModel: "paid" }),
  ];
  const caps = [
    cap(0, { name: "chat with documents" }, "capability://retrieval.rag"),
    cap(1, { name: "chat with documents" }, "capability://text.generation"),
  ];
  const idx = new MatchIndex(arts, caps);
  const slugs = (f: object) => idx.search("chat documents", 10, f).artifacts.map((x) => arts[x.artifact]?.slug);
  it.each([
    [{ kind: "api" }, ["b"]],
    [{ free: true }, ["a"]],
    [{ category: "rag" }, ["b"]],
    [{ license: "mit" }, ["a"]],
    [{ pricing: "paid" }, ["b"]],
    [{ subtree: "capability://retrieval.*" }, ["a"]],
    [{ subtree: "capability://text" }, ["b"]],
  ])("%j", (f, expected) => expect(slugs(f)).toEqual(expected));

  it("filter masks kept by one index answer every filter as a fresh index does, in any order and past the cache's size", () => {
    const filters = [
      { kind: "api" },
      { kind: "model" },
      { license: "MIT" },
      { license: "mit" },
      { license: "apache-2.0" },
      { free: true },
      { category: "rag" },
      { category: "llm" },
      { pricing: "paid" },
      { kind: "model", license: "mit" },
      ...Array.from({ length: 40 }, (_, i) => ({ category: `c${i}` })),
      { kind: "api" },
      { free: true },
    ];
    for (const f of filters)
      expect(slugs(f)).toEqual(
        new MatchIndex(arts, caps).search("chat documents", 10, f).artifacts.map((x) => arts[x.artifact]?.slug),
      );
  });
});
