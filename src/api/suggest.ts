import { Hono } from "hono";
import { z } from "zod";
import { parseQuery } from "./routes.js";
import type { Capgraph } from "../capgraph.js";
import { LIMITS } from "../capgraph.js";

export const SuggestQuerySchema = z.strictObject({
  q: z.string().max(LIMITS.maxQueryLength, { message: `must be at most ${LIMITS.maxQueryLength} characters` }).default("").describe("What has been typed so far"),
});

/** GET /api/v1/suggest: type-ahead for the header search. Unlike /search it records no match. */
export function suggestRoutes(core: Capgraph): Hono {
  const api = new Hono();
  api.get("/suggest", async (c) => c.json(await core.suggest(parseQuery(SuggestQuerySchema, c.req.query()).q)));
  return api;
}
