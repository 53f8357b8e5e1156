import type Database from "better-sqlite3";
import type { LearnedOutcome, OutcomeRecord } from "../../outcomes/feedback.js";
import { learnedOutcome } from "../store.js";

/** Reading reported outcomes: per artifact, as learning input (joined to their searches), and what changed since a revision. */

export async function listOutcomes(db: Database.Database, slug?: string): Promise<OutcomeRecord[]> {
  const cols = "SELECT match_id, slug, capability_id, outcome, reporter, at FROM outcomes";
  const rows = (
    slug ? db.prepare(`${cols} WHERE slug = ? ORDER BY seq`).all(slug) : db.prepare(`${cols} ORDER BY seq`).all()
  ) as (OutcomeRow & { match_id: string; slug: string })[];
  return rows.map((r) => ({
    matchId: r.match_id,
    slug: r.slug,
    capabilityId: r.capability_id,
    outcome: r.outcome,
    reporter: r.reporter,
    at: r.at,
  }));
}

export async function listLearnedOutcomes(db: Database.Database, afterSeq: number): Promise<LearnedOutcome[]> {
  const rows = db
    .prepare(`SELECT o.seq, o.match_id, o.slug, o.capability_id, o.outcome, o.reporter, o.at, m.query, m.results
    FROM outcomes o JOIN matches m ON m.id = o.match_id
    WHERE o.seq > ? AND m.query NOT LIKE 'resolve:%' ORDER BY o.seq`)
    .all(afterSeq) as Parameters<typeof learnedOutcome>[0][];
  return rows.map(learnedOutcome);
}

export async function outcomeChanges(
  db: Database.Database,
  since: number,
): Promise<{ revision: number; slugs: string[] }> {
  const rows = db.prepare("SELECT slug, rev FROM outcome_changes WHERE rev > ? ORDER BY slug").all(since) as {
    slug: string;
    rev: number;
  }[];
  return { revision: rows.reduce((m, r) => Math.max(m, r.rev), since), slugs: rows.map((r) => r.slug) };
}

export interface OutcomeRow {
  capability_id: string | null;
  outcome: "success" | "failure";
  reporter: string;
  at: string;
}
