import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Capgraph } from "../capgraph.js";
import { ARTIFACT_KINDS, PRICING_MODELS } from "../catalog/schema.js";
import { createError, isCapgraphError, logUnexpected, type CapgraphError } from "../errors.js";
import { VERSION } from "../version.js";
import { RISK_LEVELS } from "../trust/passport.js";

/**
 * capgraph's MCP server: six tools, thin wrappers over the same core functions the JSON API
 * and pages use. Results are structured JSON plus a short text rendering; failures come back
 * in-band (`isError`) with the error catalogue's code.
 */
export function createMcpServer(core: Capgraph, reporter = "mcp-stdio", logError: (e: unknown) => void = logUnexpected): McpServer {
  const run = (fn: ToolBody) => runTool(fn, logError);
  const server = new McpServer({ name: "capgraph", version: VERSION });
  const loose = z.object({}).passthrough();

  server.registerTool("search", {
    title: "Search the match graph",
    description: "Find AI artifacts (models, libraries, APIs, MCP servers, agents…) for a plain-language intent. Returns ranked artifacts, the capabilities that matched and why, and a matchId for report_outcome.",
    inputSchema: {
      intent: z.string().min(1).max(500).describe("What you need, in plain words"),
      limit: z.number().int().min(1).max(50).optional(),
      kind: z.enum(ARTIFACT_KINDS).optional(),
      free: z.boolean().optional().describe("Only artifacts with a free tier"),
      capability: z.string().max(200).optional().describe("Taxonomy subtree, e.g. capability://image.*"),
    },
    outputSchema: { query: z.string(), matchId: z.string(), results: z.array(loose) },
  }, (a) => run(async () => {
    const r = await core.search(a.intent, { limit: a.limit ?? 5, client: reporter, filters: { ...(a.kind ? { kind: a.kind } : {}), ...(a.free ? { free: true } : {}), ...(a.capability ? { subtree: a.capability } : {}) } });
    const text = r.results.map((x, i) => `${i + 1}. ${x.name} (${x.slug}) — CapRank ${x.capRank}/100; ${x.capabilities.map((c) => c.name).slice(0, 2).join("; ")}${x.learned ? ` — ${x.learned.text}` : ""}`).join("\n") || "No matches.";
    return { structured: { query: r.query, matchId: r.matchId, results: r.results }, text: `${text}\nmatchId: ${r.matchId}` };
  }));

  server.registerTool("compare", {
    title: "Compare artifacts",
    description: "Side-by-side comparison of 2–6 artifacts: scores with provenance, pricing, capability alignment and a verdict computed from the numbers.",
    inputSchema: { slugs: z.array(z.string().min(1).max(100)).min(2).max(6) },
    outputSchema: { artifacts: z.array(loose), alignment: loose, verdict: loose },
  }, (a) => run(async () => {
    const r = await core.compare(a.slugs);
    return { structured: { artifacts: r.artifacts, alignment: r.alignment, verdict: r.verdict }, text: r.verdict.text };
  }));

  server.registerTool("leaderboard", {
    title: "Leaderboard",
    description: "Artifacts ranked by the lower end of their CapRank range (ties shown as '=N'), for a kind, a taxonomy node (capability://audio.speech-to-text or an alias) or the whole catalog; filters: free tier, licence (a name or open-source/open-weights/proprietary), pricing model. Each row names its neighbours and a compare URL.",
    inputSchema: {
      kind: z.enum(ARTIFACT_KINDS).optional(), capability: z.string().max(200).optional(), free: z.boolean().optional(),
      license: z.string().max(100).optional(), pricing: z.enum(PRICING_MODELS).optional(), limit: z.number().int().min(1).max(200).optional(),
    },
    outputSchema: { scope: loose, title: z.string(), rule: z.string(), filters: loose, total: z.number(), rows: z.array(loose) },
  }, (a) => run(async () => {
    const filters = { ...(a.free ? { free: true } : {}), ...(a.license ? { license: a.license } : {}), ...(a.pricing ? { pricing: a.pricing } : {}) };
    const b = await core.leaderboard({ kind: a.kind, capability: a.capability, filters, limit: a.limit ?? 10 });
    const text = b.rows.map((r) => `${r.placeText}. ${r.name} (${r.slug}) — CapRank ${r.capRank} (${r.capRankInterval[0]}–${r.capRankInterval[1]})`).join("\n") || "No artifact passes these filters.";
    return { structured: { ...b }, text: `${b.title}:\n${text}` };
  }));

  server.registerTool("get_passport", {
    title: "Trust passport",
    description: "Everything an agent needs to decide whether to trust an artifact: capabilities with evidence and sources, observed outcomes, declared trust facts, score breakdown.",
    inputSchema: { slug: z.string().min(1).max(100) },
    outputSchema: { passport: loose },
  }, (a) => run(async () => {
    const p = await core.passport(a.slug);
    return { structured: { passport: p }, text: `${p.artifact.name}: CapRank ${p.scores.capRank}/100, ${p.capabilities.length} capabilities, outcomes: ${p.outcomes.text}` };
  }));

  server.registerTool("resolve_capability", {
    title: "Resolve a capability",
    description: "Artifacts that provide a capability, given a taxonomy URI (capability://audio.speech-to-text), an alias (ASR) or a phrase. `risk` raises the bar: production needs active artifacts with more than declared evidence; strict needs documented or verified evidence with confidence ≥ 0.8.",
    inputSchema: { capability: z.string().min(1).max(300), risk: z.enum(RISK_LEVELS).optional(), limit: z.number().int().min(1).max(50).optional() },
    outputSchema: { uri: z.string(), label: z.string(), description: z.string(), risk: z.string(), matchId: z.string(), results: z.array(loose), excluded: z.array(loose) },
  }, (a) => run(async () => {
    const r = await core.resolveForRisk(a.capability, a.risk ?? "default", a.limit ?? 10, reporter);
    const text = `${r.label} (${r.uri}), risk ${r.risk}: ${r.results.map((x) => x.slug).join(", ") || "no artifact qualifies"}${r.excluded.length ? `; excluded ${r.excluded.length}` : ""}`;
    return { structured: { ...r }, text };
  }));

  server.registerTool("report_outcome", {
    title: "Report an outcome",
    description: "Tell capgraph whether an artifact returned by a search worked for you. Feeds success rates; one outcome per match and artifact (re-sending replaces).",
    inputSchema: { matchId: z.string().min(1).max(100), slug: z.string().min(1).max(100), outcome: z.enum(["success", "failure"]), capabilityId: z.string().max(100).optional() },
    outputSchema: { recorded: z.boolean(), matchId: z.string(), slug: z.string(), outcome: z.string(), artifact: loose },
  }, (a) => run(async () => {
    const r = await core.feedback({ matchId: a.matchId, slug: a.slug, outcome: a.outcome, capabilityId: a.capabilityId, reporter });
    return { structured: { ...r }, text: `${r.recorded ? "Recorded" : "Already recorded"}: ${a.slug} ${a.outcome}. ${a.slug} now has ${r.artifact.text}.` };
  }));

  return server;
}

