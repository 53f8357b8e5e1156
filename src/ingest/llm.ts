import { z } from "zod";
import { DEFAULT_CONFIDENCE, slugify } from "../catalog/normalize.js";
import { createError, isCapgraphError } from "../errors.js";
import { tokenize } from "../text/analyze.js";
import type { Inferrer } from "./common.js";

/**
 * Optional capability extraction by a language model behind any OpenAI-compatible
 * `POST /v1/chat/completions` endpoint. Results are evidence "inferred": a claim to check,
 * never shown as fact. Each must quote the document verbatim (see `quoteHolds`), so a model,
 * or instructions injected into a README, cannot add what the source does not state.
 */
export const LLM_PROMPT_VERSION = "capgraph-extract/1";
export const LLM_LIMITS = {
  inputChars: 24_000,
  timeoutMs: 60_000,
  maxResponseBytes: 1_000_000,
  maxCapabilities: 30,
} as const;
/** Confidence of an inferred capability: the catalog's default for the level, below every human-written one. */
export const INFERRED_CONFIDENCE = DEFAULT_CONFIDENCE.inferred;
/** A quote shorter than this matches too much text to prove anything. */
export const MIN_QUOTE = { chars: 25, words: 4 } as const;

export interface ChatEndpoint {
  url: string;
  model: string;
  apiKey?: string | undefined;
}

export interface InferredCapability {
  name: string;
  description: string;
  evidence: "inferred";
  confidence: number;
  sources: { url: string; excerpt: string; retrievedAt: string; method: string }[];
}

const SYSTEM = [
  `You extract capabilities of a software artifact from its documentation (${LLM_PROMPT_VERSION}).`,
  "List only what the document explicitly says the artifact can do. Do not guess, generalise or add anything the text does not state.",
  'Answer with JSON only: {"capabilities":[{"name":"3-8 words, verb first","description":"one sentence","quote":"a verbatim sentence from the document that states it"}]}.',
  `At most ${LLM_LIMITS.maxCapabilities} capabilities. If the document states none, answer {"capabilities":[]}.`,
].join("\n");

const Item = z.object({
  name: z.string().min(3).max(120),
  description: z.string().min(3).max(1000),
  quote: z.string().min(MIN_QUOTE.chars).max(1000),
});
type ItemT = z.infer<typeof Item>;

/** The request body, exposed so tests and recorded responses can check what was asked. */
export function extractionRequest(model: string, document: string) {
  return {
    model,
    temperature: 0,
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: document.slice(0, LLM_LIMITS.inputChars) },
    ],
  };
}

/** Asks the endpoint, validates each item, and keeps only capabilities whose quote holds in the document. */
export async function inferCapabilities(
  document: string,
  source: { url: string; retrievedAt: string },
  ep: ChatEndpoint,
): Promise<{ capabilities: InferredCapability[]; dropped: number }> {
  const items = parseItems(await complete(ep, document));
  const doc = document.slice(0, LLM_LIMITS.inputChars);
  const seen = new Set<string>();
  const kept = items.valid.filter((c) => {
    const id = slugify(c.name);
    if (seen.has(id) || !quoteHolds(doc, c)) return false;
    seen.add(id);
    return true;
  });
  const method = `LLM extraction, prompt ${LLM_PROMPT_VERSION}, model ${ep.model.slice(0, 100)}`;
  return {
    dropped: items.invalid + items.valid.length - kept.length,
    capabilities: kept.map((c) => ({
      name: c.name.trim(),
      description: c.description.trim(),
      evidence: "inferred",
      confidence: INFERRED_CONFIDENCE,
      sources: [{ url: source.url, excerpt: c.quote.trim(), retrievedAt: source.retrievedAt, method }],
    })),
  };
}

