import { analyze } from "../text/analyze.js";

/**
 * Curated synonym groups: words people use for the same need. Generic groups (image/picture,
 * create/make, search/find, code/software) were measured to hurt on the dev split and are left out. Every member expands to the
 * others at SYNONYM_WEIGHT. Taxonomy aliases cover many more (they are indexed as a field);
 * this table holds the everyday verbs and nouns the taxonomy does not.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["fine-tune", "finetune", "train", "personalize", "customize", "adapt", "teach"],
  ["speech-to-text", "transcription", "transcribe", "asr", "speech recognition", "dictation"],
  ["text-to-speech", "tts", "voice synthesis", "read aloud"],
  ["vector database", "vector db", "vector store", "vector index", "embedding store"],
  ["embedding", "embeddings", "vectors", "vectorize"],
  ["agent", "agentic", "autonomous", "assistant"],
  ["pair programmer", "coding assistant", "copilot", "coding agent"],
  ["function calling", "tool calling", "tool use", "call apis"],
  ["mcp", "model context protocol"],
  ["rag", "retrieval augmented generation", "chat with my documents", "question answering over documents"],
  ["local", "offline", "on-device", "on my laptop", "self-hosted", "on premise", "private"],
  ["open source", "open-source", "open weights", "open-weight", "oss"],
  ["postgres", "postgresql", "psql"],
  ["database", "db", "sql"],
  ["serve", "host", "deploy", "inference server", "serving"],
  ["quantize", "quantization", "gguf", "4-bit", "int8"],
  ["summarize", "summarise", "summary", "tldr"],
  ["translate", "translation", "multilingual"],
  ["browser", "web page", "website", "scrape"],
  ["reasoning", "think step by step", "chain of thought", "reasoning model"],
  ["long context", "large context window", "whole codebase", "entire repository", "huge documents"],
  ["moderation", "content filter", "safety filter", "toxicity"],
  ["track experiments", "experiment tracking", "log metrics", "training dashboard"],
];

export interface Expansion {
  term: string;
  weight: number;
  via: string;
}

/** Analysed term sequence → expansions; multi-word members match as consecutive terms. */
export class SynonymTable {
  private readonly groups: string[][][] = [];
  private readonly terms = new Set<string>();

  constructor(groups: readonly (readonly string[])[] = SYNONYM_GROUPS) {
    for (const g of groups) this.groups.push(g.map((m) => analyze(m)).filter((t) => t.length > 0));
    for (const g of this.groups) for (const m of g) for (const t of m) this.terms.add(t);
  }

  /** True when some member analyses to `term` ("texttospeech" from "text-to-speech"). */
  knows(term: string): boolean {
    return this.terms.has(term);
  }

  /** Terms to add for a query, each tagged with the phrase that triggered it. */
  expand(terms: readonly string[], weight: number): Expansion[] {
    const have = new Set(terms);
    const out = new Map<string, Expansion>();
    for (const g of this.groups) {
      const hit = g.find((m) => containsSeq(terms, m));
      if (!hit) continue;
      for (const m of g) {
        if (m === hit) continue;
        for (const t of m)
          if (!have.has(t) && !out.has(t)) out.set(t, { term: t, weight: weight / m.length, via: hit.join(" ") });
      }
    }
    return [...out.values()];
  }
}

function containsSeq(terms: readonly string[], seq: readonly string[]): boolean {
  outer: for (let i = 0; i + seq.length <= terms.length; i++) {
    for (let j = 0; j < seq.length; j++) if (terms[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}