type ToolBody = () => Promise<{ structured: Record<string, unknown>; text: string }>;

/**
 * Runs a tool body. Catalogue errors become in-band tool errors carrying the wire error
 * (`{ error: { code, message, details } }`); anything else is logged and becomes a neutral
 * INTERNAL error that says nothing about the cause.
 */
async function runTool(fn: ToolBody, logError: (e: unknown) => void): Promise<CallToolResult> {
  try {
    const r = await fn();
    return { content: [{ type: "text", text: r.text }], structuredContent: r.structured };
  } catch (e) {
    if (!isCapgraphError(e)) logError(e);
    return toolError(isCapgraphError(e) ? e : createError("INTERNAL"));
  }
}

/**
 * The MCP edge of the error catalogue: a text line for people, then the same JSON the HTTP API
 * sends, as its own content block. Not as `structuredContent`: SDK clients up to 1.32 check
 * that field against the tool's success `outputSchema` even on errors, and would throw away
 * the error for a protocol failure.
 */
function toolError(e: CapgraphError): CallToolResult {
  const details = e.details.map((d) => `\n  ${d.path ? `${d.path}: ` : ""}${d.code} ${d.message}`).join("");
  return { isError: true, content: [{ type: "text", text: `${e.code}: ${e.message}${details}` }, { type: "text", text: JSON.stringify(e.toJSON()) }] };
}