const squash = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[`*_>#]/g, "")
    .replace(/\s+/g, " ")
    .trim()} `;
const NEGATION = /\b(not|no|never|without|cannot|can't|doesn't|don't|isn't|won't)\s+(\S+\s+){0,2}$/;

/**
 * A quote holds when it is long enough to prove something, appears in the document as whole
 * words, is not negated there ("does not support streaming"), and shares a content word with
 * the capability it is offered for.
 */
export function quoteHolds(document: string, c: Pick<ItemT, "name" | "description" | "quote">): boolean {
  const q = squash(c.quote).trim();
  if (q.length < MIN_QUOTE.chars || q.split(" ").length < MIN_QUOTE.words) return false;
  const hay = squash(document);
  for (let at = hay.indexOf(q); at >= 0; at = hay.indexOf(q, at + 1)) {
    const before = hay[at - 1] ?? " ",
      after = hay[at + q.length] ?? " ";
    if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
    if (NEGATION.test(hay.slice(Math.max(0, at - 40), at))) continue;
    const claim = new Set(tokenize(`${c.name} ${c.description}`).filter((t) => t.length > 3));
    return tokenize(c.quote).some((t) => claim.has(t));
  }
  return false;
}

/** The chat completions URL: accepts a base URL with or without the /v1 suffix. */
export function completionsUrl(base: string): URL {
  const u = new URL(base.endsWith("/") ? base : `${base}/`);
  return new URL(/\/v1\/$/.test(u.pathname) ? "chat/completions" : "v1/chat/completions", u);
}

/** The URL as it may be printed: without credentials. */
const shown = (u: URL) => {
  const c = new URL(u);
  c.username = "";
  c.password = "";
  return c.toString();
};
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

const fail = (url: string, why: string) => createError("LLM_FAILED", [url, why]);

async function complete(ep: ChatEndpoint, document: string): Promise<string> {
  const url = completionsUrl(ep.url);
  const label = shown(url);
  // A key sent in clear text to another machine could be read on the way.
  if (ep.apiKey && url.protocol === "http:" && !LOOPBACK.has(url.hostname))
    throw fail(label, "is plain http on another host; use https to send CAPGRAPH_LLM_KEY");
  try {
    const res = await fetch(url, {
      method: "POST",
      redirect: "error",
      signal: AbortSignal.timeout(LLM_LIMITS.timeoutMs),
      headers: { "content-type": "application/json", ...(ep.apiKey ? { authorization: `Bearer ${ep.apiKey}` } : {}) },
      body: JSON.stringify(extractionRequest(ep.model, document)),
    });
    if (!res.ok) throw fail(label, `answered HTTP ${res.status}`);
    return messageContent(await boundedText(res, label), label);
  } catch (e) {
    if (isCapgraphError(e)) throw e;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw fail(label, `could not be reached (${cause?.code ?? cause?.message ?? (e as Error).message})`);
  }
}

/** Reads the body while counting bytes, and stops at the limit instead of buffering whatever arrives. */
async function boundedText(res: Response, label: string): Promise<string> {
  if (Number(res.headers.get("content-length") ?? 0) > LLM_LIMITS.maxResponseBytes)
    throw fail(label, `answered more than ${LLM_LIMITS.maxResponseBytes} bytes`);
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > LLM_LIMITS.maxResponseBytes) {
      await reader.cancel();
      throw fail(label, `answered more than ${LLM_LIMITS.maxResponseBytes} bytes`);
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function messageContent(text: string, label: string): string {
  let data: { choices?: { message?: { content?: unknown } }[] };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw createError("UPSTREAM_NOT_JSON", [
      `the LLM endpoint ${label}`,
      "is it an OpenAI-compatible chat completions endpoint?",
    ]);
  }
  const content = data.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw fail(label, "answered without choices[0].message.content");
  return content;
}

/** Items are checked one by one: a malformed item is dropped, not the whole answer. */
function parseItems(content: string): { valid: ItemT[]; invalid: number } {
  const body = content
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/```$/, "");
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw createError("LLM_ANSWER_INVALID", ["is not JSON"]);
  }
  const list = (json as { capabilities?: unknown } | null)?.capabilities;
  if (!Array.isArray(list)) throw createError("LLM_ANSWER_INVALID", ['has no "capabilities" list']);
  const parsed = list.slice(0, LLM_LIMITS.maxCapabilities).map((x) => Item.safeParse(x));
  const valid = parsed.flatMap((p) => (p.success ? [p.data] : []));
  return { valid, invalid: list.length - valid.length };
}

/**
 * The importers' inferrer for one endpoint. A failing endpoint does not fail the import: the
 * artifact is imported from its documentation alone and `take()` reports the error.
 */
export class LlmInferrer {
  private last: { kept: number; dropped: number; error?: string } | undefined;
  constructor(readonly endpoint: ChatEndpoint) {}

  readonly infer: Inferrer = async (document, source) => {
    try {
      const r = await inferCapabilities(document, source, this.endpoint);
      this.last = { kept: r.capabilities.length, dropped: r.dropped };
      return r;
    } catch (e) {
      if (!isCapgraphError(e)) throw e;
      this.last = { kept: 0, dropped: 0, error: e.message };
      return { capabilities: [], dropped: 0 };
    }
  };

  take(): { kept: number; dropped: number; error?: string } | undefined {
    const l = this.last;
    this.last = undefined;
    return l;
  }
}
