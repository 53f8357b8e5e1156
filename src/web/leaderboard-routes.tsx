import { Hono } from "hono";
import { leaderboardFilters, LeaderboardQuerySchema } from "../wire/inputs.js";
import { parseQuery } from "../wire/parse.js";
import type { Capgraph } from "../capgraph.js";
import { ARTIFACT_KINDS, type ArtifactKind } from "../core/domain.js";
import { createError } from "../errors.js";
import { LeaderboardIndexPage, LeaderboardPage } from "./pages/leaderboards.js";

const page = (el: unknown) => "<!doctype html>" + String(el);
/** Page filters: the API's query minus what the path already says. */
const PageQuerySchema = LeaderboardQuerySchema.pick({ free: true, license: true, pricing: true, limit: true });
const query = (q: Record<string, string>) =>
  parseQuery(PageQuerySchema, Object.fromEntries(Object.entries(q).filter(([, v]) => v !== "")));

/** /leaderboards, /leaderboards/<kind> and /leaderboards/capability/<node>. */
export function leaderboardPages(core: Capgraph): Hono {
  const web = new Hono();
  web.get("/leaderboards", async (c) => {
    const filters = leaderboardFilters(query(c.req.query()));
    return c.html(page(<LeaderboardIndexPage index={await core.leaderboardIndex(filters)} filters={filters} />));
  });
  web.get("/leaderboards/capability/:node", async (c) => {
    const q = query(c.req.query());
    const node = c.req.param("node");
    const board = await core.leaderboard({ capability: node, filters: leaderboardFilters(q), limit: q.limit });
    return c.html(
      page(<LeaderboardPage board={board} action={`/leaderboards/capability/${encodeURIComponent(node)}`} />),
    );
  });
  web.get("/leaderboards/:kind", async (c) => {
    const kind = c.req.param("kind");
    if (!(ARTIFACT_KINDS as readonly string[]).includes(kind))
      throw createError("UNKNOWN_LEADERBOARD", [kind, ARTIFACT_KINDS.join("|")]);
    const q = query(c.req.query());
    const board = await core.leaderboard({
      kind: kind as ArtifactKind,
      filters: leaderboardFilters(q),
      limit: q.limit,
    });
    return c.html(page(<LeaderboardPage board={board} action={`/leaderboards/${kind}`} />));
  });
  return web;
}
