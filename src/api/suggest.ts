import { Hono } from "hono";
import type { Capgraph } from "../capgraph.js";
import { SuggestQuerySchema } from "../wire/inputs.js";
import { parseQuery } from "../wire/parse.js";

/** GET /api/v1/suggest: type-ahead for the header search. Unlike /search it records no match. */
export function suggestRoutes(core: Capgraph): Hono {
  const api = new Hono();
  api.get("/suggest", async (c) => c.json(await core.suggest(parseQuery(SuggestQuerySchema, c.req.query()).q)));
  return api;
}
