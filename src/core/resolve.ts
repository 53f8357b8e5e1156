import type { Capability } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { createError } from "../errors.js";
import { LIMITS } from "../limits.js";
import { byResolveScore, resolvedArtifact, type ResolvedArtifact } from "../rank/resolve.js";
import { riskCheck, type RiskLevel } from "../trust/passport.js";
import type { CoreParts } from "./parts.js";
import type { Snapshot } from "./snapshot.js";

/** Below this classification confidence a free phrase is not resolved (it would match noise). */
export const MIN_PHRASE_CONFIDENCE = 0.3;

export interface ResolveResult {
  uri: string;
  label: string;
  description: string;
  matchId: string;
  results: ResolvedArtifact[];
}
export type RiskResolveResult = ResolveResult & {
  risk: RiskLevel;
  excluded: { slug: string; capabilityId: string; reason: string }[];
};

/** Accepts `capability://x.y`, `capability://x.*`, aliases and former URIs. */
export function subtreeUri(taxonomy: Taxonomy, raw: string): string {
  const bare = raw.replace(/\.\*$/, "");
  const node = taxonomy.resolve(bare);
  if (!node) {
    const hint = taxonomy.suggest(bare);
    throw createError("UNKNOWN_CAPABILITY_URI", [raw, hint ? ` (did you mean ${hint}?)` : ""]);
  }
  return node.uri;
}

/** Artifacts with capabilities on a taxonomy node or below it (rank/resolve.ts); aliases and former URIs accepted. */
export async function resolve(
  parts: CoreParts,
  uriOrAlias: string,
  opts: { limit?: number; client?: string; keep?: (r: ResolvedArtifact) => ResolvedArtifact | undefined } = {},
): Promise<ResolveResult> {
  const uri = subtreeUri(parts.taxonomy, uriOrAlias.trim());
  const node = parts.taxonomy.get(uri);
  const s = await parts.snapshots.get();
  const results = [...s.index.capabilitiesUnder(uri)]
    .map(([ai, ordinals]) => {
      const a = s.artifacts[ai] as Snapshot["artifacts"][number];
      const first = parts.snapshots.firstOrdinal(s, ai);
      return resolvedArtifact(
        a,
        ordinals.map((o) => a.capabilities[o - first] as Capability),
        s.cards.capRank(a.slug) ?? 0,
      );
    })
    .sort(byResolveScore)
    .flatMap((r) => {
      const k = opts.keep ? opts.keep(r) : r;
      return k ? [k] : [];
    })
    .slice(0, Math.min(opts.limit ?? LIMITS.defaultResults, LIMITS.maxResults));
  // Recorded after filtering, so Times matched and feedback cover only what was returned.
  const rows = results.map((r) => ({ slug: r.slug, score: r.score, capabilityIds: r.capabilities.map((c) => c.id) }));
  const matchId = parts.matches.record(s, `resolve:${uri}`, opts.client ?? "api", rows);
  return { uri, label: node?.label ?? uri, description: node?.description ?? "", matchId, results };
}

/**
 * resolve() for agents: accepts a URI, an alias or a free phrase (classified onto the
 * taxonomy), and drops capabilities that do not clear the risk level's bar, saying why.
 */
export async function resolveForRisk(
  parts: CoreParts,
  input: string,
  risk: RiskLevel,
  limit: number,
  client = "mcp",
): Promise<RiskResolveResult> {
  const trimmed = input.trim();
  let uri =
    parts.taxonomy.resolve(trimmed.replace(/\.\*$/, ""))?.uri ??
    (trimmed.startsWith("capability://") ? trimmed : undefined);
  if (!uri) {
    const guess = parts.taxonomy.classify(trimmed);
    if (guess.confidence < MIN_PHRASE_CONFIDENCE)
      throw createError("UNKNOWN_CAPABILITY_URI", [
        trimmed,
        " and the phrase could not be placed on it with confidence; use a capability:// URI or other words",
      ]);
    uri = guess.uri;
  }
  const s = await parts.snapshots.get();
  const excluded: RiskResolveResult["excluded"] = [];
  const keep = (x: ResolvedArtifact) => {
    const a = s.bySlug.get(x.slug);
    const caps = x.capabilities.filter((c) => {
      const cap = a?.capabilities.find((y) => y.id === c.id);
      const why = a && cap ? riskCheck(a, cap, risk) : "unknown capability";
      if (why) excluded.push({ slug: x.slug, capabilityId: c.id, reason: why });
      return !why;
    });
    return caps.length ? { ...x, capabilities: caps } : undefined;
  };
  const r = await resolve(parts, uri, { limit, client, keep });
  return { ...r, risk, excluded };
}
