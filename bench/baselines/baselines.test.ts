import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchDoc, BenchRetriever } from "../corpus.js";
import { syntheticCorpus, syntheticQueries } from "../synthetic.js";
import { fts5Retriever, toFts5Query } from "./fts5.js";
import { minisearchRetriever } from "./minisearch.js";
import { oramaRetriever } from "./orama.js";

function doc(slug: string, n: number, fields: Partial<BenchDoc> & Pick<BenchDoc, "name" | "description">): BenchDoc {
  return {
    id: `${slug}#cap-${n}`,
    slug,
    artifactName: slug,
    kind: "library",
    categories: [],
    intents: [],
    bestFor: [],
    taxonomy: [],
    ...fields,
  };
}

const CORPUS: BenchDoc[] = [
  doc("whisperkit", 1, {
    name: "Transcribe audio recordings",
    description: "Speech recognition that turns podcasts and meetings into accurate transcripts.",
    intents: ["transcribe a podcast to text"],
    categories: ["speech"],
    taxonomy: ["Speech to text"],
  }),
  doc("whisperkit", 2, { name: "Detect spoken language", description: "Identifies the language of an audio clip." }),
  doc("vectorvault", 1, {
    name: "Store vector embeddings",
    description: "A vector database with HNSW indexes for nearest neighbor similarity lookups.",
    intents: ["store embeddings for semantic similarity"],
    categories: ["vector-database"],
    taxonomy: ["Vector databases"],
  }),
  doc("pixelforge", 1, {
    name: "Generate images from text prompts",
    description: "Diffusion image generation with SDXL checkpoints and ControlNet.",
    intents: ["make a picture from a prompt"],
    categories: ["image-generation"],
    bestFor: ["Illustrators"],
  }),
  doc("pixelforge", 2, { name: "Upscale photos", description: "Increase photo resolution fourfold." }),
  doc("loraloom", 1, {
    name: "Fine-tune language models with LoRA",
    description: "Parameter-efficient adapter training for LLMs on a single GPU.",
    intents: ["fine-tune llama with lora adapters"],
    categories: ["model-training"],
    taxonomy: ["Model training"],
  }),
];

const EXPECTED: [string, string][] = [
  ["transcribe podcast audio", "whisperkit"],
  ["HNSW vector database for embeddings", "vectorvault"],
  ["fine-tune an LLM with LoRA on one GPU", "loraloom"],
];

const AWKWARD = ["", "   ", "?!.,;:", '"foo AND (bar', "NEAR(", "vector* OR", "-", "a:b (c) ^d"];

const FACTORIES: [string, () => BenchRetriever][] = [
  ["fts5", fts5Retriever],
  ["minisearch", minisearchRetriever],
  ["orama", oramaRetriever],
];

describe.each(FACTORIES)("%s baseline", (_label, factory) => {
  const retriever = factory();

  beforeAll(async () => {
    await retriever.build(CORPUS);
  });
  afterAll(() => retriever.close?.());

  it.each(EXPECTED)("ranks the obvious artifact first for %j", (query, slug) => {
    expect(retriever.search(query, 5)[0]).toBe(slug);
  });

  it("returns nothing for an empty query", () => {
    expect(retriever.search("", 5)).toEqual([]);
  });

  it.each(AWKWARD)("does not throw on awkward input %j", (query) => {
    const result = retriever.search(query, 5);
    expect(Array.isArray(result)).toBe(true);
    expect(result.length).toBeLessThanOrEqual(5);
  });

  it("returns at most k distinct slugs", () => {
    const broad = "transcribe vector images lora photos language";
    const top2 = retriever.search(broad, 2);
    expect(top2).toHaveLength(2);
    const all = retriever.search(broad, 10);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeLessThanOrEqual(4);
  });
});

describe("orama baseline", () => {
  it("answers synchronously and agrees with searchAsync", async () => {
    const retriever = oramaRetriever();
    await retriever.build(CORPUS);
    const sync = retriever.search("generate images", 3);
    expect(sync[0]).toBe("pixelforge");
    await expect(retriever.searchAsync("generate images", 3)).resolves.toEqual(sync);
  });
});

describe("toFts5Query", () => {
  it("quotes each word and drops FTS5 syntax", () => {
    expect(toFts5Query('"foo AND (bar')).toBe('"foo" OR "AND" OR "bar"');
    expect(toFts5Query("NEAR(")).toBe('"NEAR"');
    expect(toFts5Query("?!")).toBe("");
  });
});

describe("syntheticCorpus", () => {
  const docs = syntheticCorpus(2000, 7);

  it("is deterministic for a seed", () => {
    expect(syntheticCorpus(2000, 7)).toEqual(docs);
  });

  it("has exactly n documents with unique ids", () => {
    expect(docs).toHaveLength(2000);
    expect(new Set(docs.map((d) => d.id)).size).toBe(2000);
  });

  it("fills name, description and slug on every document", () => {
    for (const d of docs) {
      expect(d.name.length).toBeGreaterThan(0);
      expect(d.description.length).toBeGreaterThan(0);
      expect(d.slug.length).toBeGreaterThan(0);
    }
  });

  it("groups 3 to 8 capabilities per artifact", () => {
    const counts = new Map<string, number>();
    for (const d of docs) counts.set(d.slug, (counts.get(d.slug) ?? 0) + 1);
    const sizes = [...counts.values()].slice(0, -1);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
  });

  it("differs between seeds", () => {
    expect(syntheticCorpus(50, 8)).not.toEqual(syntheticCorpus(50, 7));
  });
});

describe("syntheticQueries", () => {
  it("builds deterministic queries that point at existing artifacts", () => {
    const docs = syntheticCorpus(500, 3);
    const slugs = new Set(docs.map((d) => d.slug));
    const queries = syntheticQueries(docs, 50, 11);
    expect(syntheticQueries(docs, 50, 11)).toEqual(queries);
    expect(queries).toHaveLength(50);
    for (const q of queries) {
      expect(slugs.has(q.slug)).toBe(true);
      expect(q.query.split(" ").length).toBeGreaterThanOrEqual(2);
    }
  });
});
