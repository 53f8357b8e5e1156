import type pg from "pg";
import type { Artifact } from "../../catalog/schema.js";
import type { Q } from "./connection.js";

/** The in-database search mode: weighted tsvectors written with each capability, ranked by `ts_rank`. */

/**
 * Field weights of the in-database search, mapped onto PostgreSQL's four classes:
 * A = name, intents (3, 2.5); B = taxonomy words, artifact name and tags (2); C = best-for (1.5);
 * D = description, categories (1). `ts_rank` weights are {D, C, B, A} relative to A.
 */
export const PG_RANK_WEIGHTS = "{0.333,0.5,0.667,1}";

/** In-database search: best capabilities for a query by weighted `ts_rank` (normalised by log length). */
export async function searchText(
  pool: pg.Pool,
  query: string,
  limit: number,
): Promise<{ slug: string; capabilityId: string; score: number }[]> {
  const q = toTsQuery(query);
  if (!q) return [];
  const r = await pool.query(
    `SELECT artifact_slug, id, ts_rank($1::float4[], search, q, 1) AS score
    FROM capabilities, to_tsquery('english', $2) AS q WHERE search @@ q ORDER BY score DESC, artifact_slug, id LIMIT $3`,
    [PG_RANK_WEIGHTS, q, limit],
  );
  return (r.rows as { artifact_slug: string; id: string; score: number }[]).map((x) => ({
    slug: x.artifact_slug,
    capabilityId: x.id,
    score: x.score,
  }));
}

/** One statement per artifact, with the weighted tsvector of each capability. */
export async function insertCapabilities(c: Q, a: Artifact): Promise<void> {
  const caps = a.capabilities;
  const words = (uri: string) => uri.replace(/^capability:\/\//, "").replace(/[.-]/g, " ");
  await c.query(
    `INSERT INTO capabilities(artifact_slug, id, uri, position, search)
    SELECT $1, t.id, t.uri, t.ord - 1,
      setweight(to_tsvector('english', t.name || ' ' || t.intents), 'A') ||
      setweight(to_tsvector('english', t.tax || ' ' || $2), 'B') ||
      setweight(to_tsvector('english', t.best), 'C') ||
      setweight(to_tsvector('english', t.descr || ' ' || $3), 'D')
    FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) WITH ORDINALITY AS t(id, uri, name, intents, tax, best, descr, ord)`,
    [
      a.slug,
      [a.name, ...a.tags].join(" "),
      a.categories.join(" ").replace(/-/g, " "),
      caps.map((x) => x.id),
      caps.map((x) => x.uri),
      caps.map((x) => x.name),
      caps.map((x) => x.intents.join(" ")),
      caps.map((x) => words(x.uri)),
      caps.map((x) => x.bestFor.join(" ")),
      caps.map((x) => x.description),
    ],
  );
}

/** Any user text → an OR of its words as a tsquery source; never a syntax error. */
export function toTsQuery(text: string): string {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 32).join(" | ");
}
