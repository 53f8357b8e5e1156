import type pg from "pg";
import type { LearnedOutcome, OutcomeRecord } from "../../outcomes/feedback.js";
import { learnedOutcome } from "../store.js";

/** Reading reported outcomes: per artifact, as learning input (joined to their searches), and what changed since a revision. */

export async function listOutcomes(pool: pg.Pool, slug?: string): Promise<OutcomeRecord[]> {
  const cols = "SELECT match_id, slug, capability_id, outcome, reporter, at FROM outcomes";
  const res = slug
    ? await pool.query(`${cols} WHERE slug = $1 ORDER BY seq`, [slug])
    : await pool.query(`${cols} ORDER BY seq`);
  const rows = res.rows as (OutcomeRow & { match_id: string; slug: string })[];
  return rows.map((r) => ({
    matchId: r.match_id,
    slug: r.slug,
    capabilityId: r.capability_id,
    outcome: r.outcome,
    reporter: r.reporter,
    at: r.at,
  }));
}

export async function listLearnedOutcomes(pool: pg.Pool, afterSeq: number): Promise<LearnedOutcome[]> {
  const rows = (
    await pool.query(
      `SELECT o.seq, o.match_id, o.slug, o.capability_id, o.outcome, o.reporter, o.at, m.query, m.results
    FROM outcomes o JOIN matches m ON m.id = o.match_id
    WHERE o.seq > $1 AND m.query NOT LIKE 'resolve:%' ORDER BY o.seq`,
      [afterSeq],
    )
  ).rows as Parameters<typeof learnedOutcome>[0][];
  return rows.map(learnedOutcome);
}

export async function outcomeChanges(pool: pg.Pool, since: number): Promise<{ revision: number; slugs: string[] }> {
  const rows = (
    await pool.query(`SELECT slug, rev FROM outcome_changes WHERE rev > $1 ORDER BY slug COLLATE "C"`, [since])
  ).rows as { slug: string; rev: string }[];
  return { revision: rows.reduce((m, r) => Math.max(m, Number(r.rev)), since), slugs: rows.map((r) => r.slug) };
}

export interface OutcomeRow {
  capability_id: string | null;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
}
