import { Hono, type Context } from "hono";
import type { Capgraph } from "../capgraph.js";
import { duplicateSlugs, hasErrors } from "../core/domain.js";
import { ManifestParser } from "./parse-off-loop.js";
import { authenticate } from "../core/domain.js";
import { publishManifests, startClaim, verifyClaim } from "../core/domain.js";
import { DeniedAudit } from "../core/domain.js";
import { createError } from "../errors.js";
import {
  AuditQuerySchema,
  CompareQuerySchema,
  FeedbackSchema,
  ListQuerySchema,
  ResolveQuerySchema,
  SearchQuerySchema,
  searchFilters,
} from "../wire/inputs.js";
import { parseBody, parseQuery } from "../wire/parse.js";
import { searchResponse } from "../wire/search-view.js";
import { health, startHealth } from "../http/health.js";
import { methodologyDocument } from "../core/domain.js";
import { decisionRulesDocument } from "../core/domain.js";

/** Default largest request body, e.g. a manifest posted to /api/v1/validate (413 beyond). */
export const MAX_BODY_BYTES = 256_000;

/** The JSON API under /api/v1: thin adapters over the core. */
export function apiRoutes(
  core: Capgraph,
  opts: {
    allowPrivateClaimHosts?: boolean;
    maxBodyBytes?: number;
    clientOf?: (c: Context) => string;
    parser?: ManifestParser;
  } = {},
): Hono {
  const api = new Hono();
  startHealth();
  const client = opts.clientOf ?? (() => "local");
  const parser = opts.parser ?? new ManifestParser();
  /** Authenticates, then counts the request against the key's own write bucket. */
  // The key's own rate limits were charged by the app's throttle before the route ran.
  const keyFor = (c: Context, need: "publish" | "admin") =>
    authenticate(core.store, c.req.header("authorization"), need);
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;

  // Refused writes are audited too (rate-limited per client).
  const denied = new DeniedAudit(core.store);
  const auditDenied = (action: string) => async (c: Context, next: () => Promise<void>) => {
    await next();
    if (c.error) await denied.note(c.error, `client:${client(c)}`, action, c.req.path);
  };
  api.use("/manifests", auditDenied("publish"));
  api.use("/claims/*", auditDenied("claim"));

  api.post("/manifests", async (c) => {
    const key = await keyFor(c, "publish");
    const text = await c.req.text();
    // Invalid texts are answered from the parsing thread; only valid ones reach the publisher.
    const pre = await parser.parse(text, "body");
    const problems = [...pre.diagnostics, ...duplicateSlugs(pre.manifests)];
    if (hasErrors(problems))
      throw createError(
        "MANIFEST_INVALID",
        [problems.filter((d) => d.severity === "error").length],
        problems.map((d) => ({ ...d })),
      );
    const r = await publishManifests(core, key, text);
    return c.json(r, r.created.length ? 201 : 200);
  });

  api.post("/claims/:slug", async (c) => {
    const key = await keyFor(c, "publish");
    return c.json(await startClaim(core, key, c.req.param("slug")));
  });

  api.post("/claims/:slug/verify", async (c) => {
    const key = await keyFor(c, "publish");
    return c.json(
      await verifyClaim(core, key, c.req.param("slug"), { allowPrivateHosts: opts.allowPrivateClaimHosts ?? false }),
    );
  });

  api.get("/audit", async (c) => {
    await keyFor(c, "admin");
    const q = parseQuery(AuditQuerySchema, c.req.query());
    return c.json({ entries: await core.store.listAudit(q.limit) });
  });

  api.get("/search", async (c) => {
    const q = parseQuery(SearchQuerySchema, c.req.query());
    return c.json(
      searchResponse(
        await core.search(q.q, { limit: q.limit, client: client(c), filters: searchFilters(q) }),
        q.explain,
      ),
    );
  });

  api.get("/resolve", async (c) => {
    const q = parseQuery(ResolveQuerySchema, c.req.query());
    return c.json(await core.resolve(q.uri, { client: client(c), ...(q.limit ? { limit: q.limit } : {}) }));
  });

  api.post("/feedback", async (c) => {
    // JSON only: a form or text/plain body is what a cross-site page can send without asking.
    if (!/^application\/json\s*(;|$)/i.test(c.req.header("content-type") ?? ""))
      throw createError("UNSUPPORTED_MEDIA_TYPE", ["application/json"]);
    const raw = await readJson(c.req.raw, '{"matchId": "…", "slug": "…", "outcome": "success"}');
    const body = parseBody(FeedbackSchema, raw, "FEEDBACK_INVALID");
    // The reporter is who sent the request, never a name the body chooses (burst caps rely on it).
    const r = await core.feedback({ ...body, reporter: client(c) });
    return c.json(r, r.recorded ? 201 : 200);
  });

  api.get("/compare", async (c) => {
    const q = parseQuery(CompareQuerySchema, c.req.query());
    return c.json(
      await core.compare(
        q.slugs
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    );
  });

  api.get("/artifacts", async (c) => {
    const q = parseQuery(ListQuerySchema, c.req.query());
    return c.json(await core.list({ ...q, free: q.free === "true" || q.free === "1" }));
  });

  api.get("/artifacts/:slug", async (c) => c.json(await core.detail(c.req.param("slug"))));

  api.get("/passport/:slug", async (c) => c.json(await core.passport(c.req.param("slug"))));

  api.get("/health", async (c) => c.json(await health(core)));

  api.get("/taxonomy", (c) =>
    c.json({ version: core.taxonomy.version, released: core.taxonomy.released, nodes: core.taxonomy.nodes }),
  );

  api.get("/methodology", (c) => c.json({ ...methodologyDocument(), decisions: decisionRulesDocument() }));

  api.post("/validate", async (c) => {
    const len = Number(c.req.header("content-length") ?? 0);
    if (len > maxBody) throw createError("BODY_TOO_LARGE", [maxBody]);
    const text = await c.req.text();
    if (text.length > maxBody) throw createError("BODY_TOO_LARGE", [maxBody]);
    const r = await parser.parse(text, "body");
    return c.json(
      { valid: !hasErrors(r.diagnostics), manifests: r.manifests.length, diagnostics: r.diagnostics },
      hasErrors(r.diagnostics) ? 400 : 200,
    );
  });

  return api;
}

/** Parses a small JSON body; a malformed or oversized body is a 400, never a crash. */
export async function readJson(req: Request, example = '{"name": "value"}'): Promise<unknown> {
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw createError("BODY_TOO_LARGE", [MAX_BODY_BYTES]);
  try {
    return JSON.parse(text);
  } catch {
    throw createError("BODY_NOT_JSON", [example]);
  }
}
