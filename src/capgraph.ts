import { randomUUID } from "node:crypto";
import type { Artifact, ArtifactKind, Capability } from "./catalog/schema.js";
import { loadTaxonomy, type Taxonomy } from "./catalog/taxonomy.js";
import { summarize, type ArtifactSummary } from "./rank/view.js";
import { hasErrors, type Diagnostic, type ParsedManifest } from "./catalog/manifest.js";
import { align, type Alignment } from "./compare/align.js";
import { buildVerdict, type Verdict } from "./compare/verdict.js";
import { createError } from "./errors.js";
import { buildLeaderboard, buildLeaderboardIndex, rankByInterval, standingsOf, type Standing, type Leaderboard, type LeaderboardFilters, type LeaderboardIndex, type Placement } from "./leaderboards/leaderboard.js";
import { buildCatalogIndex } from "./match/catalog-index.js";
import { AGGREGATE_DECAY, AGGREGATE_DEPTH, PRIOR_WEIGHT, artifactPasses, type ArtifactMatch, type CapabilityMatch, type FieldName, type MatchFilters, type MatchIndex, type MatchResult, type QueryTerm } from "./match/engine.js";
import { clientIdentity, describeOutcomes, summarizeOutcomes, type OutcomeSummary, type SuccessStats } from "./outcomes/feedback.js";
import { MATCH_RETENTION, MATCH_TOP_K } from "./rank/methodology.js";
import { scoreArtifact, scoringBasis, type ScoreCard, type ScoringBasis } from "./rank/scores.js";
import { MATCH_BUFFER, MatchBuffer, type MatchBufferOptions } from "./store/match-buffer.js";
import { buildPassport, riskCheck, type Passport, type RiskLevel } from "./trust/passport.js";
import { Signer } from "./trust/signing.js";
import { EmbeddingCache, SemanticIndex, type Embedder } from "./match/embedder.js";
import { suggest, type Suggestions } from "./match/suggest.js";
import type { MatchCount, MatchRecord, Store, StoredSignal, UpsertSummary } from "./store/store.js";
import type { WriteAs } from "./store/write.js";
import { ownerView } from "./owners/owner-view.js";

/** Most (artifact, client) pairs remembered for today's provisional Times matched; beyond it the store's totals take over. */
const SEEN_TODAY_MAX = 200_000;
import { Learning, learnedNote, type LearnedNote } from "./match/learning.js";
import type { LearnedIntentSummary } from "./match/learned.js";

/** Limits on what one request may ask for. */
export const LIMITS = { maxQueryLength: 500, maxResults: 50, defaultResults: 10, maxCompare: 6 } as const;

export interface Snapshot {
  revision: number;
  /** `revision − outcomeRevision` when loaded: changes only when artifacts or signals changed. */
  catalogRevision: number;
  /** Outcomes up to this outcome revision are in `outcomes` and `cards`. */
  outcomeRevision: number;
  artifacts: Artifact[];
  signals: StoredSignal[];
  bySlug: Map<string, Artifact>;
  /** Position of each artifact in `artifacts` (and in the index). */
  ordinal: Map<string, number>;
  /** Times matched per artifact (shown, never scored): loaded once, then followed incrementally. */
  counts: Map<string, MatchCount>;
  /** Peers and priors the cards were computed with: re-scoring one artifact reuses them. */
  basis: ScoringBasis;
  cards: Map<string, ScoreCard>;
  outcomes: OutcomeSummary;
  index: MatchIndex;
}

/** Longest a replica on a shared store serves a snapshot without asking the store again. */
export const REFRESH_MS = 1000;

/** Below this classification confidence a free phrase is not resolved (it would match noise). */
export const MIN_PHRASE_CONFIDENCE = 0.3;

/** Capabilities fetched from the database per query in the database search mode. */
export const DATABASE_CANDIDATES = 500;

/** How often Times matched recorded by other processes is followed (in the background, never awaited by a request). */
export const ACTIVITY_MS = 5000;
/** How often old match rows are pruned (in the background), and at most how many rows per table each time. */
export const PRUNE_EVERY_MS = 3_600_000;
export const PRUNE_BATCH = 5000;
/** Artifacts scored between two yields to the event loop when the whole catalog is re-scored for a new day. */
export const RESCORE_CHUNK = 1000;

/** CapRank's share of the search prior; the rest is the outcome success posterior. */
export const PRIOR_CAPRANK = 0.6;

export interface MatchedTerm { term: string; fields: FieldName[]; kind: QueryTerm["kind"]; via?: string }

export interface SearchCapability {
  id: string; uri: string; name: string; score: number; matchedTerms: string[];
  evidence: Capability["evidence"]; description: string; taxonomyLabel: string | null; why: MatchedTerm[];
  /** Cosine similarity to the intent from the semantic component; null when none is plugged in. */
  similarity: number | null;
}

export interface SearchResult {
  query: string;
  matchId: string;
  results: {
    slug: string; name: string; kind: ArtifactKind; score: number; relevance: number; capRank: number; freeTier: boolean; description: string;
    outcomes: SuccessStats | null; outcomesText: string; nameMatched: boolean;
    /** Set when intents people reported as answered by it moved this result ("asked this way by N people"). */
    learned: LearnedNote | null;
    capabilities: SearchCapability[];
  }[];
  interpretation: {
    terms: QueryTerm[]; taxonomy: { uri: string; label: string; score: number }[];
    /** The semantic component: none plugged in, used, or failing (lexical results only; the reason goes to the server log). */
    semantic: "off" | "on" | "unavailable";
  };
  filters: MatchFilters;
}

