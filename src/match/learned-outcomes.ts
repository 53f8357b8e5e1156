import { analyzeQuery } from "../text/analyze.js";
import type { LearnedOutcome } from "../outcomes/feedback.js";

/** A row with its intent analysed once (rebuilding the side index never re-analyses text). */
export interface AnalysedOutcome extends LearnedOutcome {
  terms: readonly string[];
}

/**
 * Folds outcome rows into the latest one per (match, artifact) — re-sending an outcome
 * replaces it — incrementally. Rows may be offered again (a store is read from a little before
 * the last sequence number seen, because concurrent writers can commit sequence numbers out of
 * order); a row already seen is skipped.
 */
export class LearnedOutcomes {
  private readonly latest = new Map<string, AnalysedOutcome>();
  private readonly seen = new Set<number>();
  private lastSeq = 0;

  get seq(): number {
    return this.lastSeq;
  }
  get size(): number {
    return this.latest.size;
  }

  /** Adds rows; returns whether anything changed. */
  add(rows: readonly LearnedOutcome[]): boolean {
    let changed = false;
    for (const r of [...rows].sort((a, b) => a.seq - b.seq)) {
      if (this.seen.has(r.seq)) continue;
      this.seen.add(r.seq);
      this.lastSeq = Math.max(this.lastSeq, r.seq);
      const key = `${r.matchId}\u0000${r.slug}`;
      const prev = this.latest.get(key);
      if (prev && prev.seq > r.seq) continue;
      this.latest.set(key, { ...r, terms: prev?.query === r.query ? prev.terms : analyzeQuery(r.query) });
      changed = true;
    }
    return changed;
  }

  rows(): IterableIterator<AnalysedOutcome> {
    return this.latest.values();
  }
}
