import { randomUUID } from "node:crypto";
import { clientIdentity } from "../outcomes/feedback.js";
import { MATCH_TOP_K } from "../rank/methodology.js";
import { MATCH_BUFFER, MatchBuffer, type MatchBufferOptions } from "../store/match-buffer.js";
import type { MatchRecord, Store } from "../store/store.js";
import type { Snapshot, SnapshotService } from "./snapshot.js";

/** Most (artifact, client) pairs remembered for today's provisional Times matched; beyond it the store's totals take over. */
const SEEN_TODAY_MAX = 200_000;

export type MatchLogOptions = Partial<Pick<MatchBufferOptions, "batchSize" | "flushMs" | "maxPending">>;

/**
 * Records what each search and resolve returned (the match log feedback refers to), written
 * behind the response, and counts it toward Times matched at once.
 */
export class MatchRecorder {
  /** Searches on their way to the match log (written behind the response). */
  private readonly buffer: MatchBuffer;
  /** (day, artifact, client) already counted by this process today: Times matched rises at once, before the batch is written. */
  private seenToday = { day: "", keys: new Set<string>() };

  constructor(
    private readonly store: Store,
    private readonly snapshots: SnapshotService,
    private readonly now: () => Date,
    log: (line: string) => void,
    opts: MatchLogOptions = {},
  ) {
    this.buffer = new MatchBuffer(store, {
      topK: MATCH_TOP_K,
      onCounts: (c) => snapshots.applyCounts(c),
      log,
      ...opts,
    });
  }

  /** Queues a match; each artifact in the top MATCH_TOP_K counts once per client and day. Returns the match id. */
  record(s: Snapshot, query: string, client: string, results: MatchRecord["results"]): string {
    const rec: MatchRecord = {
      id: randomUUID(),
      query,
      client: clientIdentity(client),
      at: this.now().toISOString(),
      results,
    };
    this.buffer.add(rec);
    const day = rec.at.slice(0, 10);
    if (this.seenToday.day !== day || this.seenToday.keys.size > SEEN_TODAY_MAX)
      this.seenToday = { day, keys: new Set() };
    for (const r of results.slice(0, MATCH_TOP_K)) {
      const k = `${r.slug}\u0000${rec.client}`;
      if (this.seenToday.keys.has(k)) continue;
      this.seenToday.keys.add(k);
      this.snapshots.setTimes(s, r.slug, (s.counts.get(r.slug)?.times ?? 0) + 1);
    }
    return rec.id;
  }

  /**
   * A recorded match: one still in this process's buffer is written first; one answered by
   * another replica may be a batch away, so it is asked for once more after one flush interval.
   */
  async find(id: string): Promise<MatchRecord | undefined> {
    if (this.buffer.holds(id)) await this.buffer.flush();
    const found = await this.store.getMatch(id);
    if (found) return found;
    await new Promise((r) => setTimeout(r, MATCH_BUFFER.flushMs * 2));
    return this.store.getMatch(id);
  }

  flush(): Promise<void> {
    return this.buffer.flush();
  }

  close(): Promise<void> {
    return this.buffer.close();
  }

  /** Matches written, dropped (buffer full) and failed batches, for operators. */
  get stats(): Readonly<{ written: number; dropped: number; failedBatches: number }> {
    return this.buffer.stats;
  }
}