export interface FeedbackInput { matchId: string; slug: string; capabilityId?: string | undefined; outcome: "success" | "failure"; reporter?: string | undefined }

export interface ResolveResult {
  uri: string; label: string; description: string; matchId: string;
  results: { slug: string; name: string; kind: ArtifactKind; capRank: number; score: number; capabilities: { id: string; uri: string; name: string; evidence: Capability["evidence"]; confidence: number }[] }[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface CompareCapability {
  id: string; uri: string; uriSource: Capability["uriSource"]; taxonomyLabel: string | null; name: string; description: string;
  unique: string | null; vsAlternatives: string | null; evidence: Capability["evidence"]; confidence: number; sources: Capability["sources"];
}

export interface CompareResult {
  artifacts: (ArtifactSummary & { capabilities: CompareCapability[]; scoreDetails: ScoreCard["scores"] })[];
  alignment: Alignment;
  verdict: Verdict;
}

/**
 * The application core: every surface (pages, JSON API, CLI, MCP) calls these methods,
 * so every number shown anywhere comes from the same computation.
 */
export class Capgraph {
  readonly store: Store;
  readonly taxonomy: Taxonomy;
  private snap: Snapshot | undefined;
  private readonly now: () => Date;
  /** How stale a snapshot may get before the store's revision is asked again (0: every request). */
  private readonly refreshMs: number;
  /** How often Times matched is followed from the store (other processes' searches). */
  private readonly activityMs: number;
  /** `memory` (default): the in-process index; `database`: PostgreSQL full-text (see DATABASE_CANDIDATES). */
  private readonly searchMode: "memory" | "database";
  private checkedAt = 0;
  private countsAt = 0;
  private countsSeq = 0;
  private countsFollowing = false;
  private prunedAt = 0;
  private rescoring = false;
  /** Background jobs in flight (counts, retention, a new day's scores), awaited by close(). */
  private readonly jobs = new Set<Promise<void>>();
  private closed = false;
  /** Searches on their way to the match log (written behind the response). */
  private readonly matchLog: MatchBuffer;
  /** (day, artifact, client) already counted by this process today: Times matched rises at once, before the batch is written. */
  private seenToday = { day: "", keys: new Set<string>() };
  /** What reported outcomes taught: a small side index over learned intents (match/learned.ts). */
  private readonly learning: Learning;

  /** Optional semantic scorer (an embeddings endpoint or a word-vector file), cached per capability. */
  private readonly embeddings: EmbeddingCache | undefined;
  private semantic: { index: MatchIndex; sem: SemanticIndex } | undefined;

  /** Where operational problems are reported (an embeddings endpoint that fails): never to users. */
  private readonly log: (line: string) => void;

  constructor(store: Store, opts: { taxonomy?: Taxonomy; now?: () => Date; refreshMs?: number; activityMs?: number; searchMode?: "memory" | "database"; embedder?: Embedder | undefined; log?: (line: string) => void; matchBuffer?: Partial<Pick<MatchBufferOptions, "batchSize" | "flushMs" | "maxPending">>; learnRebuildMs?: number } = {}) {
    this.learning = new Learning(opts.learnRebuildMs);
    this.searchMode = opts.searchMode ?? "memory";
    this.log = opts.log ?? (() => {});
    this.embeddings = opts.embedder ? new EmbeddingCache(opts.embedder, store) : undefined;
    this.store = store;
    this.taxonomy = opts.taxonomy ?? loadTaxonomy();
    this.now = opts.now ?? (() => new Date());
    // An embedded SQLite file is checked on every request (microseconds); a shared server
    // at most once per REFRESH_MS, and at once when LISTEN/NOTIFY says something changed.
    this.refreshMs = opts.refreshMs ?? (store.kind === "postgres" ? REFRESH_MS : 0);
    this.activityMs = opts.activityMs ?? ACTIVITY_MS;
    this.matchLog = new MatchBuffer(store, { topK: MATCH_TOP_K, onCounts: (c) => this.applyCounts(c), log: this.log, ...opts.matchBuffer });
  }

  /** Writes the searches still buffered; resolves when they are in the store. */
  flush(): Promise<void> {
    return this.matchLog.flush();
  }

  /** Writes what is buffered and waits for background jobs; call before closing the store (serve does on SIGTERM and SIGINT). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.jobs]);
    await this.matchLog.close();
  }

  /** Searches written, dropped (buffer full) and failed batches, for operators. */
  matchLogStats(): Readonly<{ written: number; dropped: number; failedBatches: number }> {
    return this.matchLog.stats;
  }

  /** Follows changes committed by other processes (PostgreSQL); returns the unsubscribe function. */
  async follow(): Promise<() => Promise<void>> {
    if (!this.store.subscribe) return async () => {};
    return this.store.subscribe(() => this.invalidate());
  }

  /**
   * The scored, indexed catalog. It reloads only when artifacts or signals changed; new
   * outcomes re-score just the artifacts they are about; searches change no score. Times
   * matched and retention follow in the background, never awaited by a request.
   */
  async snapshot(): Promise<Snapshot> {
    const wall = Date.now();
    const prev = this.snap;
    if (prev && wall - this.checkedAt < this.refreshMs) return this.background(prev, wall);
    // One reload at a time, shared by concurrent requests; a write after it started (a newer
    // generation) chains a fresh reload behind it, so an older reload never lands last.
    if (this.reloading && this.reloadingGen === this.generation) return this.reloading;
    const gen = this.generation;
    const p: Promise<Snapshot> = (this.reloading ?? Promise.resolve()).catch(() => undefined).then(() => this.reload(Date.now()));
    this.reloading = p;
    this.reloadingGen = gen;
    void p.finally(() => { if (this.reloading === p) this.reloading = undefined; }).catch(() => undefined);
    return p;
  }

  private reloading: Promise<Snapshot> | undefined;
  private reloadingGen = -1;
  private generation = 0;

  /** Something changed in the store: the next snapshot() asks it again. */
  private invalidate(): void {
    this.checkedAt = 0;
    this.generation++;
  }

  private async reload(wall: number): Promise<Snapshot> {
    const prev = this.snap;
    this.checkedAt = wall;
    const act = await this.store.activity();
    if (prev && act.revision - act.outcomeRevision === prev.catalogRevision) {
      if (act.outcomeRevision !== prev.outcomeRevision) {
        await this.applyOutcomeChanges(prev);
        // New outcomes also teach the match graph: the side index follows, the catalog index stays.
        await this.learning.refresh(this.store);
      }
      prev.revision = act.revision;
      return this.background(prev, wall);
    }
    const [artifacts, signals, counts, outcomeRows] = await Promise.all([
      this.store.listArtifacts(), this.store.listSignals(), this.store.matchCounts(), this.store.listOutcomes(),
    ]);
    const asOf = this.now();
    await this.learning.refresh(this.store);
    const bySlug = new Map(artifacts.map((a) => [a.slug, a]));
    const index = prev && this.sameCatalog(prev.artifacts, artifacts) ? prev.index : buildCatalogIndex(artifacts, this.taxonomy);
    const snap: Snapshot = {
      revision: act.revision, catalogRevision: act.revision - act.outcomeRevision, outcomeRevision: act.outcomeRevision,
      artifacts, signals, bySlug, ordinal: new Map(artifacts.map((a, i) => [a.slug, i])), counts: new Map(counts.counts.map((c) => [c.slug, c])),
      basis: scoringBasis(artifacts, signals, asOf), cards: new Map(), outcomes: summarizeOutcomes(outcomeRows, asOf), index,
    };
    this.countsSeq = Math.max(this.countsSeq, counts.seq);
    this.countsAt = wall;
    for (const a of artifacts) this.rescoreOne(snap, a);
    this.snap = snap;
    return this.background(snap, wall);
  }

  /** Re-scores only the artifacts whose outcomes changed since the snapshot's outcome revision. */
  private async applyOutcomeChanges(s: Snapshot): Promise<void> {
    const changed = await this.store.outcomeChanges(s.outcomeRevision);
    for (const slug of changed.slugs) {
      const a = s.bySlug.get(slug);
      if (!a) continue;
      const sum = summarizeOutcomes(await this.store.listOutcomes(slug), s.basis.asOf);
      for (const c of a.capabilities) s.outcomes.capabilities.delete(`${slug}#${c.id}`);
      for (const [k, v] of sum.capabilities) s.outcomes.capabilities.set(k, v);
      const stats = sum.artifacts.get(slug);
      if (stats) s.outcomes.artifacts.set(slug, stats);
      else s.outcomes.artifacts.delete(slug);
      this.rescoreOne(s, a);
    }
    s.outcomeRevision = Math.max(s.outcomeRevision, changed.revision);
  }

  /** One artifact's card from the snapshot's basis and its outcomes, and its search prior. */
  private rescoreOne(s: Snapshot, a: Artifact): void {
    const card = scoreArtifact(s.basis, a, s.outcomes.artifacts.get(a.slug), s.counts.get(a.slug)?.times ?? 0);
    s.cards.set(a.slug, card);
    const i = s.ordinal.get(a.slug);
    if (i === undefined) return;
    const success = s.outcomes.artifacts.get(a.slug)?.mean ?? 0.5;
    s.index.setPrior(i, PRIOR_CAPRANK * (card.capRank / 100) + (1 - PRIOR_CAPRANK) * success);
  }

  /**
   * Schedules, after the current request, the jobs that keep a snapshot current: Times matched
   * of other processes, retention, a new day's scores. No request waits for them.
   */
  private background(s: Snapshot, wall: number): Snapshot {
    // Jobs run after the current request; once close() began, none starts and running ones are awaited.
    const later = (job: () => Promise<void>) => {
      setImmediate(() => {
        if (this.closed) return;
        const running = job().finally(() => this.jobs.delete(running));
        this.jobs.add(running);
      });
    };
    if (wall - this.countsAt >= this.activityMs && !this.countsFollowing) {
      this.countsFollowing = true;
      later(() => this.followCounts());
    }
    if (wall - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = wall;
      later(() => this.prune());
    }
    if (!this.rescoring && this.now().toISOString().slice(0, 10) !== s.basis.asOf.toISOString().slice(0, 10)) {
      this.rescoring = true;
      later(() => this.rescoreDay(s));
    }
    return s;
  }

  /** Other processes' searches: only totals that changed since the last look. */
  private async followCounts(): Promise<void> {
    this.countsAt = Date.now();
    try {
      const r = await this.store.matchCounts(this.countsSeq);
      this.countsSeq = Math.max(this.countsSeq, r.seq);
      this.applyCounts(r.counts);
    } catch (e) {
      this.log(`match log: could not follow Times matched (${(e as Error).message})\n`);
    } finally {
      this.countsFollowing = false;
    }
  }

  /** Totals from the store replace this process's provisional counts. */
  private applyCounts(counts: readonly MatchCount[]): void {
    const s = this.snap;
    if (!s) return;
    for (const c of counts) this.setTimes(s, c.slug, c.times);
  }

  private setTimes(s: Snapshot, slug: string, times: number): void {
    s.counts.set(slug, { slug, times });
    const card = s.cards.get(slug);
    if (card) card.timesMatched = times;
  }

  /** Deletes match rows past their retention (MATCH_RETENTION), PRUNE_BATCH rows at a time, yielding in between. */
  private async prune(): Promise<void> {
    const day = 86_400_000;
    const now = this.now().getTime();
    const rule = {
      matchesBefore: new Date(now - MATCH_RETENTION.matchDays * day).toISOString(),
      clientsBefore: new Date(now - MATCH_RETENTION.clientDays * day).toISOString().slice(0, 10),
      limit: PRUNE_BATCH,
    };
    try {
      while (!this.closed && (await this.store.pruneMatches(rule)) > 0) await new Promise((r) => setImmediate(r));
    } catch (e) {
      this.log(`match log: pruning failed (${(e as Error).message})\n`);
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
      const asOf = this.now();
      const basis = scoringBasis(s.artifacts, s.signals, asOf);
      const outcomes = summarizeOutcomes(await this.store.listOutcomes(), asOf);
      const next: Snapshot = { ...s, basis, outcomes, cards: new Map() };
      for (let i = 0; i < s.artifacts.length; i += RESCORE_CHUNK) {
        for (const a of s.artifacts.slice(i, i + RESCORE_CHUNK)) this.rescoreOne(next, a);
        await new Promise((r) => setImmediate(r));
      }
      if (this.snap === s) {
        Object.assign(s, { basis, outcomes: next.outcomes, cards: next.cards });
        s.outcomeRevision = Math.min(s.outcomeRevision, since);
      }
    } catch (e) {
      this.log(`scores: the daily re-score failed (${(e as Error).message})\n`);
    } finally {
      this.rescoring = false;
    }
  }

  /**
   * Queues a search for the match log and counts it toward Times matched at once: each
   * artifact in the top MATCH_TOP_K counts once per client and day.
   */
  private recordMatch(s: Snapshot, query: string, client: string, results: MatchRecord["results"]): string {
    const at = this.now();
    const rec: MatchRecord = { id: randomUUID(), query, client: clientIdentity(client), at: at.toISOString(), results };
    this.matchLog.add(rec);
    const day = rec.at.slice(0, 10);
    if (this.seenToday.day !== day || this.seenToday.keys.size > SEEN_TODAY_MAX) this.seenToday = { day, keys: new Set() };
    for (const r of results.slice(0, MATCH_TOP_K)) {
      const k = `${r.slug}\u0000${rec.client}`;
      if (this.seenToday.keys.has(k)) continue;
      this.seenToday.keys.add(k);
      this.setTimes(s, r.slug, (s.counts.get(r.slug)?.times ?? 0) + 1);
    }
    return rec.id;
  }

  /** Artifacts in the last snapshot (0 before the first), for log lines. */
  peekCount(): number {
    return this.snap?.artifacts.length ?? 0;
  }

  /** Same artifacts, timestamps and capability ids: the index can be reused as it is. */
  private sameCatalog(a: readonly Artifact[], b: readonly Artifact[]): boolean {
    const ids = (x: Artifact | undefined) => x?.capabilities.map((c) => c.id).join("\u0000");
    return a.length === b.length && a.every((x, i) => x.slug === b[i]?.slug && x.updatedAt === b[i]?.updatedAt && ids(x) === ids(b[i]));
  }

  /** Adds validated manifests atomically; refuses the whole batch if any diagnostic is an error. */
  async add(manifests: readonly ParsedManifest[], diagnostics: readonly Diagnostic[], as?: WriteAs): Promise<UpsertSummary> {
    if (hasErrors(diagnostics)) throw createError("MANIFEST_INVALID", [diagnostics.filter((d) => d.severity === "error").length], diagnostics.map((d) => ({ ...d })));
    // With a writer, ownership, the write and its audit rows are one transaction.
    const r = as ? await this.store.writeManifests(manifests.map((m) => m.manifest), as, this.now()) : await this.store.upsertManifests(manifests.map((m) => m.manifest), this.now());
    this.invalidate();
    return r;
  }

  async card(slug: string): Promise<{ artifact: Artifact; card: ScoreCard; summary: ArtifactSummary }> {
    const s = await this.snapshot();
    const artifact = s.bySlug.get(slug);
    const card = s.cards.get(slug);
    if (!artifact || !card) throw createError("NOT_FOUND", [slug]);
    return { artifact, card, summary: summarize(artifact, card) };
  }

  /** Ranked artifacts for an intent. `client` is who asked (Times matched counts clients). */
  async search(query: string, opts: { limit?: number; filters?: MatchFilters; client?: string } = {}): Promise<SearchResult> {
    const q = query.trim();
    if (q.length > LIMITS.maxQueryLength) throw createError("QUERY_TOO_LONG", [q.length, LIMITS.maxQueryLength]);
    const limit = Math.min(opts.limit ?? LIMITS.defaultResults, LIMITS.maxResults);
    const filters = opts.filters ?? {};
    if (filters.subtree) filters.subtree = this.subtreeUri(filters.subtree);
    const s = await this.snapshot();
    const semantic = q && this.searchMode === "memory" ? await this.semanticOrFallback(s, q) : { sem: undefined, state: "off" as const };
    const { sem } = semantic;
    this.learning.attach(s.index, s.artifacts, this.now());
    const m = !q ? { terms: [], nodes: [], artifacts: [], learned: [] } : this.searchMode === "database" && this.store.searchText ? await this.databaseMatch(s, q, limit, filters) : s.index.search(q, limit, filters, sem);
    const results = m.artifacts.map((hit) => {
      const a = s.artifacts[hit.artifact] as Artifact;
      const capOf = (ordinal: number) => a.capabilities[ordinal - this.firstOrdinal(s, hit.artifact)] as Capability;
      const capabilities = hit.capabilities.map((c): SearchCapability => {
        const cap = capOf(c.ordinal);
        const why = s.index.explain(c.ordinal, m.terms);
        return {
          id: cap.id, uri: cap.uri, name: cap.name, score: round3(c.score), matchedTerms: [...new Set(why.map((w) => w.term))],
          evidence: cap.evidence, description: cap.description, taxonomyLabel: this.taxonomy.get(cap.uri)?.label ?? null, why,
          similarity: sem ? round3(sem[c.ordinal] ?? 0) : null,
        };
      });
      const outcomes = s.outcomes.artifacts.get(a.slug) ?? null;
      return {
        slug: a.slug, name: a.name, kind: a.kind, score: round3(hit.score), relevance: round3(hit.relevance), capRank: s.cards.get(a.slug)?.capRank ?? 0,
        freeTier: a.pricing.freeTier, description: a.description, outcomes, outcomesText: describeOutcomes(outcomes ?? undefined), nameMatched: hit.nameBonus > 0, capabilities,
        learned: learnedNote(s.index, q, m.learned, hit.capabilities),
      };
    });
    const rows = results.map((r) => ({ slug: r.slug, score: r.score, capabilityIds: r.capabilities.map((c) => c.id) }));
    const matchId = this.recordMatch(s, q, opts.client ?? "api", rows);
    return {
      query: q, matchId, results,
      interpretation: { terms: m.terms, taxonomy: m.nodes.map((n) => ({ uri: n.uri, label: this.taxonomy.get(n.uri)?.label ?? n.uri, score: round3(n.score) })), semantic: semantic.state },
      filters,
    };
  }

  /**
   * Similarities for a search. A failing embedder must not take search down with it: the
   * results are lexical only, the response says so, and the reason goes to the log.
   */
  private async semanticOrFallback(s: Snapshot, q: string): Promise<{ sem: Float32Array | undefined; state: "off" | "on" | "unavailable" }> {
    if (!this.embeddings) return { sem: undefined, state: "off" };
    try {
      return { sem: await this.semanticScores(s, q), state: "on" };
    } catch (e) {
      this.semanticFailed(e);
      return { sem: undefined, state: "unavailable" };
    }
  }

  /** Query-to-capability similarities from the embedder, or undefined without one. */
  async semanticScores(s: Snapshot, q: string): Promise<Float32Array | undefined> {
    return (await this.semanticIndex(s))?.scores(q);
  }

  /** Embeds the catalog now, so the first search does not wait for it; a failure is logged, and search stays lexical. */
  async warmSemantic(): Promise<void> {
    try {
      await this.semanticIndex(await this.snapshot());
    } catch (e) {
      this.semanticFailed(e);
    }
  }

  private semanticFailed(e: unknown): void {
    this.log(`semantic component unavailable, lexical results only: ${(e as Error).message}\n`);
  }

  private async semanticIndex(s: Snapshot): Promise<SemanticIndex | undefined> {
    if (!this.embeddings) return undefined;
    if (this.semantic?.index !== s.index) {
      const texts = s.artifacts.flatMap((a) => a.capabilities.map((c) => `${c.name}. ${c.description} ${c.intents.join(". ")}`));
      this.semantic = { index: s.index, sem: await SemanticIndex.build(texts, this.embeddings) };
    }
    return this.semantic.sem;
  }

  /**
   * The in-database search mode: PostgreSQL ranks capabilities (ts_rank, weighted fields),
   * then artifacts aggregate exactly as in memory (best AGGREGATE_DEPTH, decay, prior).
   */
  private async databaseMatch(s: Snapshot, q: string, limit: number, f: MatchFilters): Promise<MatchResult> {
    const hits = (await this.store.searchText?.(q, DATABASE_CANDIDATES)) ?? [];
    const ordinal = new Map(s.artifacts.map((a, i) => [a.slug, i]));
    const per = new Map<number, CapabilityMatch[]>();
    for (const h of hits) {
      const ai = ordinal.get(h.slug);
      const a = ai === undefined ? undefined : s.artifacts[ai];
      const rec = ai === undefined ? undefined : s.index.artifacts[ai];
      if (ai === undefined || !a || !rec || !artifactPasses(rec, f)) continue;
      const ci = a.capabilities.findIndex((c) => c.id === h.capabilityId);
      const cap = a.capabilities[ci];
      if (!cap || (f.subtree && !(cap.uri === f.subtree || cap.uri.startsWith(f.subtree + ".")))) continue;
      const l = per.get(ai) ?? [];
      if (l.length < AGGREGATE_DEPTH) l.push({ ordinal: this.firstOrdinal(s, ai) + ci, score: h.score });
      per.set(ai, l);
    }
    const artifacts: ArtifactMatch[] = [...per].map(([ai, caps]) => {
      const relevance = caps.reduce((sum, c, i) => sum + c.score * AGGREGATE_DECAY ** i, 0);
      return { artifact: ai, relevance, nameBonus: 0, capabilities: caps, score: relevance * (1 + PRIOR_WEIGHT * (s.index.prior(ai) - 0.5)) };
    }).sort((x, y) => y.score - x.score || x.artifact - y.artifact).slice(0, limit);
    return { terms: s.index.expandQuery(q), nodes: [], artifacts, learned: [] };
  }

  /** Ordinal of an artifact's first capability in the index (capabilities are laid out artifact by artifact). */
  private firstOrdinal(s: Snapshot, artifact: number): number {
    let cached = this.offsets.get(s);
    if (!cached) {
      cached = [];
      let n = 0;
      for (const a of s.artifacts) { cached.push(n); n += a.capabilities.length; }
      this.offsets.set(s, cached);
    }
    return cached[artifact] ?? 0;
  }

  private readonly offsets = new WeakMap<Snapshot, number[]>();

  /** Accepts `capability://x.y`, `capability://x.*`, aliases and former URIs. */
  private subtreeUri(raw: string): string {
    const bare = raw.replace(/\.\*$/, "");
    const node = this.taxonomy.resolve(bare);
    if (!node) {
      const hint = this.taxonomy.suggest(bare);
      throw createError("UNKNOWN_CAPABILITY_URI", [raw, hint ? ` (did you mean ${hint}?)` : ""]);
    }
    return node.uri;
  }

  /** Records an outcome for a result of a match; re-sending the same outcome changes nothing. */
  async feedback(input: FeedbackInput): Promise<{ recorded: boolean; matchId: string; slug: string; outcome: string; artifact: { successes: number; failures: number; text: string } }> {
    const match = await this.findMatch(input.matchId);
    if (!match) throw createError("MATCH_NOT_FOUND", [input.matchId]);
    const result = match.results.find((r) => r.slug === input.slug);
    if (!result) throw createError("FEEDBACK_NOT_A_RESULT", [input.slug, input.matchId, match.results.map((r) => r.slug).join(", ") || "none"]);
    const artifact = await this.store.getArtifact(input.slug);
    if (input.capabilityId && !artifact?.capabilities.some((c) => c.id === input.capabilityId)) {
      throw createError("FEEDBACK_UNKNOWN_CAPABILITY", [input.capabilityId, input.slug, input.slug]);
    }
    const r = await this.store.recordOutcome({ matchId: input.matchId, slug: input.slug, capabilityId: input.capabilityId ?? null, outcome: input.outcome, reporter: clientIdentity(input.reporter ?? "anonymous") }, this.now());
    // Re-scores this artifact only (the snapshot sees that just the outcome revision moved).
    this.invalidate();
    const s = await this.snapshot();
    const stats = s.outcomes.artifacts.get(input.slug);
    return { recorded: r.recorded, matchId: input.matchId, slug: input.slug, outcome: input.outcome, artifact: { successes: stats?.countedSuccesses ?? 0, failures: stats?.countedFailures ?? 0, text: describeOutcomes(stats) } };
  }

  /**
   * A recorded search: one still in this process's buffer is written first; one answered by
   * another replica may be a batch away, so it is asked for once more after one flush interval.
   */
  private async findMatch(id: string): Promise<MatchRecord | undefined> {
    if (this.matchLog.holds(id)) await this.matchLog.flush();
    const found = await this.store.getMatch(id);
    if (found) return found;
    await new Promise((r) => setTimeout(r, MATCH_BUFFER.flushMs * 2));
    return this.store.getMatch(id);
  }

  /** "People asked for this": the intents reported as answered by an artifact, most distinct reporters first. */
  async askedFor(slug: string, limit = 5): Promise<LearnedIntentSummary[]> {
    const s = await this.snapshot();
    return this.learning.intentsFor(s.index, s.artifacts, slug, limit, this.now());
  }

  /** Artifacts with capabilities on a taxonomy node or below it; aliases and former URIs accepted. */
  async resolve(uriOrAlias: string, opts: { limit?: number; client?: string; keep?: (r: ResolveResult["results"][number]) => ResolveResult["results"][number] | undefined } = {}): Promise<ResolveResult> {
    const uri = this.subtreeUri(uriOrAlias.trim());
    const node = this.taxonomy.get(uri);
    const s = await this.snapshot();
    const groups = s.index.capabilitiesUnder(uri);
    const EVIDENCE_RANK = { declared: 0.6, documented: 0.8, verified: 1, observed: 1, inferred: 0.4 } as const;
    const results = [...groups].map(([ai, ordinals]) => {
      const a = s.artifacts[ai] as Artifact;
      const first = this.firstOrdinal(s, ai);
      const caps = ordinals.map((o) => a.capabilities[o - first] as Capability);
      const strength = caps.map((c) => EVIDENCE_RANK[c.evidence] * c.confidence).sort((x, y) => y - x).reduce((sum, v, i) => sum + v * 0.35 ** i, 0);
      const capRank = s.cards.get(a.slug)?.capRank ?? 0;
      return { slug: a.slug, name: a.name, kind: a.kind, capRank, score: round3(strength * (0.5 + capRank / 100)), capabilities: caps.map((c) => ({ id: c.id, uri: c.uri, name: c.name, evidence: c.evidence, confidence: c.confidence })) };
    }).sort((x, y) => y.score - x.score || x.slug.localeCompare(y.slug))
      .flatMap((r) => { const k = opts.keep ? opts.keep(r) : r; return k ? [k] : []; })
      .slice(0, Math.min(opts.limit ?? LIMITS.defaultResults, LIMITS.maxResults));
    // Recorded after filtering, so Times matched and feedback cover only what was returned.
    const rows = results.map((r) => ({ slug: r.slug, score: r.score, capabilityIds: r.capabilities.map((c) => c.id) }));
    const matchId = this.recordMatch(s, `resolve:${uri}`, opts.client ?? "api", rows);
    return { uri, label: node?.label ?? uri, description: node?.description ?? "", matchId, results };
  }

  async compare(slugs: readonly string[]): Promise<CompareResult> {
    const distinct = [...new Set(slugs)];
    if (distinct.length < 2 || distinct.length > LIMITS.maxCompare || distinct.length !== slugs.length) throw createError("BAD_COMPARE_SLUGS", [slugs.join(",") || "(none)"]);
    const sides = await Promise.all(distinct.map((slug) => this.card(slug)));
    const alignment = align(sides.map((x) => x.artifact), this.taxonomy);
    const verdict = buildVerdict(sides.map((x) => ({ s: x.summary, card: x.card, capabilities: x.artifact.capabilities })), alignment, this.taxonomy);
    return {
      artifacts: sides.map((x) => ({ ...x.summary, scoreDetails: x.card.scores, capabilities: x.artifact.capabilities.map((c) => this.compareCapability(c)) })),
      alignment, verdict,
    };
  }

  private compareCapability(c: Capability): CompareCapability {
    return {
      id: c.id, uri: c.uri, uriSource: c.uriSource, taxonomyLabel: this.taxonomy.get(c.uri)?.label ?? null, name: c.name, description: c.description,
      unique: c.unique ?? null, vsAlternatives: c.vsAlternatives ?? null, evidence: c.evidence, confidence: c.confidence, sources: c.sources,
    };
  }

  /** One artifact with its score provenance, capabilities and trust: `capgraph show --json` and GET /api/v1/artifacts/:slug. */
  async detail(slug: string) {
    const { artifact, card, summary } = await this.card(slug);
    return { ...summary, owner: ownerView(await this.store.getOwner(slug)), scoreDetails: card.scores, capabilities: artifact.capabilities, gaps: artifact.gaps ?? [], trust: artifact.trust ?? null, createdAt: artifact.createdAt ?? null, updatedAt: artifact.updatedAt ?? null };
  }

  /** The trust passport of one artifact, signed with the deployment's Ed25519 key. */
  async passport(slug: string): Promise<Passport> {
    const { artifact, card, summary } = await this.card(slug);
    const s = await this.snapshot();
    const p = buildPassport(artifact, summary, card, { artifact: s.outcomes.artifacts.get(slug), capability: (id) => s.outcomes.capabilities.get(`${slug}#${id}`) }, this.now(), ownerView(await this.store.getOwner(slug)));
    return (await this.signer()).sign(p);
  }

  private signerPromise: Promise<Signer> | undefined;

  /** The deployment's signing key (created once and shared through the store). */
  signer(): Promise<Signer> {
    this.signerPromise ??= Signer.forStore(this.store);
    return this.signerPromise;
  }

  /**
   * resolve() for agents: accepts a URI, an alias or a free phrase (classified onto the
   * taxonomy), and drops capabilities that do not clear the risk level's bar, saying why.
   */
  async resolveForRisk(input: string, risk: RiskLevel, limit: number, client = "mcp"): Promise<ResolveResult & { risk: RiskLevel; excluded: { slug: string; capabilityId: string; reason: string }[] }> {
    const trimmed = input.trim();
    let uri = this.taxonomy.resolve(trimmed.replace(/\.\*$/, ""))?.uri ?? (trimmed.startsWith("capability://") ? trimmed : undefined);
    if (!uri) {
      const guess = this.taxonomy.classify(trimmed);
      if (guess.confidence < MIN_PHRASE_CONFIDENCE) throw createError("UNKNOWN_CAPABILITY_URI", [trimmed, " and the phrase could not be placed on it with confidence; use a capability:// URI or other words"]);
      uri = guess.uri;
    }
    const s = await this.snapshot();
    const excluded: { slug: string; capabilityId: string; reason: string }[] = [];
    const keep = (x: ResolveResult["results"][number]) => {
      const a = s.bySlug.get(x.slug);
      const caps = x.capabilities.filter((c) => {
        const cap = a?.capabilities.find((y) => y.id === c.id);
        const why = a && cap ? riskCheck(a, cap, risk) : "unknown capability";
        if (why) excluded.push({ slug: x.slug, capabilityId: c.id, reason: why });
        return !why;
      });
      return caps.length ? { ...x, capabilities: caps } : undefined;
    };
    const r = await this.resolve(uri, { limit, client, keep });
    return { ...r, risk, excluded };
  }

  /**
   * Artifacts with filters, sorted by CapRank or recency, in pages. The cursor is opaque
   * (base64url of the last item's sort key and slug), so pages stay stable while scores move little.
   */
  async list(o: { kind?: ArtifactKind | undefined; category?: string | undefined; free?: boolean; sort: "rank" | "recent"; updatedSince?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{ artifacts: ArtifactSummary[]; nextCursor: string | null; total: number }> {
    const s = await this.snapshot();
    const since = o.updatedSince ? Date.parse(o.updatedSince) : undefined;
    const rows = s.artifacts
      .filter((a) => (!o.kind || a.kind === o.kind) && (!o.category || a.categories.includes(o.category)) && (!o.free || a.pricing.freeTier) && (since === undefined || Date.parse(a.updatedAt ?? "") >= since))
      // "rank" follows the published list rule: the lower end of the CapRank range, then CapRank (one number, so cursors stay simple).
      .map((a) => ({ a, key: o.sort === "rank" ? rankKey(s.cards.get(a.slug)) : Date.parse(a.updatedAt ?? "") || 0 }))
      .sort((x, y) => y.key - x.key || x.a.slug.localeCompare(y.a.slug));
    let start = 0;
    if (o.cursor) {
      const c = decodeCursor(o.cursor);
      start = rows.findIndex((r) => r.key < c.key || (r.key === c.key && r.a.slug > c.slug));
      if (start < 0) start = rows.length;
    }
    const page = rows.slice(start, start + o.limit);
    const last = page[page.length - 1];
    const more = start + o.limit < rows.length && last;
    return {
      artifacts: page.map((r) => summarize(r.a, s.cards.get(r.a.slug) as ScoreCard)),
      nextCursor: more ? Buffer.from(JSON.stringify({ k: last.key, s: last.a.slug })).toString("base64url") : null,
      total: rows.length,
    };
  }

  /** Type-ahead suggestions (artifacts, taxonomy nodes); a pure read that records nothing. */
  async suggest(q: string): Promise<Suggestions> {
    const s = await this.snapshot();
    return suggest(q, s.artifacts, (slug) => s.cards.get(slug)?.capRank ?? 0, this.taxonomy);
  }

  /** Top artifacts per kind in the leaderboard order (lower end of the CapRank range, ties as "=N"), for the home page. */
  async leaders(perKind: number): Promise<{ kind: ArtifactKind; items: (ArtifactSummary & Placement)[] }[]> {
    const s = await this.snapshot();
    const byKind = new Map<ArtifactKind, (ArtifactSummary & { lower: number })[]>();
    for (const a of s.artifacts) {
      const card = s.cards.get(a.slug);
      if (!card) continue;
      const l = byKind.get(a.kind) ?? [];
      l.push({ ...summarize(a, card), lower: card.capRank - card.halfWidth });
      byKind.set(a.kind, l);
    }
    return [...byKind].map(([kind, items]) => ({ kind, items: rankByInterval(items).slice(0, perKind).map(({ lower: _lower, ...x }) => x) }))
      .sort((x, y) => (y.items[0]?.capRankInterval[0] ?? 0) - (x.items[0]?.capRankInterval[0] ?? 0) || x.kind.localeCompare(y.kind));
  }

  /** One leaderboard: by kind, by taxonomy node, or the whole catalog, with filters (see src/leaderboards). */
  async leaderboard(opts: { kind?: ArtifactKind | undefined; capability?: string | undefined; filters?: LeaderboardFilters; limit?: number | undefined }): Promise<Leaderboard> {
    const s = await this.snapshot();
    return buildLeaderboard({ artifacts: s.artifacts, cards: s.cards, taxonomy: this.taxonomy }, opts);
  }

  /** Where one artifact stands on its kind's leaderboard and its best capability leaderboards. */
  async standings(slug: string): Promise<Standing[]> {
    const s = await this.snapshot();
    return standingsOf({ artifacts: s.artifacts, cards: s.cards, taxonomy: this.taxonomy }, slug);
  }

  /** Every kind's top entries and the capability leaderboards worth opening. */
  async leaderboardIndex(filters: LeaderboardFilters = {}): Promise<LeaderboardIndex> {
    const s = await this.snapshot();
    return buildLeaderboardIndex({ artifacts: s.artifacts, cards: s.cards, taxonomy: this.taxonomy }, filters);
  }
}

/** Lower end of the CapRank range first, CapRank second, as one sortable number. */
function rankKey(card: ScoreCard | undefined): number {
  return card ? Math.round((card.capRank - card.halfWidth) * 1000) + card.capRank / 1000 : 0;
}

function decodeCursor(c: string): { key: number; slug: string } {
  try {
    const v = JSON.parse(Buffer.from(c, "base64url").toString("utf8")) as { k?: unknown; s?: unknown };
    if (typeof v.k === "number" && typeof v.s === "string") return { key: v.k, slug: v.s };
  } catch { /* fall through */ }
  throw createError("BAD_QUERY_PARAM", ["cursor", "is not a cursor returned by this endpoint; start again without it"]);
}
