import { z } from "zod";
import { ARTIFACT_KINDS, PRICING_MODELS, type ArtifactKind, type PricingModel } from "../catalog/schema.js";
import type { LeaderboardFilters } from "../leaderboards/leaderboard.js";
import type { MatchFilters } from "../match/engine.js";
import { RISK_LEVELS } from "../trust/passport.js";
import { FIELD_LIMITS as F, LIMITS, PAGE_LIMITS as P } from "./limits.js";

/**
 * The input contract of every operation. HTTP query strings use the `*QuerySchema` forms
 * (strings, coerced); MCP tools use the `*Tool` shapes (JSON types); both build their filters
 * with `searchFilters`/`leaderboardFilters`, and the CLI checks its flags against the same limits.
 */
const capped = (max: number) => z.string().max(max, { message: `must be at most ${max} characters` });
const flag = z.enum(["true", "false", "1", "0"]);
const kind = z.enum(ARTIFACT_KINDS);
const pricing = z.enum(PRICING_MODELS);
const capability = capped(F.capability).describe(
  "Taxonomy node or subtree (capability://image.*, audio.speech-to-text) or an alias (ASR)",
);
const license = capped(F.license).describe("A licence name (MIT) or class: open-source, open-weights, proprietary");
const slug = z.string().min(1).max(F.slug);

export const SearchQuerySchema = z.strictObject({
  q: capped(LIMITS.maxQueryLength).default(""),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxResults).default(LIMITS.defaultResults),
  kind: kind.optional(),
  free: flag.optional(),
  category: capped(F.category).optional(),
  pricing: pricing.optional(),
  license: license.optional(),
  capability: capability.optional(),
  explain: z
    .enum(["compact", "full"])
    .default("compact")
    .describe("full adds each capability's why (term, fields, kind) and the expanded query terms"),
});

export const SearchTool = {
  intent: z.string().min(1).max(LIMITS.maxQueryLength).describe("What you need, in plain words"),
  limit: z.number().int().min(1).max(LIMITS.maxResults).optional(),
  kind: kind.optional(),
  free: z.boolean().optional().describe("Only artifacts with a free tier"),
  category: capped(F.category).optional(),
  pricing: pricing.optional(),
  license: license.optional(),
  capability: capability.optional(),
  explain: z
    .enum(["compact", "full"])
    .optional()
    .describe("full adds each capability's why (term, fields, kind) and the expanded query terms"),
};

export const SuggestQuerySchema = z.strictObject({
  q: capped(LIMITS.maxQueryLength).default("").describe("What has been typed so far"),
});

export const ListQuerySchema = z.strictObject({
  kind: kind.optional(),
  category: capped(F.category).optional(),
  free: flag.optional(),
  sort: z.enum(["rank", "recent"]).default("rank").describe("rank: CapRank, best first; recent: last updated first"),
  updatedSince: capped(F.date)
    .refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO-8601 date or time" })
    .optional()
    .describe("Only artifacts updated at or after this time (incremental sync)"),
  limit: z.coerce.number().int().min(1).max(P.listMax).default(P.listDefault),
  cursor: capped(F.cursor).optional().describe("The nextCursor of the previous page"),
});

export const ResolveQuerySchema = z.strictObject({
  uri: z
    .string()
    .min(1)
    .max(F.capability)
    .describe("Taxonomy node (capability://audio.speech-to-text), subtree (capability://image.*) or alias (ASR)"),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxResults).optional(),
});

export const ResolveTool = {
  capability: z.string().min(1).max(F.capabilityPhrase),
  risk: z.enum(RISK_LEVELS).optional(),
  limit: z.number().int().min(1).max(LIMITS.maxResults).optional(),
};

export const CompareQuerySchema = z.strictObject({
  slugs: capped(F.compareSlugs).describe(`2 to ${LIMITS.maxCompare} artifact slugs separated by commas`),
});

export const CompareTool = { slugs: z.array(slug).min(2).max(LIMITS.maxCompare) };

export const PassportTool = { slug };

export const LeaderboardQuerySchema = z.strictObject({
  kind: kind.optional().describe("Only this kind of artifact"),
  capability: capability.optional(),
  free: flag.optional().describe("Only artifacts with a free tier"),
  license: license.optional(),
  pricing: pricing.optional(),
  limit: z.coerce.number().int().min(1).max(P.leaderboardMax).default(P.leaderboardDefault),
});

export const LeaderboardTool = {
  kind: kind.optional(),
  capability: capability.optional(),
  free: z.boolean().optional(),
  license: license.optional(),
  pricing: pricing.optional(),
  limit: z.number().int().min(1).max(P.leaderboardMax).optional(),
};

export const FeedbackSchema = z.strictObject({
  matchId: z.string().min(1).max(F.id),
  slug,
  capabilityId: capped(F.id).optional(),
  outcome: z.enum(["success", "failure"]),
  reporter: capped(F.reporter).optional().describe("Ignored: outcomes count against the client that sent them"),
});

export const FeedbackTool = {
  matchId: FeedbackSchema.shape.matchId,
  slug,
  outcome: FeedbackSchema.shape.outcome,
  capabilityId: FeedbackSchema.shape.capabilityId,
};

export const AuditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(P.auditMax).default(P.auditDefault),
});

/** Filters as any surface receives them: `free` as a boolean (MCP, CLI) or a query-string flag (HTTP, forms). */
export interface FilterFields {
  kind?: ArtifactKind | undefined;
  free?: boolean | string | undefined;
  category?: string | undefined;
  pricing?: PricingModel | undefined;
  license?: string | undefined;
  capability?: string | undefined;
}

const isOn = (v: boolean | string | undefined) => v === true || v === "true" || v === "1";

/** The one filter builder of search: every surface turns its fields into engine filters here (empty values mean "no filter"). */
export function searchFilters(f: FilterFields): MatchFilters {
  return {
    ...(f.kind ? { kind: f.kind } : {}),
    ...(isOn(f.free) ? { free: true } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.pricing ? { pricing: f.pricing } : {}),
    ...(f.license ? { license: f.license } : {}),
    ...(f.capability ? { subtree: f.capability } : {}),
  };
}

/** The one filter builder of leaderboards. */
export function leaderboardFilters(f: Pick<FilterFields, "free" | "license" | "pricing">): LeaderboardFilters {
  return {
    ...(isOn(f.free) ? { free: true } : {}),
    ...(f.license ? { license: f.license } : {}),
    ...(f.pricing ? { pricing: f.pricing } : {}),
  };
}
