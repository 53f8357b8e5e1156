import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Capgraph } from "../capgraph.js";
import { LIMITS } from "../capgraph.js";
import { duplicateSlugs, hasErrors } from "../catalog/manifest.js";
import { ManifestParser } from "./parse-off-loop.js";
import { ARTIFACT_KINDS, PRICING_MODELS } from "../catalog/schema.js";
import type { MatchFilters } from "../match/engine.js";
import { authenticate } from "../owners/keys.js";
import { publishManifests, startClaim, verifyClaim } from "../owners/publish.js";
import { DeniedAudit } from "../owners/denied.js";
import { createError } from "../errors.js";
import { issueSummary, issuesFromZod } from "../issues.js";
import { methodologyDocument } from "../rank/methodology.js";
import { decisionRulesDocument } from "../compare/rules.js";

/** Default largest request body, e.g. a manifest posted to /api/v1/validate (413 beyond). */
export const MAX_BODY_BYTES = 256_000;

export const SearchQuerySchema = z.strictObject({
  q: z.string().max(LIMITS.maxQueryLength, { message: `must be at most ${LIMITS.maxQueryLength} characters` }).default(""),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxResults).default(LIMITS.defaultResults),
  kind: z.enum(ARTIFACT_KINDS).optional(),
  free: z.enum(["true", "false", "1", "0"]).optional(),
  category: z.string().max(100).optional(),
  pricing: z.enum(PRICING_MODELS).optional(),
  license: z.string().max(100).optional(),
  capability: z.string().max(200).optional(),
});

/** Search query parameters → engine filters (empty values mean "no filter"). */
export function filtersFrom(q: z.infer<typeof SearchQuerySchema>): MatchFilters {
  return {
    ...(q.kind ? { kind: q.kind } : {}), ...(q.free === "true" || q.free === "1" ? { free: true } : {}),
    ...(q.category ? { category: q.category } : {}), ...(q.pricing ? { pricing: q.pricing } : {}),
    ...(q.license ? { license: q.license } : {}), ...(q.capability ? { subtree: q.capability } : {}),
  };
}

export const ListQuerySchema = z.strictObject({
  kind: z.enum(ARTIFACT_KINDS).optional(),
  category: z.string().max(100).optional(),
  free: z.enum(["true", "false", "1", "0"]).optional(),
  sort: z.enum(["rank", "recent"]).default("rank").describe("rank: CapRank, best first; recent: last updated first"),
  updatedSince: z.string().max(40).refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO-8601 date or time" }).optional().describe("Only artifacts updated at or after this time (incremental sync)"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
});

export const ResolveQuerySchema = z.strictObject({
  uri: z.string().min(1).max(200).describe("Taxonomy node (capability://audio.speech-to-text), subtree (capability://image.*) or alias (ASR)"),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxResults).optional(),
});

export const CompareQuerySchema = z.strictObject({
  slugs: z.string().max(600).describe("2 to 6 artifact slugs separated by commas"),
});

export const FeedbackSchema = z.strictObject({
  matchId: z.string().min(1).max(100),
  slug: z.string().min(1).max(100),
  capabilityId: z.string().max(100).optional(),
  outcome: z.enum(["success", "failure"]),
  reporter: z.string().max(100).optional().describe("Ignored: outcomes count against the client that sent them"),
});

/** Validates a JSON or form body against a schema; every problem becomes one 400 detail (an `Issue`). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, code: "BAD_BODY" | "FEEDBACK_INVALID" = "BAD_BODY"): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = issuesFromZod(r.error, () => "BAD_BODY_FIELD");
  throw createError(code, [issueSummary(issues)], issues);
}

/** Parses query parameters with a schema; every problem becomes one 400 detail. */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const r = schema.safeParse(query);
  if (r.success) return r.data;
  const details = issuesFromZod(r.error, (i) => (i.code === "unrecognized_keys" ? "UNKNOWN_PARAM" : "BAD_QUERY_PARAM"));
  const first = details[0];
  throw createError("BAD_QUERY_PARAM", [first?.path ?? "?", first?.message ?? "invalid"], details);
}

