import { z } from "zod";
import { createError } from "../errors.js";
import type { Inferrer } from "./common.js";

/**
 * Optional capability extraction by a language model behind any OpenAI-compatible
 * `POST /v1/chat/completions` endpoint. Results are evidence "inferred": a claim to check,
 * never shown as fact. Each must quote the document verbatim; a quote that is not in the
 * document is dropped, so a model cannot add capabilities the source does not state.
 */
export const LLM_PROMPT_VERSION = "capgraph-extract/1";
export const LLM_LIMITS = { inputChars: 24_000, timeoutMs: 60_000, maxResponseBytes: 1_000_000, maxCapabilities: 30 } as const;
/** Confidence of an inferred capability: below every human-written evidence level. */
export const INFERRED_CONFIDENCE = 0.4;

export interface ChatEndpoint { url: string; model: string; apiKey?: string | undefined }

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
  'Answer with JSON only: {"capabilities":[{"name":"3-8 words, verb first","description":"one sentence","quote":"a verbatim sentence or phrase from the document that states it"}]}.',
  `At most ${LLM_LIMITS.maxCapabilities} capabilities. If the document states none, answer {"capabilities":[]}.`,
].join("\n");

const Answer = z.object({
  capabilities: z.array(z.object({ name: z.string().min(3).max(120), description: z.string().min(3).max(1000), quote: z.string().min(8).max(1000) })).max(LLM_LIMITS.maxCapabilities),
});

/** The request body, exposed so tests and recorded responses can check what was asked. */
export function extractionRequest(model: string, document: string) {
  return {
    model, temperature: 0, response_format: { type: "json_object" },
    messages: [{ role: "system", content: SYSTEM }, { role: "user", content: document.slice(0, LLM_LIMITS.inputChars) }],
  };
}

const squash = (s: string) => s.toLowerCase().replace(/[`*_>#]/g, "").replace(/\s+/g, " ").trim();

/** Asks the endpoint, validates the answer and keeps only capabilities whose quote is in the document. */
export async function inferCapabilities(document: string, source: { url: string; retrievedAt: string }, ep: ChatEndpoint): Promise<{ capabilities: InferredCapability[]; dropped: number }> {
  const answer = parseAnswer(await complete(ep, document));
  const haystack = squash(document.slice(0, LLM_LIMITS.inputChars));
  const kept = answer.capabilities.filter((c) => haystack.includes(squash(c.quote)));
  const method = `LLM extraction, prompt ${LLM_PROMPT_VERSION}, model ${ep.model.slice(0, 100)}`;
  return {
    dropped: answer.capabilities.length - kept.length,
    capabilities: kept.map((c) => ({
      name: c.name.trim(), description: c.description.trim(), evidence: "inferred", confidence: INFERRED_CONFIDENCE,
      sources: [{ url: source.url, excerpt: c.quote.trim(), retrievedAt: source.retrievedAt, method }],
    })),
  };
}

const fail = (ep: ChatEndpoint, why: string) => createError("IMPORT_FAILED", [`the LLM endpoint ${ep.url} ${why}; check --llm-url and --llm-model, or import without them`]);

async function complete(ep: ChatEndpoint, document: string): Promise<string> {
  const url = new URL("v1/chat/completions", ep.url.endsWith("/") ? ep.url : `${ep.url}/`).toString();
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST", redirect: "error", signal: AbortSignal.timeout(LLM_LIMITS.timeoutMs),
      headers: { "content-type": "application/json", ...(ep.apiKey ? { authorization: `Bearer ${ep.apiKey}` } : {}) },
      body: JSON.stringify(extractionRequest(ep.model, document)),
    });
  } catch (e) {
    throw fail(ep, `could not be reached (${(e as Error).name})`);
  }
  const text = await res.text();
  if (!res.ok) throw fail(ep, `answered HTTP ${res.status}`);
  if (text.length > LLM_LIMITS.maxResponseBytes) throw fail(ep, `answered more than ${LLM_LIMITS.maxResponseBytes} bytes`);
  let data: { choices?: { message?: { content?: unknown } }[] };
  try { data = JSON.parse(text) as typeof data; } catch { throw fail(ep, "did not answer JSON (is it an OpenAI-compatible chat completions endpoint?)"); }
  const content = data.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw fail(ep, "answered without choices[0].message.content");
  return content;
}

function parseAnswer(content: string): z.infer<typeof Answer> {
  const body = content.trim().replace(/^```(?:json)?\s*/i, "").replace(/```$/, "");
  let json: unknown;
  try { json = JSON.parse(body); } catch { throw createError("IMPORT_FAILED", ["the model's answer is not JSON; nothing inferred was written"]); }
  const r = Answer.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw createError("IMPORT_FAILED", [`the model's answer does not have the expected shape (${first?.path.join(".") || "root"}: ${first?.message ?? "invalid"}); nothing inferred was written`]);
  }
  return r.data;
}

/** The importers' inferrer for one endpoint; `take()` reports what the last README gave. */
export class LlmInferrer {
  private last: { kept: number; dropped: number } | undefined;
  constructor(readonly endpoint: ChatEndpoint) {}

  readonly infer: Inferrer = async (document, source) => {
    const r = await inferCapabilities(document, source, this.endpoint);
    this.last = { kept: r.capabilities.length, dropped: r.dropped };
    return r;
  };

  take(): { kept: number; dropped: number } | undefined {
    const l = this.last;
    this.last = undefined;
    return l;
  }
}
