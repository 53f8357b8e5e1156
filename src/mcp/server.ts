import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Capgraph } from "../capgraph.js";
import { createError, isCapgraphError, logUnexpected, type CapgraphError } from "../errors.js";
import { VERSION } from "../version.js";
import { PAGE_LIMITS } from "../wire/limits.js";
import {
  CompareTool,
  FeedbackTool,
  LeaderboardTool,
  leaderboardFilters,
  PassportTool,
  ResolveTool,
  searchFilters,
  SearchTool,
} from "../wire/inputs.js";
import { searchResponse } from "../wire/search-view.js";
import { CompareOut, FeedbackOut, LeaderboardOut, PassportOut, RiskResolveOut, SearchOut } from "../wire/outputs.js";

/**
 * capgraph's MCP server: six tools, thin wrappers over the same core functions the JSON API
 * and pages use. Results are structured JSON plus a short text rendering; failures come back
 * in-band (`isError`) with the error catalogue's code.
 */
export function createMcpServer(
  core: Capgraph,
  reporter = "mcp-stdio",
  logError: (e: unknown) => void = logUnexpected,
): McpServer {
  const run = (fn: ToolBody) => runTool(fn, logError);
  const server = new McpServer({ name: "capgraph", version: VERSION });

  server.registerTool(
    "search",
    {
      title: "Search the match graph",
      description:
        'Find AI artifacts (models, libraries, APIs, MCP servers, agents…) for a plain-language intent. Returns ranked artifacts, the capabilities that matched with their matched terms (explain: "full" adds each term\'s fields), and a matchId for report_outcome.',
      inputSchema: SearchTool,
      outputSchema: SearchOut.shape,
    },
    (a) =>
      run(async () => {
        const r = await core.search(a.intent, {
          limit: a.limit ?? PAGE_LIMITS.agentResults,
          client: reporter,
          filters: searchFilters(a),
        });
        const text =
          r.results
            .map(
              (x, i) =>
                `${i + 1}. ${x.name} (${x.slug}) — CapRank ${x.capRank}/100; ${x.capabilities
                  .map((c) => c.name)
                  .slice(0, 2)
                  .join("; ")}${x.learned ? ` — ${x.learned.text}` : ""}`,
            )
            .join("\n") || "No matches.";
        return { structured: { ...searchResponse(r, a.explain ?? "compact") }, text: `${text}\nmatchId: ${r.matchId}` };
      }),
  );

  server.registerTool(
    "compare",
    {
      title: "Compare artifacts",
      description:
        "Side-by-side comparison of 2–6 artifacts: scores with provenance, pricing, capability alignment and a verdict computed from the numbers.",
      inputSchema: CompareTool,
      outputSchema: CompareOut.shape,
    },
    (a) =>
      run(async () => {
        const r = await core.compare(a.slugs);
        return {
          structured: { artifacts: r.artifacts, alignment: r.alignment, verdict: r.verdict },
          text: r.verdict.text,
        };
      }),
  );

  server.registerTool(
    "leaderboard",
    {
      title: "Leaderboard",
      description:
        "Artifacts ranked by the lower end of their CapRank range (ties shown as '=N'), for a kind, a taxonomy node (capability://audio.speech-to-text or an alias) or the whole catalog; filters: free tier, licence (a name or open-source/open-weights/proprietary), pricing model. Each row names its neighbours and a compare URL.",
      inputSchema: LeaderboardTool,
      outputSchema: LeaderboardOut.shape,
    },
    (a) =>
      run(async () => {
        const b = await core.leaderboard({
          kind: a.kind,
          capability: a.capability,
          filters: leaderboardFilters(a),
          limit: a.limit ?? 10,
        });
        const text =
          b.rows
            .map(
              (r) =>
                `${r.placeText}. ${r.name} (${r.slug}) — CapRank ${r.capRank} (${r.capRankInterval[0]}–${r.capRankInterval[1]})`,
            )
            .join("\n") || "No artifact passes these filters.";
        return { structured: { ...b }, text: `${b.title}:\n${text}` };
      }),
  );

  server.registerTool(
    "get_passport",
    {
      title: "Trust passport",
      description:
        "Everything an agent needs to decide whether to trust an artifact: capabilities with evidence and sources, observed outcomes, declared trust facts, score breakdown.",
      inputSchema: PassportTool,
      outputSchema: { passport: PassportOut },
    },
    (a) =>
      run(async () => {
        const p = await core.passport(a.slug);
        return {
          structured: { passport: p },
          text: `${p.artifact.name}: CapRank ${p.scores.capRank}/100, ${p.capabilities.length} capabilities, outcomes: ${p.outcomes.text}`,
        };
      }),
  );

  server.registerTool(
    "resolve_capability",
    {
      title: "Resolve a capability",
      description:
        "Artifacts that provide a capability, given a taxonomy URI (capability://audio.speech-to-text), an alias (ASR) or a phrase. `risk` raises the bar: production needs active artifacts with more than declared evidence; strict needs documented or verified evidence with confidence ≥ 0.8.",
      inputSchema: ResolveTool,
      outputSchema: RiskResolveOut.shape,
    },
    (a) =>
      run(async () => {
        const r = await core.resolveForRisk(a.capability, a.risk ?? "default", a.limit ?? 10, reporter);
        const text = `${r.label} (${r.uri}), risk ${r.risk}: ${r.results.map((x) => x.slug).join(", ") || "no artifact qualifies"}${r.excluded.length ? `; excluded ${r.excluded.length}` : ""}`;
        return { structured: { ...r }, text };
      }),
  );

  server.registerTool(
    "report_outcome",
    {
      title: "Report an outcome",
      description:
        "Tell capgraph whether an artifact returned by a search worked for you. Feeds success rates; one outcome per match and artifact (re-sending replaces).",
      inputSchema: FeedbackTool,
      outputSchema: FeedbackOut.shape,
    },
    (a) =>
      run(async () => {
        const r = await core.feedback({
          matchId: a.matchId,
          slug: a.slug,
          outcome: a.outcome,
          capabilityId: a.capabilityId,
          reporter,
        });
        return {
          structured: { ...r },
          text: `${r.recorded ? "Recorded" : "Already recorded"}: ${a.slug} ${a.outcome}. ${a.slug} now has ${r.artifact.text}.`,
        };
      }),
  );

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
  return {
    isError: true,
    content: [
      { type: "text", text: `${e.code}: ${e.message}${details}` },
      { type: "text", text: JSON.stringify(e.toJSON()) },
    ],
  };
}
