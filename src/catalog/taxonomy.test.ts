import { describe, expect, it } from "vitest";
import { buildTaxonomy, loadTaxonomy, parentOf } from "./taxonomy.js";

const tax = loadTaxonomy();

describe("taxonomy v1", () => {
  it("has at least 120 nodes and every parent exists", () => {
    expect(tax.nodes.length).toBeGreaterThanOrEqual(120);
    for (const n of tax.nodes) if (n.parent) expect(tax.get(n.parent), n.uri).toBeDefined();
  });

  it.each([
    "capability://training.fine-tuning.peft.lora",
    "capability://training.personalization.subject-driven",
    "capability://training.distributed",
    "capability://training.checkpointing",
    "capability://training.experiment-tracking",
    "capability://retrieval.rag",
    "capability://agents.tool-use.function-calling",
    "capability://integration.mcp",
    "capability://safety.moderation",
    "capability://serving.inference",
    "capability://evaluation",
    "capability://audio.speech-to-text",
  ])("covers %s", (uri) => expect(tax.get(uri)).toBeDefined());

  it("resolves aliases case-insensitively", () => {
    expect(tax.resolve("ASR")?.uri).toBe("capability://audio.speech-to-text");
  });

  it("classifies free text onto the right node with a confidence", () => {
    expect(tax.classify("transcribe speech recordings into text").uri).toBe("capability://audio.speech-to-text");
    expect(tax.classify("train LoRA adapters on a small dataset").uri).toBe(
      "capability://training.fine-tuning.peft.lora",
    );
    const weak = tax.classify("zzz qqq");
    expect(weak.confidence).toBeLessThan(0.2);
  });

  it("rejects malformed taxonomy data with a precise reason", () => {
    const node = (uri: string) => ({ uri, label: "x", description: "x" });
    expect(() => buildTaxonomy({ version: 1, released: "x", nodes: [node("capability://a.b")] })).toThrow(
      /before its parent capability:\/\/a/,
    );
    expect(() =>
      buildTaxonomy({ version: 1, released: "x", nodes: [node("capability://a"), node("capability://a")] }),
    ).toThrow(/duplicate uri/);
    expect(() =>
      buildTaxonomy({
        version: 1,
        released: "x",
        nodes: [
          { ...node("capability://a"), aliases: ["z"] },
          { ...node("capability://b"), aliases: ["Z"] },
        ],
      }),
    ).toThrow(/alias 'Z'/);
    expect(parentOf("capability://a.b.c")).toBe("capability://a.b");
    expect(parentOf("capability://a")).toBeNull();
  });
});

describe("ranking nodes for a query", () => {
  it("keeps the n best of the full ranking (best first, ties by URI) for random word sets", () => {
    const words = [...new Set(tax.nodes.flatMap((n) => `${n.label} ${n.aliases.join(" ")}`.toLowerCase().split(/\W+/)))]
      .filter((w) => w.length > 2)
      .sort();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round++) {
      const terms = Array.from(
        { length: 1 + Math.floor(next() * 8) },
        () => words[Math.floor(next() * words.length)] ?? "",
      );
      const all = tax.rankNodes(terms, Number.POSITIVE_INFINITY, 0);
      for (let i = 1; i < all.length; i++) {
        const a = all[i - 1],
          b = all[i];
        expect(a && b && (a.score > b.score || (a.score === b.score && a.uri.localeCompare(b.uri) < 0))).toBe(true);
      }
      for (const n of [1, 2, 3, 5]) expect(tax.rankNodes(terms, n, 0)).toEqual(all.slice(0, n));
    }
  });
});
