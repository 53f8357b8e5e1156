import { Hono } from "hono";
import type { Capgraph } from "../capgraph.js";
import { leaderboardFilters, LeaderboardQuerySchema } from "../wire/inputs.js";
import { parseQuery } from "../wire/parse.js";

/** GET /leaderboards: one ranked list (kind, capability or the whole catalog), ordered by the published rule. */
export function leaderboardApi(core: Capgraph): Hono {
  const api = new Hono();
  api.get("/leaderboards", async (c) => {
    const q = parseQuery(
      LeaderboardQuerySchema,
      Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== "")),
    );
    return c.json(
      await core.leaderboard({
        kind: q.kind,
        capability: q.capability,
        filters: leaderboardFilters(q),
        limit: q.limit,
      }),
    );
  });
  return api;
}
