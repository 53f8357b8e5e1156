import { createHash } from "node:crypto";
import { createError } from "../errors.js";

/**
 * The seam for a semantic scorer. The default build has none (it needs no model); an
 * OpenAI-compatible `/v1/embeddings` endpoint or a local word-vector file (word-vectors.ts)
 * can be plugged in, and is measured with the same labelled queries (`capgraph eval`).
 */
export interface Embedder {
  /** Identifies the model, so cached vectors of another model are never reused. */
  readonly id: string;
  /** True when each call is a request to a service: capability vectors are then kept in the store. */
  readonly remote: boolean;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export const EMBEDDER_LIMITS = { batchSize: 64, timeoutMs: 30_000, maxResponseBytes: 50_000_000 } as const;

/** Any server that speaks OpenAI's `POST /v1/embeddings` (vLLM, Ollama, llama.cpp, TEI, hosted APIs). */
export class OpenAICompatibleEmbedder implements Embedder {
  readonly id: string;
  readonly remote = true;
  constructor(private readonly o: { url: string; model: string; apiKey?: string | undefined }) {
    this.id = endpointId(o.url, o.model);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += EMBEDDER_LIMITS.batchSize)
      out.push(...(await this.batch(texts.slice(i, i + EMBEDDER_LIMITS.batchSize))));
    return out;
  }

  private async batch(input: readonly string[]): Promise<Float32Array[]> {
    const url = new URL("v1/embeddings", this.o.url.endsWith("/") ? this.o.url : `${this.o.url}/`).toString();
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        redirect: "error",
        signal: AbortSignal.timeout(EMBEDDER_LIMITS.timeoutMs),
        headers: {
          "content-type": "application/json",
          ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.o.model, input }),
      });
    } catch (e) {
      throw createError("EMBEDDER_UNREACHABLE", [url, (e as Error).name]);
    }
    const text = await res.text();
    if (!res.ok) throw createError("EMBEDDER_FAILED", [`answered ${res.status}: ${text.slice(0, 200)}`]);
    if (text.length > EMBEDDER_LIMITS.maxResponseBytes)
      throw createError("UPSTREAM_TOO_LARGE", [
        `The embeddings endpoint's answer from ${url}`,
        EMBEDDER_LIMITS.maxResponseBytes,
      ]);
    let data: { data?: { embedding?: unknown; index?: number }[] };
    try {
      data = JSON.parse(text) as typeof data;
    } catch {
      throw createError("UPSTREAM_NOT_JSON", [
        `The embeddings endpoint ${url}`,
        "is it an OpenAI-compatible /v1/embeddings endpoint?",
      ]);
    }
    const rows = [...(data.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (
      rows.length !== input.length ||
      !rows.every((r) => Array.isArray(r.embedding) && r.embedding.every((x) => typeof x === "number"))
    ) {
      throw createError("EMBEDDER_FAILED", [
        `returned ${rows.length} vectors for ${input.length} inputs, or non-numeric vectors`,
      ]);
    }
    return rows.map((r) => normalize(Float32Array.from(r.embedding as number[])));
  }
}

/** Similarity from which a capability is called close in meaning to the intent (centred cosines are small). */
export const CLOSE_IN_MEANING = 0.3;

/**
 * How a result's similarity is worded, on pages and in the CLI alike: "close" from
 * CLOSE_IN_MEANING, "loosely related" below it when no word matched, else nothing.
 */
export function meaningText(similarity: number | null, wordsMatched: boolean): string | undefined {
  if (!similarity || similarity <= 0) return undefined;
  if (similarity >= CLOSE_IN_MEANING) return `close in meaning to your intent (similarity ${similarity})`;
  return wordsMatched ? undefined : `loosely related in meaning to your intent (similarity ${similarity})`;
}

/**
 * The model's identity for cached vectors: the endpoint's origin and path, without credentials
 * or a trailing slash, and the model name. Replicas that reach the same endpoint under the same
 * address share stored vectors.
 */
export function endpointId(url: string, model: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, "")}#${model}`;
  } catch {
    return `${url}#${model}`;
  }
}

/** Unit length, so a dot product is the cosine. */
export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

/** Where capability vectors outlive the process: a port the stores implement. */
export interface VectorStore {
  getEmbeddings(model: string, keys: readonly string[]): Promise<Map<string, Float32Array>>;
  putEmbeddings(model: string, rows: readonly { key: string; vector: Float32Array }[]): Promise<void>;
}

/** Distinct queries kept in memory; the cache is emptied when full (queries are mostly unique). */
export const QUERY_CACHE_MAX = 1000;

