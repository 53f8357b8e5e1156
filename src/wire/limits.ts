import { LEADERBOARD_LIMITS } from "../leaderboards/leaderboard.js";

/**
 * The request limits of the wire contract: the API's query and body schemas, the MCP tools'
 * input schemas, the CLI's flags and the web forms read them from here. Limits of transport
 * and traffic (body size, rate limits, MCP batches) belong to `src/http/` and `serve`'s flags.
 */
export { LIMITS } from "../limits.js";

/** Longest text fields of a request, in characters. */
export const FIELD_LIMITS = {
  slug: 100,
  id: 100,
  reporter: 100,
  category: 100,
  license: 100,
  capability: 200,
  capabilityPhrase: 300,
  cursor: 200,
  date: 40,
  compareSlugs: 600,
  pickEntry: 200,
} as const;

/** Rows per page. */
export const PAGE_LIMITS = {
  listDefault: 50,
  listMax: 500,
  auditDefault: 100,
  auditMax: 1000,
  leaderboardDefault: LEADERBOARD_LIMITS.defaultRows,
  leaderboardMax: LEADERBOARD_LIMITS.maxRows,
  /** Results an agent gets when it asks for no number (MCP search). */
  agentResults: 5,
} as const;
