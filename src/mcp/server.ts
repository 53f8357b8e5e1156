import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Capgraph } from "../capgraph.js";
import { ARTIFACT_KINDS } from "../catalog/schema.js";
import { isCapgraphError } from "../errors.js";
import { VERSION } from "../version.js";
import { RISK_LEVELS } from "../trust/passport.js";

/**
 * capgraph's MCP server: five tools, thin wrappers over the same core functions the JSON API
 * and pages use. Results are structured JSON plus a short text rendering; failures come back
 * in-band (`isError`) with the error catalogue's code.
 */
export function createMcpServer(core: Capgraph, reporter = "mcp-stdio"): McpServer {
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
    const r = await core.search(a.intent, { limit: a.limit ?? 5, client: "mcp", filters: { ...(a.kind ? { kind: a.kind } : {}), ...(a.free ? { free: true } : {}), ...(a.capability ? { subtree: a.capability } : {}) } });
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
    const r = await core.resolveForRisk(a.capability, a.risk ?? "default", a.limit ?? 10);
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

/** Runs a tool body; catalogue errors become in-band tool errors, anything else a neutral one. */
async function run(fn: () => Promise<{ structured: Record<string, unknown>; text: string }>): Promise<CallToolResult> {
  try {
    const r = await fn();
    return { content: [{ type: "text", text: r.text }], structuredContent: r.structured };
  } catch (e) {
    const body = isCapgraphError(e) ? { code: e.code, message: e.message } : { code: "INTERNAL", message: "Something went wrong on our side. Try again." };
    return { isError: true, content: [{ type: "text", text: `${body.code}: ${body.message}` }] };
  }
}
