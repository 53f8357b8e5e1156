import type pg from "pg";
import type { Artifact } from "../../catalog/schema.js";

/** The in-database search's text: weighted tsvectors written with each artifact, and queries read as OR of words. */

type Q = Pick<pg.PoolClient, "query">;

/**
 * Field weights of the in-database search, mapped onto PostgreSQL's four classes:
 * A = name, intents (3, 2.5); B = taxonomy words, artifact name and tags (2); C = best-for (1.5);
 * D = description, categories (1). `ts_rank` weights are {D, C, B, A} relative to A.
 */
export const PG_RANK_WEIGHTS = "{0.333,0.5,0.667,1}";

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
