import type pg from "pg";
import { parseResults, risesBySlug, type MatchCount, type MatchPruneRule, type MatchRecord } from "../store.js";
import type { Q } from "./connection.js";

/** The match log: what each search returned, the distinct clients per day and artifact, running totals, pruning. */

/** Inside a transaction: logs a batch of searches and raises the totals of artifacts a new client saw. */
export async function recordMatchesIn(
  c: Q,
  batch: readonly MatchRecord[],
  keys: readonly { day: string; slug: string; client: string }[],
): Promise<MatchCount[]> {
  // The sequence row first: replicas' batches queue here, so they never take the rows below in crossed orders.
  const seq = Number(
    (await c.query("UPDATE meta SET value = value + 1 WHERE key = 'match_seq' RETURNING value")).rows[0]?.value ?? 0,
  );
  await c.query(
    "INSERT INTO matches(id, query, client, at, results) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])",
    [
      batch.map((m) => m.id),
      batch.map((m) => m.query),
      batch.map((m) => m.client),
      batch.map((m) => m.at),
      batch.map((m) => JSON.stringify(m.results)),
    ],
  );
  const ins = await c.query(
    "INSERT INTO match_clients(day, slug, client) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING slug",
    [keys.map((k) => k.day), keys.map((k) => k.slug), keys.map((k) => k.client)],
  );
  const rises = risesBySlug(ins.rows as { slug: string }[]);
  if (rises.size === 0) return [];
  const r = await c.query(
    `INSERT INTO match_totals(slug, times, seq) SELECT s, n, $3 FROM unnest($1::text[], $2::bigint[]) AS t(s, n)
    ON CONFLICT (slug) DO UPDATE SET times = match_totals.times + EXCLUDED.times, seq = EXCLUDED.seq RETURNING slug, times`,
    [[...rises.keys()], [...rises.values()], seq],
  );
  return (r.rows as { slug: string; times: string }[])
    .map((x) => ({ slug: x.slug, times: Number(x.times) }))
    .sort((a, b) => (a.slug < b.slug ? -1 : 1));
}

/** Inside a transaction: deletes old searches no outcome refers to, and old per-day client rows. */
export async function pruneMatchesIn(c: Q, rule: MatchPruneRule): Promise<number> {
  const m = await c.query(
    `DELETE FROM matches WHERE id IN (SELECT id FROM matches x WHERE x.at < $1
    AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.match_id = x.id) LIMIT $2)`,
    [rule.matchesBefore, rule.limit],
  );
  const k = await c.query(
    "DELETE FROM match_clients WHERE (day, slug, client) IN (SELECT day, slug, client FROM match_clients WHERE day < $1 LIMIT $2)",
    [rule.clientsBefore, rule.limit],
  );
  return (m.rowCount ?? 0) + (k.rowCount ?? 0);
}

export async function getMatch(pool: pg.Pool, id: string): Promise<MatchRecord | undefined> {
  const m = (await pool.query("SELECT id, query, client, at, results FROM matches WHERE id = $1", [id])).rows[0] as
    | { id: string; query: string; client: string; at: string; results: string }
    | undefined;
  return m ? { id: m.id, query: m.query, client: m.client, at: m.at, results: parseResults(m.results) } : undefined;
}

export async function matchCounts(pool: pg.Pool, sinceSeq = 0): Promise<{ seq: number; counts: MatchCount[] }> {
  const rows = (
    await pool.query(`SELECT slug, times, seq FROM match_totals WHERE seq > $1 ORDER BY slug COLLATE "C"`, [sinceSeq])
  ).rows as { slug: string; times: string; seq: string }[];
  const seq = rows.reduce((m, r) => Math.max(m, Number(r.seq)), sinceSeq);
  return { seq, counts: rows.map((r) => ({ slug: r.slug, times: Number(r.times) })) };
}
