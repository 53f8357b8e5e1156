import { Hono } from "hono";
import { z } from "zod";
import type { Capgraph } from "../capgraph.js";
import { ARTIFACT_KINDS, PRICING_MODELS } from "../catalog/schema.js";
import type { LeaderboardFilters } from "../leaderboards/leaderboard.js";
import { LEADERBOARD_LIMITS } from "../leaderboards/leaderboard.js";
import { parseQuery } from "./routes.js";

export const LeaderboardQuerySchema = z.strictObject({
  kind: z.enum(ARTIFACT_KINDS).optional().describe("Only this kind of artifact"),
  capability: z.string().max(200).optional().describe("Taxonomy node (capability://audio.speech-to-text, audio.speech-to-text or an alias such as ASR): artifacts with a capability on it or below it"),
  free: z.enum(["true", "false", "1", "0"]).optional().describe("Only artifacts with a free tier"),
  license: z.string().max(100).optional().describe("A licence name (MIT) or class: open-source, open-weights, proprietary"),
  pricing: z.enum(PRICING_MODELS).optional(),
  limit: z.coerce.number().int().min(1).max(LEADERBOARD_LIMITS.maxRows).default(LEADERBOARD_LIMITS.defaultRows),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuerySchema>;

/** Query parameters → leaderboard filters (empty values mean "no filter"). */
export function leaderboardFilters(q: Pick<LeaderboardQuery, "free" | "license" | "pricing">): LeaderboardFilters {
  return { ...(q.free === "true" || q.free === "1" ? { free: true } : {}), ...(q.license ? { license: q.license } : {}), ...(q.pricing ? { pricing: q.pricing } : {}) };
}

/** GET /leaderboards: one ranked list (kind, capability or the whole catalog), ordered by the published rule. */
export function leaderboardApi(core: Capgraph): Hono {
  const api = new Hono();
  api.get("/leaderboards", async (c) => {
    const q = parseQuery(LeaderboardQuerySchema, Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== "")));
    return c.json(await core.leaderboard({ kind: q.kind, capability: q.capability, filters: leaderboardFilters(q), limit: q.limit }));
  });
  return api;
}
