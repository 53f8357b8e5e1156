import type Database from "better-sqlite3";
import {
  matchClientKeys,
  parseResults,
  risesBySlug,
  type MatchCount,
  type MatchPruneRule,
  type MatchRecord,
} from "../store.js";

/** The match log: what each search returned, the distinct clients per day and artifact, running totals, pruning. */

export async function recordMatches(
  db: Database.Database,
  batch: readonly MatchRecord[],
  topK: number,
): Promise<MatchCount[]> {
  if (batch.length === 0) return [];
  const putMatch = db.prepare("INSERT INTO matches(id, query, client, at, results) VALUES (?, ?, ?, ?, ?)");
  const putClient = db.prepare("INSERT OR IGNORE INTO match_clients(day, slug, client) VALUES (?, ?, ?)");
  const putTotal = db.prepare(`INSERT INTO match_totals(slug, times, seq) VALUES (?, ?, ?)
    ON CONFLICT(slug) DO UPDATE SET times = times + excluded.times, seq = excluded.seq RETURNING slug, times`);
  return db
    .transaction(() => {
      for (const m of batch) putMatch.run(m.id, m.query, m.client, m.at, JSON.stringify(m.results));
      const inserted = matchClientKeys(batch, topK).filter((k) => putClient.run(k.day, k.slug, k.client).changes > 0);
      if (inserted.length === 0) return [];
      const seq = Number(
        (
          db
            .prepare(
              "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'match_seq' RETURNING value",
            )
            .get() as { value: string }
        ).value,
      );
      return [...risesBySlug(inserted)].map(([slug, n]) => putTotal.get(slug, n, seq) as MatchCount);
    })
    .immediate();
}

export async function getMatch(db: Database.Database, id: string): Promise<MatchRecord | undefined> {
  const m = db.prepare("SELECT id, query, client, at, results FROM matches WHERE id = ?").get(id) as
    | { id: string; query: string; client: string; at: string; results: string }
    | undefined;
  return m ? { id: m.id, query: m.query, client: m.client, at: m.at, results: parseResults(m.results) } : undefined;
}

export async function matchCounts(db: Database.Database, sinceSeq = 0): Promise<{ seq: number; counts: MatchCount[] }> {
  const rows = db.prepare("SELECT slug, times, seq FROM match_totals WHERE seq > ? ORDER BY slug").all(sinceSeq) as {
    slug: string;
    times: number;
    seq: number;
  }[];
  const seq = rows.reduce((m, r) => Math.max(m, r.seq), sinceSeq);
  return { seq, counts: rows.map((r) => ({ slug: r.slug, times: r.times })) };
}

export async function pruneMatches(db: Database.Database, rule: MatchPruneRule): Promise<number> {
  return db
    .transaction(() => {
      const matches = db
        .prepare(`DELETE FROM matches WHERE rowid IN (SELECT rowid FROM matches m WHERE m.at < ?
      AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.match_id = m.id) LIMIT ?)`)
        .run(rule.matchesBefore, rule.limit).changes;
      const clients = db
        .prepare(
          "DELETE FROM match_clients WHERE (day, slug, client) IN (SELECT day, slug, client FROM match_clients WHERE day < ? LIMIT ?)",
        )
        .run(rule.clientsBefore, rule.limit).changes;
      return matches + clients;
    })
    .immediate();
}