/**
 * Vectors cached by model and text. Capabilities are embedded once per model: in memory, and
 * for a remote embedder in the store too, so a restart or another replica asks the endpoint
 * only for what changed. Queries get a small bounded cache of their own.
 */
export class EmbeddingCache {
  private readonly capabilities = new Map<string, Float32Array>();
  private readonly queries = new Map<string, Float32Array>();
  calls = 0;
  constructor(
    private readonly embedder: Embedder,
    private readonly store?: VectorStore,
  ) {}

  /** Vectors of capability texts. */
  async get(texts: readonly string[]): Promise<Float32Array[]> {
    const keyOf = new Map(texts.map((t) => [t, textKey(t)]));
    let missing = [...new Set(texts.filter((t) => !this.capabilities.has(keyOf.get(t) as string)))];
    if (missing.length && this.store && this.embedder.remote) {
      const stored = await this.store.getEmbeddings(
        this.embedder.id,
        missing.map((t) => keyOf.get(t) as string),
      );
      for (const [k, v] of stored) this.capabilities.set(k, v);
      missing = missing.filter((t) => !stored.has(keyOf.get(t) as string));
    }
    if (missing.length) {
      const vecs = await this.embed(missing);
      const rows = missing.map((t, i) => ({ key: keyOf.get(t) as string, vector: vecs[i] as Float32Array }));
      for (const r of rows) this.capabilities.set(r.key, r.vector);
      if (this.store && this.embedder.remote) await this.store.putEmbeddings(this.embedder.id, rows);
    }
    return texts.map((t) => this.capabilities.get(keyOf.get(t) as string) as Float32Array);
  }

  /** The vector of a query. */
  async query(text: string): Promise<Float32Array | undefined> {
    let v = this.queries.get(text);
    if (v === undefined) {
      v = (await this.embed([text]))[0];
      if (v === undefined) return undefined;
      if (this.queries.size >= QUERY_CACHE_MAX) this.queries.clear();
      this.queries.set(text, v);
    }
    return v;
  }

  private embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls++;
    return this.embedder.embed(texts);
  }
}

const textKey = (t: string) => createHash("sha256").update(t).digest("base64url");

/**
 * Dense vectors for every capability; cosine against a query vector, brute force. Vectors are
 * centred on the capabilities' mean first: averaged embeddings share one large common
 * direction, which makes every text look similar to every other (see DESIGN.md, "Semantic
 * component", for what it measured).
 */
export class SemanticIndex {
  private constructor(
    private readonly vectors: Float32Array[],
    private readonly mean: Float32Array | undefined,
    private readonly cache: EmbeddingCache,
  ) {}

  static async build(texts: readonly string[], cache: EmbeddingCache): Promise<SemanticIndex> {
    const unit = (await cache.get(texts)).map(usable);
    // A text with no known word has no direction: it stays at zero and out of the mean.
    const known = unit.filter(nonZero);
    const mean = known.length > 1 ? meanOf(known) : undefined;
    return new SemanticIndex(mean ? unit.map((v) => (nonZero(v) ? centre(v, mean) : v)) : unit, mean, cache);
  }

  /** Cosine similarity of the query to every capability, clipped at 0. */
  async scores(query: string): Promise<Float32Array> {
    const raw = await this.cache.query(query);
    const out = new Float32Array(this.vectors.length);
    const q0 = raw ? usable(raw) : undefined;
    if (!q0 || !nonZero(q0)) return out;
    const q = this.mean ? centre(q0, this.mean) : q0;
    this.vectors.forEach((v, i) => {
      let dot = 0;
      for (let j = 0; j < v.length && j < q.length; j++) dot += (v[j] as number) * (q[j] as number);
      out[i] = Math.max(0, dot);
    });
    return out;
  }
}

const nonZero = (v: Float32Array) => v.some((x) => x !== 0);

/** Unit length; a vector with a non-finite value counts as unknown (zero), so one bad value cannot turn every score into NaN. */
function usable(v: Float32Array): Float32Array {
  const u = normalize(v);
  return u.every(Number.isFinite) ? u : new Float32Array(v.length);
}

function meanOf(vs: readonly Float32Array[]): Float32Array {
  const m = new Float32Array(vs[0]?.length ?? 0);
  for (const v of vs) for (let j = 0; j < m.length; j++) m[j] = (m[j] as number) + (v[j] as number) / vs.length;
  return m;
}

/** Unit vector of v − mean (v itself if that is zero). */
function centre(v: Float32Array, mean: Float32Array): Float32Array {
  const c = v.map((x, j) => x - (mean[j] ?? 0));
  return c.some((x) => x !== 0) ? normalize(c) : v;
}