/** The JSON API under /api/v1: thin adapters over the core. */
export function apiRoutes(core: Capgraph, opts: { allowPrivateClaimHosts?: boolean; maxBodyBytes?: number; clientOf?: (c: Context) => string; parser?: ManifestParser } = {}): Hono {
  const api = new Hono();
  const client = opts.clientOf ?? (() => "local");
  const parser = opts.parser ?? new ManifestParser();
  /** Authenticates, then counts the request against the key's own write bucket. */
  // The key's own rate limits were charged by the app's throttle before the route ran.
  const keyFor = (c: Context, need: "publish" | "admin") => authenticate(core.store, c.req.header("authorization"), need);
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
    if (hasErrors(problems)) throw createError("MANIFEST_INVALID", [problems.filter((d) => d.severity === "error").length], problems.map((d) => ({ ...d })));
    const r = await publishManifests(core, key, text);
    return c.json(r, r.created.length ? 201 : 200);
  });

  api.post("/claims/:slug", async (c) => {
    const key = await keyFor(c, "publish");
    return c.json(await startClaim(core, key, c.req.param("slug")));
  });

  api.post("/claims/:slug/verify", async (c) => {
    const key = await keyFor(c, "publish");
    return c.json(await verifyClaim(core, key, c.req.param("slug"), { allowPrivateHosts: opts.allowPrivateClaimHosts ?? false }));
  });

  api.get("/audit", async (c) => {
    await keyFor(c, "admin");
    const q = parseQuery(z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }), c.req.query());
    return c.json({ entries: await core.store.listAudit(q.limit) });
  });

  api.get("/search", async (c) => {
    const q = parseQuery(SearchQuerySchema, c.req.query());
    return c.json(await core.search(q.q, { limit: q.limit, client: client(c), filters: filtersFrom(q) }));
  });

  api.get("/resolve", async (c) => {
    const q = parseQuery(ResolveQuerySchema, c.req.query());
    return c.json(await core.resolve(q.uri, { client: client(c), ...(q.limit ? { limit: q.limit } : {}) }));
  });

  api.post("/feedback", async (c) => {
    // JSON only: a form or text/plain body is what a cross-site page can send without asking.
    if (!/^application\/json\s*(;|$)/i.test(c.req.header("content-type") ?? "")) throw createError("UNSUPPORTED_MEDIA_TYPE", ["application/json"]);
    const raw = await readJson(c.req.raw, "{\"matchId\": \"…\", \"slug\": \"…\", \"outcome\": \"success\"}");
    const body = parseBody(FeedbackSchema, raw, "FEEDBACK_INVALID");
    // The reporter is who sent the request, never a name the body chooses (burst caps rely on it).
    const r = await core.feedback({ ...body, reporter: client(c) });
    return c.json(r, r.recorded ? 201 : 200);
  });

  api.get("/compare", async (c) => {
    const q = parseQuery(CompareQuerySchema, c.req.query());
    return c.json(await core.compare(q.slugs.split(",").map((s) => s.trim()).filter(Boolean)));
  });

  api.get("/artifacts", async (c) => {
    const q = parseQuery(ListQuerySchema, c.req.query());
    return c.json(await core.list({ ...q, free: q.free === "true" || q.free === "1" }));
  });

  api.get("/artifacts/:slug", async (c) => c.json(await core.detail(c.req.param("slug"))));

  api.get("/passport/:slug", async (c) => c.json(await core.passport(c.req.param("slug"))));

  api.get("/taxonomy", (c) => c.json({ version: core.taxonomy.version, released: core.taxonomy.released, nodes: core.taxonomy.nodes }));

  api.get("/methodology", (c) => c.json({ ...methodologyDocument(), decisions: decisionRulesDocument() }));

  api.post("/validate", async (c) => {
    const len = Number(c.req.header("content-length") ?? 0);
    if (len > maxBody) throw createError("BODY_TOO_LARGE", [maxBody]);
    const text = await c.req.text();
    if (text.length > maxBody) throw createError("BODY_TOO_LARGE", [maxBody]);
    const r = await parser.parse(text, "body");
    return c.json({ valid: !hasErrors(r.diagnostics), manifests: r.manifests.length, diagnostics: r.diagnostics }, hasErrors(r.diagnostics) ? 400 : 200);
  });

  return api;
}

/** Parses a small JSON body; a malformed or oversized body is a 400, never a crash. */
export async function readJson(req: Request, example = "{\"name\": \"value\"}"): Promise<unknown> {
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw createError("BODY_TOO_LARGE", [MAX_BODY_BYTES]);
  try {
    return JSON.parse(text);
  } catch {
    throw createError("BODY_NOT_JSON", [example]);
  }
}
