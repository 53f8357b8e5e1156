import type { Artifact } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import type { Learning } from "../match/learning.js";
import { MERGE_DELTA_CAPS, MERGE_QUIET_MS, SegmentedIndex } from "../match/segments.js";
import { runSliced, runSteps } from "../match/steps.js";
import { summarizeOutcomes } from "../outcomes/feedback.js";
import { MATCH_RETENTION } from "../rank/methodology.js";
import { scoringBasis } from "../rank/scores.js";
import type { MatchCount, Store } from "../store/store.js";
import {
  applyOutcomeChanges,
  INCREMENTAL_MAX,
  sameCatalog,
  scoredSnapshot,
  scoredSnapshotSteps,
  withCatalogChanges,
  type Snapshot,
} from "./snapshot-state.js";

export { INCREMENTAL_MAX, PRIOR_CAPRANK, type Snapshot } from "./snapshot-state.js";

/** Longest a replica on a shared store serves a snapshot without asking the store again. */
export const REFRESH_MS = 1000;
/** How often Times matched recorded by other processes is followed (in the background, never awaited by a request). */
export const ACTIVITY_MS = 5000;
/** How often old match rows are pruned (in the background), and at most how many rows per table each time. */
export const PRUNE_EVERY_MS = 3_600_000;
export const PRUNE_BATCH = 5000;
export interface SnapshotOptions {
  taxonomy: Taxonomy;
  now: () => Date;
  learning: Learning;
  log: (line: string) => void;
  /** How stale a snapshot may get before the store's revision is asked again (0: every request). */
  refreshMs?: number | undefined;
  /** How often Times matched is followed from the store (other processes' searches). */
  activityMs?: number | undefined;
  /** Delta capabilities past which the delta is merged into a new base (MERGE_DELTA_CAPS). */
  mergeCaps?: number | undefined;
  /** Quiet time after which a non-empty delta is merged (MERGE_QUIET_MS). */
  mergeQuietMs?: number | undefined;
  /** Most changed artifacts applied incrementally at once (INCREMENTAL_MAX). */
  incrementalMax?: number | undefined;
  /** Longest stretch a whole-catalog index build holds the event loop while serving (BUILD_SLICE_MS); Infinity: one stretch. */
  buildSliceMs?: number | undefined;
}

/**
 * Loads and keeps the snapshot: it reloads only when artifacts or signals changed; new
 * outcomes re-score just the artifacts they are about; searches change no score. Times
 * matched, retention and a new day's scores follow in the background, never awaited by a request.
 */
