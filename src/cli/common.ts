import type { ParseArgsConfig } from "node:util";
import { Capgraph } from "../capgraph.js";
import { createError } from "../errors.js";
import { readRegularFile } from "../files.js";
import { LlmInferrer } from "../core/operator.js";
import { OpenAICompatibleEmbedder } from "../core/operator.js";
import { type Embedder } from "../core/domain.js";
import { WordVectorEmbedder, WordVectors } from "../core/operator.js";
import { openStore, resolveDb } from "./db.js";
import { FlagCheck, parseFlags } from "./flags.js";

/** What the commands share: flag parsing, a core over the chosen database, list files, embedders. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const COMMON = {
  db: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parse<T extends ParseArgsConfig["options"]>(args: string[], options: T) {
  return parseFlags(args, { ...COMMON, ...options });
}

export type Command = (args: string[], io: Io) => Promise<number>;

export async function withCore<T>(
  db: string | undefined,
  fn: (core: Capgraph) => Promise<T>,
  embedder?: Embedder,
  log?: (line: string) => void,
): Promise<T> {
  const store = await openStore(resolveDb(db));
  const core = new Capgraph(store, { embedder, ...(log ? { log } : {}) });
  try {
    return await fn(core);
  } finally {
    // Searches are written behind the answer: write them before the store closes.
    await core.close();
    await store.close();
  }
}

/** "npm.downloads.monthly" → "downloads", as the import summary names a signal. */
export const gapLabel = (metric: string): string => (/downloads/.test(metric) ? "downloads" : metric);

/** Largest --list file read. */
export const LIST_MAX_BYTES = 10_000_000;

/** Sources from a list file: one per line, blank lines and # comments ignored. */
export function readList(file: string): string[] {
  const read = readRegularFile(file, LIST_MAX_BYTES);
  if ("reason" in read) throw createError("INPUT_UNREADABLE", [`the list ${file}`, `it ${read.reason}`, "--list"]);
  return read.bytes
    .toString("utf8")
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter(Boolean)
    .slice(0, 10_000);
}

export const EMBEDDER_FLAGS = {
  "embedder-url": { type: "string" },
  "embedder-model": { type: "string" },
  vectors: { type: "string" },
} as const;

/**
 * The embedder the flags ask for: an OpenAI-compatible endpoint (the API key, if any, from
 * CAPGRAPH_EMBEDDER_KEY) or a local word-vector file; none by default.
 */
export async function embedderFrom(
  v: { "embedder-url"?: string | undefined; "embedder-model"?: string | undefined; vectors?: string | undefined },
  check = new FlagCheck(),
): Promise<Embedder | undefined> {
  const url = v["embedder-url"],
    model = v["embedder-model"];
  if (v.vectors !== undefined && (url || model))
    check.add("--vectors", "use either --vectors FILE or --embedder-url/--embedder-model, not both", "FLAG_CONFLICT");
  else if (v.vectors === undefined && (url || model) && (!url || !model))
    check.add(
      url ? "--embedder-model" : "--embedder-url",
      "--embedder-url and --embedder-model go together, e.g. --embedder-url http://127.0.0.1:11434 --embedder-model nomic-embed-text",
      "FLAG_MISSING",
    );
  check.done();
  if (v.vectors !== undefined) return new WordVectorEmbedder(await WordVectors.load(v.vectors));
  if (!url || !model) return undefined;
  return new OpenAICompatibleEmbedder({ url, model, apiKey: process.env["CAPGRAPH_EMBEDDER_KEY"] });
}

/** `--llm-url` and `--llm-model`, both or neither. */
export function llmOption(
  url: string | undefined,
  model: string | undefined,
  check: FlagCheck,
): LlmInferrer | undefined {
  if (!url && !model) return undefined;
  if (!url || !model) {
    check.add(
      url ? "--llm-model" : "--llm-url",
      "LLM extraction needs both --llm-url (an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434) and --llm-model",
      "FLAG_MISSING",
    );
    return undefined;
  }
  if (!/^https?:\/\//.test(url)) {
    check.add("--llm-url", `${url} is not an http(s) URL`);
    return undefined;
  }
  return new LlmInferrer({ url, model, apiKey: process.env["CAPGRAPH_LLM_KEY"] });
}