export class SnapshotService {
  private snap: Snapshot | undefined;
  private readonly refreshMs: number;
  private readonly activityMs: number;
  private checkedAt = 0;
  private countsAt = 0;
  private countsSeq = 0;
  private countsFollowing = false;
  private prunedAt = 0;
  private rescoring = false;
  private reloading: Promise<Snapshot> | undefined;
  private reloadingGen = -1;
  private generation = 0;
  /** Background jobs in flight (counts, retention, a new day's scores), awaited by close(). */
  private readonly jobs = new Set<Promise<void>>();
  private closed = false;
  private readonly offsets = new WeakMap<Snapshot, number[]>();
  private merging = false;
  /** When the catalog last changed under this process (a quiet delta is merged MERGE_QUIET_MS later). */
  private changedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly o: SnapshotOptions,
  ) {
    // An embedded SQLite file is checked on every request (microseconds); a shared server
    // at most once per REFRESH_MS, and at once when LISTEN/NOTIFY says something changed.
    this.refreshMs = o.refreshMs ?? (store.kind === "postgres" ? REFRESH_MS : 0);
    this.activityMs = o.activityMs ?? ACTIVITY_MS;
  }

  /** The current snapshot, reloaded first when the store changed. */
  get(): Promise<Snapshot> {
    const wall = Date.now();
    const prev = this.snap;
    if (prev && wall - this.checkedAt < this.refreshMs) return Promise.resolve(this.background(prev, wall));
    // One reload at a time, shared by concurrent requests; a write after it started (a newer
    // generation) chains a fresh reload behind it, so an older reload never lands last.
    if (this.reloading && this.reloadingGen === this.generation) return this.reloading;
    const gen = this.generation;
    const p: Promise<Snapshot> = (this.reloading ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.reload(Date.now()));
    this.reloading = p;
    this.reloadingGen = gen;
    void p
      .finally(() => {
        if (this.reloading === p) this.reloading = undefined;
      })
      .catch(() => undefined);
    return p;
  }

  /** The last snapshot without asking the store (undefined before the first). */
  peek(): Snapshot | undefined {
    return this.snap;
  }

  /** Something changed in the store: the next get() asks it again. */
  invalidate(): void {
    this.checkedAt = 0;
    this.generation++;
  }

  /** No background job starts any more; the running ones are awaited. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.jobs]);
  }

  /** Ordinal of an artifact's first capability in the index (capabilities are laid out artifact by artifact). */
  firstOrdinal(s: Snapshot, artifact: number): number {
    let cached = this.offsets.get(s);
    if (!cached) {
      cached = [];
      let n = 0;
      for (const a of s.artifacts) {
        cached.push(n);
        n += a.capabilities.length;
      }
      this.offsets.set(s, cached);
    }
    return cached[artifact] ?? 0;
  }

  /** Totals from the store replace this process's provisional counts. */
  applyCounts(counts: readonly MatchCount[]): void {
    const s = this.snap;
    if (!s) return;
    for (const c of counts) this.setTimes(s, c.slug, c.times);
  }

  setTimes(s: Snapshot, slug: string, times: number): void {
    s.counts.set(slug, { slug, times });
    s.cards.setTimes(slug, times);
  }

  private async reload(wall: number): Promise<Snapshot> {
    const prev = this.snap;
    this.checkedAt = wall;
    const act = await this.store.activity();
    if (prev && act.revision - act.outcomeRevision === prev.catalogRevision) {
      if (act.outcomeRevision !== prev.outcomeRevision) {
        await this.applyOutcomeChanges(prev);
        // New outcomes also teach the match graph: the side index follows, the catalog index stays.
        await this.o.learning.refresh(this.store);
      }
      prev.revision = act.revision;
      return this.background(prev, wall);
    }
    const next = prev ? await this.applyCatalogChanges(prev, act) : undefined;
    if (next) {
      if (act.outcomeRevision !== next.outcomeRevision) await this.applyOutcomeChanges(next);
      await this.o.learning.refresh(this.store);
      this.snap = next;
      this.changedAt = wall;
      return this.background(next, wall);
    }
    const [artifacts, signals, counts, outcomeRows] = await Promise.all([
      this.store.listArtifacts(),
      this.store.listSignals(),
      this.store.matchCounts(),
      this.store.listOutcomes(),
    ]);
    const asOf = this.o.now();
    await this.o.learning.refresh(this.store);
    const index =
      prev && prev.index.deltaSize === 0 && sameCatalog(prev.artifacts, artifacts)
        ? prev.index
        : await this.buildIndex(artifacts, prev !== undefined);
    const base = {
      revision: act.revision,
      catalogRevision: act.revision - act.outcomeRevision,
      outcomeRevision: act.outcomeRevision,
      changeRevision: act.revision,
      artifacts,
      signals,
      bySlug: new Map(artifacts.map((a) => [a.slug, a])),
      ordinal: new Map(artifacts.map((a, i) => [a.slug, i])),
      counts: new Map(counts.counts.map((c) => [c.slug, c])),
      basis: scoringBasis(artifacts, signals, asOf),
      outcomes: summarizeOutcomes(outcomeRows, asOf),
      index,
    };
    // Like the index: at start-up at once, while serving in slices (scoring 100k artifacts takes about a second).
    const snap = prev ? await runSliced(scoredSnapshotSteps(base), this.o.buildSliceMs) : scoredSnapshot(base);
    this.countsSeq = Math.max(this.countsSeq, counts.seq);
    this.countsAt = wall;
    this.snap = snap;
    return this.background(snap, wall);
  }

  /** The next snapshot from the store's change log, or undefined when it cannot say (see withCatalogChanges). */
  private async applyCatalogChanges(
    prev: Snapshot,
    act: { revision: number; outcomeRevision: number },
  ): Promise<Snapshot | undefined> {
    return withCatalogChanges(this.store, prev, act, this.o.taxonomy, this.o.incrementalMax ?? INCREMENTAL_MAX);
  }

  /**
   * A whole-catalog index: at start-up in one stretch (nothing to serve yet, and it is the
   * fastest), while serving in slices between which requests are answered (match/DESIGN.md,
   * "Whole-catalog builds while serving").
   */
  private async buildIndex(artifacts: readonly Artifact[], serving: boolean): Promise<SegmentedIndex> {
    const steps = SegmentedIndex.steps(artifacts, this.o.taxonomy, {});
    return serving ? runSliced(steps, this.o.buildSliceMs) : runSteps(steps);
  }

  /**
   * Folds the delta segment into a new base (a full build with fresh statistics) and swaps it in.
   * Runs after a request, never awaited by one, in slices: requests are answered from the current
   * snapshot meanwhile. Catalog changes that land during the build are carried over into the new
   * base's delta; when a full reload replaced the base, the build is dropped (at the next turn).
   */
  private async merge(s: Snapshot): Promise<void> {
    try {
      if (this.snap !== s) return;
      // Given up at a turn when the service closes or a full reload replaced the base.
      const stale = () => this.closed || this.snap?.index.base !== s.index.base;
      const built = await runSliced(SegmentedIndex.steps(s.artifacts, this.o.taxonomy, {}), this.o.buildSliceMs, stale);
      // A reload in flight derives its snapshot from the one it started with and would overwrite
      // this swap (or change priors on the old index after it): land after it instead.
      while (built && this.reloading) await this.reloading.catch(() => undefined);
      const now = this.snap;
      const changes = now?.index.changesSince(s.index);
      if (!built || !now || !changes) return;
      const index =
        changes.upserts.length || changes.removed.length
          ? built.apply(changes.upserts, changes.removed, this.o.taxonomy)
          : built;
      // Priors and learned intents as they are now (outcomes may have moved some during the build).
      now.artifacts.forEach((_, i) => index.setPrior(i, now.index.prior(i)));
      index.setLearned(now.index.learnedIndex);
      this.snap = { ...now, index };
    } finally {
      this.merging = false;
    }
  }

  /** Re-scores only the artifacts whose outcomes changed since the snapshot's outcome revision. */
  private async applyOutcomeChanges(s: Snapshot): Promise<void> {
    await applyOutcomeChanges(this.store, s);
  }

  /** Schedules, after the current request, the jobs that keep a snapshot current. No request waits for them. */
  private background(s: Snapshot, wall: number): Snapshot {
    if (wall - this.countsAt >= this.activityMs && !this.countsFollowing) {
      this.countsFollowing = true;
      this.later(() => this.followCounts());
    }
    const delta = s.index.deltaSize;
    if (
      !this.merging &&
      delta > 0 &&
      (delta > (this.o.mergeCaps ?? MERGE_DELTA_CAPS) ||
        wall - this.changedAt >= (this.o.mergeQuietMs ?? MERGE_QUIET_MS))
    ) {
      this.merging = true;
      this.later(() => this.merge(s));
    }
    if (wall - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = wall;
      this.later(() => this.prune());
    }
    if (!this.rescoring && this.o.now().toISOString().slice(0, 10) !== s.basis.asOf.toISOString().slice(0, 10)) {
      this.rescoring = true;
      this.later(() => this.rescoreDay(s));
    }
    return s;
  }

  /** Runs a job after the current request; once close() began, none starts and running ones are awaited. */
  private later(job: () => Promise<void>): void {
    setImmediate(() => {
      if (this.closed) return;
      const running = job().finally(() => this.jobs.delete(running));
      this.jobs.add(running);
    });
  }

  /** Other processes' searches: only totals that changed since the last look. */
  private async followCounts(): Promise<void> {
    this.countsAt = Date.now();
    try {
      const r = await this.store.matchCounts(this.countsSeq);
      this.countsSeq = Math.max(this.countsSeq, r.seq);
      this.applyCounts(r.counts);
    } catch (e) {
      this.o.log(`match log: could not follow Times matched (${(e as Error).message})\n`);
    } finally {
      this.countsFollowing = false;
    }
  }

  /** Deletes match rows past their retention (MATCH_RETENTION), PRUNE_BATCH rows at a time, yielding in between. */
  private async prune(): Promise<void> {
    const day = 86_400_000;
    const now = this.o.now().getTime();
    const rule = {
      matchesBefore: new Date(now - MATCH_RETENTION.matchDays * day).toISOString(),
      clientsBefore: new Date(now - MATCH_RETENTION.clientDays * day).toISOString().slice(0, 10),
      limit: PRUNE_BATCH,
    };
    try {
      while (!this.closed && (await this.store.pruneMatches(rule)) > 0) await new Promise((r) => setImmediate(r));
    } catch (e) {
      this.o.log(`match log: pruning failed (${(e as Error).message})\n`);
    }
  }

  /**
   * Freshness and decay move with the calendar: once a day the whole catalog is re-scored off
   * the request path, RESCORE_CHUNK artifacts between yields, and swapped in when done.
   */
  private async rescoreDay(s: Snapshot): Promise<void> {
    try {
      // Outcomes that arrive while this runs are applied again afterwards (from this revision on).
      const since = s.outcomeRevision;
      const asOf = this.o.now();
      const basis = scoringBasis(s.artifacts, s.signals, asOf);
      const outcomes = summarizeOutcomes(await this.store.listOutcomes(), asOf);
      // The steps a full reload runs while serving: cards in slices, then every prior at once.
      const next = await runSliced(scoredSnapshotSteps({ ...s, basis, outcomes }), this.o.buildSliceMs);
      if (this.snap === s) {
        Object.assign(s, { basis, outcomes: next.outcomes, cards: next.cards });
        s.outcomeRevision = Math.min(s.outcomeRevision, since);
      }
    } catch (e) {
      this.o.log(`scores: the daily re-score failed (${(e as Error).message})\n`);
    } finally {
      this.rescoring = false;
    }
  }
}
