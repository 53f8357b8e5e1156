import type { ArtifactKind, Capability } from "./catalog/schema.js";
import { loadTaxonomy, type Taxonomy } from "./catalog/taxonomy.js";
import { summarize, type ArtifactSummary } from "./rank/view.js";
import { hasErrors, type Diagnostic } from "./catalog/diagnostics.js";
import { type ParsedManifest } from "./catalog/manifest.js";
import { alternatives, type Alternative } from "./compare/alternatives.js";
import { compareSides, type CompareResult } from "./compare/compare.js";
import { MatchRecorder, type MatchLogOptions } from "./core/matches.js";
import { SnapshotService, type Snapshot } from "./core/snapshot.js";
import { createError } from "./errors.js";
import { buildLeaderboard, buildLeaderboardIndex, standingsOf, type Standing, type Leaderboard, type LeaderboardFilters, type LeaderboardIndex, type Placement } from "./leaderboards/leaderboard.js";
import { leadersByKind, listArtifacts, type ListPage, type ListQuery } from "./leaderboards/list.js";
import { aggregateTextHits, DATABASE_CANDIDATES } from "./match/database.js";
import type { MatchFilters, MatchResult } from "./match/engine.js";
import type { Embedder } from "./match/embedder.js";
import { SemanticSearch } from "./core/semantic.js";
import { Learning } from "./match/learning.js";
import type { LearnedIntentSummary } from "./match/learned.js";
import { interpretation, shapeResults, type SearchResult } from "./match/shape.js";
import { nodeCounts, suggest, type Suggestions } from "./match/suggest.js";
import { clientIdentity, describeOutcomes } from "./outcomes/feedback.js";
import { byResolveScore, resolvedArtifact, type ResolvedArtifact } from "./rank/resolve.js";
import type { ScoreCard } from "./rank/scores.js";
import { buildPassport, riskCheck, type Passport, type RiskLevel } from "./trust/passport.js";
import { Signer } from "./trust/signing.js";
import type { Store, UpsertSummary } from "./store/store.js";
import type { WriteAs } from "./store/write.js";
import { ownerView } from "./owners/owner-view.js";

export type { Snapshot } from "./core/snapshot.js";
export type { MatchedTerm, SearchCapability, SearchResult } from "./match/shape.js";
export type { CompareCapability, CompareResult } from "./compare/compare.js";

import { LIMITS } from "./limits.js";

/** Limits on what one request may ask for (wire/limits.ts adds the rest of the request limits). */
export { LIMITS } from "./limits.js";

/** Below this classification confidence a free phrase is not resolved (it would match noise). */
export const MIN_PHRASE_CONFIDENCE = 0.3;

export interface FeedbackInput { matchId: string; slug: string; capabilityId?: string | undefined; outcome: "success" | "failure"; reporter?: string | undefined }
export interface FeedbackResult { recorded: boolean; matchId: string; slug: string; outcome: string; artifact: { successes: number; failures: number; text: string } }

export interface ResolveResult { uri: string; label: string; description: string; matchId: string; results: ResolvedArtifact[] }
export type RiskResolveResult = ResolveResult & { risk: RiskLevel; excluded: { slug: string; capabilityId: string; reason: string }[] };

/** One catalog entry as pickers and compare paths need it. */
export interface CatalogEntry { slug: string; name: string; kind: ArtifactKind }
export interface CatalogEntries { list: readonly CatalogEntry[]; slugs: ReadonlySet<string> }

/** Everything the artifact page shows, from one snapshot. */
export interface ArtifactView {
  artifact: Snapshot["artifacts"][number]; card: ScoreCard; summary: ArtifactSummary; outcomesText: string; owner: ReturnType<typeof ownerView>;
  alternatives: Alternative[]; standings: Standing[]; askedFor: LearnedIntentSummary[];
}

export interface CapgraphOptions {
  taxonomy?: Taxonomy; now?: () => Date; refreshMs?: number; activityMs?: number; searchMode?: "memory" | "database";
  embedder?: Embedder | undefined; log?: (line: string) => void; matchBuffer?: MatchLogOptions; learnRebuildMs?: number;
}

/**
 * The application core: every surface (pages, JSON API, CLI, MCP) calls these methods,
 * so every number shown anywhere comes from the same computation. It composes the snapshot
 * service (core/snapshot.ts), the match log (core/matches.ts) and the domain operations.
 */
export class Capgraph {
  readonly store: Store;
  readonly taxonomy: Taxonomy;
  private readonly now: () => Date;
  /** `memory` (default): the in-process index; `database`: PostgreSQL full-text (see DATABASE_CANDIDATES). */
  private readonly searchMode: "memory" | "database";
  private readonly snapshots: SnapshotService;
  private readonly matches: MatchRecorder;
  /** What reported outcomes taught: a small side index over learned intents (match/learned.ts). */
  private readonly learning: Learning;
  /** Optional semantic scorer (core/semantic.ts). */
  private readonly semantic: SemanticSearch;
  /** Where operational problems are reported (an embeddings endpoint that fails): never to users. */
  private readonly log: (line: string) => void;
  private signerPromise: Promise<Signer> | undefined;
  private readonly entriesOf = new WeakMap<Snapshot, CatalogEntries>();

  constructor(store: Store, opts: CapgraphOptions = {}) {
    this.store = store;
    this.taxonomy = opts.taxonomy ?? loadTaxonomy();
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? (() => {});
    this.searchMode = opts.searchMode ?? "memory";
    this.learning = new Learning(opts.learnRebuildMs);
    this.semantic = new SemanticSearch(opts.embedder, store, this.log);
    this.snapshots = new SnapshotService(store, { taxonomy: this.taxonomy, now: this.now, learning: this.learning, log: this.log, refreshMs: opts.refreshMs, activityMs: opts.activityMs });
    this.matches = new MatchRecorder(store, this.snapshots, this.now, this.log, opts.matchBuffer);
  }

  /** The scored, indexed catalog (see core/snapshot.ts). */
  snapshot(): Promise<Snapshot> {
    return this.snapshots.get();
  }

  /** Writes the searches still buffered; resolves when they are in the store. */
  flush(): Promise<void> {
    return this.matches.flush();
  }

  /** Writes what is buffered and waits for background jobs; call before closing the store (serve does on SIGTERM and SIGINT). */
  async close(): Promise<void> {
    await this.snapshots.close();
    await this.matches.close();
  }

  /** Searches written, dropped (buffer full) and failed batches, for operators. */
  matchLogStats(): Readonly<{ written: number; dropped: number; failedBatches: number }> {
    return this.matches.stats;
  }

  /** Follows changes committed by other processes (PostgreSQL); returns the unsubscribe function. */
  async follow(): Promise<() => Promise<void>> {
    if (!this.store.subscribe) return async () => {};
    return this.store.subscribe(() => this.snapshots.invalidate());
  }

  /** Artifacts in the last snapshot (0 before the first), for log lines. */
  peekCount(): number {
    return this.snapshots.peek()?.artifacts.length ?? 0;
  }

  /** Adds validated manifests atomically; refuses the whole batch if any diagnostic is an error. */
  async add(manifests: readonly ParsedManifest[], diagnostics: readonly Diagnostic[], as?: WriteAs): Promise<UpsertSummary> {
    if (hasErrors(diagnostics)) throw createError("MANIFEST_INVALID", [diagnostics.filter((d) => d.severity === "error").length], diagnostics.map((d) => ({ ...d })));
    // With a writer, ownership, the write and its audit rows are one transaction.
    const r = as ? await this.store.writeManifests(manifests.map((m) => m.manifest), as, this.now()) : await this.store.upsertManifests(manifests.map((m) => m.manifest), this.now());
    this.snapshots.invalidate();
    return r;
  }

  async card(slug: string): Promise<{ artifact: Snapshot["artifacts"][number]; card: ScoreCard; summary: ArtifactSummary }> {
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
    const semantic = q && this.searchMode === "memory" ? await this.semantic.forQuery(s, q) : { sem: undefined, state: "off" as const };
    this.learning.attach(s.index, s.artifacts, this.now());
    const m = await this.match(s, q, limit, filters, semantic.sem);
    const results = shapeResults({
      query: q, artifacts: s.artifacts, index: s.index, taxonomy: this.taxonomy, match: m, semantic: semantic.sem,
      firstOrdinal: (ai) => this.snapshots.firstOrdinal(s, ai), capRank: (slug) => s.cards.get(slug)?.capRank ?? 0, outcomes: (slug) => s.outcomes.artifacts.get(slug),
    });
    const rows = results.map((r) => ({ slug: r.slug, score: r.score, capabilityIds: r.capabilities.map((c) => c.id) }));
    const matchId = this.matches.record(s, q, opts.client ?? "api", rows);
    return { query: q, matchId, results, interpretation: interpretation(m, this.taxonomy, semantic.state), filters };
  }

  /**
   * Slugs ranked for an intent from the catalog alone (no filters, no learned intents, no match
   * recorded): `capgraph eval` measures the catalog, not the outcomes a database happens to hold.
   */
  async rankedSlugs(query: string, limit = LIMITS.defaultResults): Promise<string[]> {
    const s = await this.snapshot();
    const sem = await this.semanticScores(s, query);
    // Searches of this process keep their learned side index: it is set aside for this one ranking only.
    const learned = s.index.learnedIndex;
    s.index.setLearned(undefined);
    try {
      return s.index.search(query, limit, {}, sem).artifacts.map((a) => s.artifacts[a.artifact]?.slug ?? "");
    } finally {
      s.index.setLearned(learned);
    }
  }

  /** The engine's ranking: in memory, or the database's full-text ranking aggregated the same way. */
  private async match(s: Snapshot, q: string, limit: number, filters: MatchFilters, sem: Float32Array | undefined): Promise<MatchResult> {
    if (!q) return { terms: [], nodes: [], artifacts: [], learned: [] };
    if (this.searchMode === "database" && this.store.searchText) {
      const hits = await this.store.searchText(q, DATABASE_CANDIDATES);
      return aggregateTextHits(hits, { query: q, artifacts: s.artifacts, ordinal: s.ordinal, index: s.index, firstOrdinal: (ai) => this.snapshots.firstOrdinal(s, ai) }, limit, filters);
    }
    return s.index.search(q, limit, filters, sem);
  }

  /** Query-to-capability similarities from the embedder, or undefined without one. */
  semanticScores(s: Snapshot, q: string): Promise<Float32Array | undefined> {
    return this.semantic.scores(s, q);
  }

  /** Embeds the catalog now, so the first search does not wait for it; a failure is logged, and search stays lexical. */
  async warmSemantic(): Promise<void> {
    const s = await this.snapshot().catch(() => undefined);
    if (s) await this.semantic.warm(s);
  }

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

  /** Artifacts in the catalog now. */
  async catalogSize(): Promise<number> {
    return (await this.snapshot()).artifacts.length;
  }

  /** Every artifact's slug, name and kind, by name (pickers, compare paths); computed once per snapshot. */
  async entries(): Promise<CatalogEntries> {
    const s = await this.snapshot();
    let e = this.entriesOf.get(s);
    if (!e) {
      e = { list: s.artifacts.map((a) => ({ slug: a.slug, name: a.name, kind: a.kind })).sort((x, y) => x.name.localeCompare(y.name)), slugs: new Set(s.bySlug.keys()) };
      this.entriesOf.set(s, e);
    }
    return e;
  }

  /** Summaries of the artifacts named (unknown slugs are left out). */
  async summaries(slugs: readonly string[]): Promise<Map<string, ArtifactSummary>> {
    const s = await this.snapshot();
    const out = new Map<string, ArtifactSummary>();
    for (const slug of slugs) {
      const a = s.bySlug.get(slug), card = s.cards.get(slug);
      if (a && card) out.set(slug, summarize(a, card));
    }
    return out;
  }

  /** The artifact page's view: card, outcomes in words, owner, nearest alternatives, standings, learned intents. */
  async artifactView(slug: string): Promise<ArtifactView> {
    const { artifact, card, summary } = await this.card(slug);
    const s = await this.snapshot();
    return {
      artifact, card, summary, outcomesText: describeOutcomes(s.outcomes.artifacts.get(slug)), owner: ownerView(await this.store.getOwner(slug)),
      alternatives: alternatives(artifact, s.artifacts, this.taxonomy, (x) => s.cards.get(x)?.capRank ?? 0),
      standings: await this.standings(slug), askedFor: await this.askedFor(slug),
    };
  }

  /** The worked example on /methodology: the seed comparison's first artifact, else the first one. */
  async methodologyExample(): Promise<{ summary: ArtifactSummary; card: ScoreCard } | undefined> {
    const s = await this.snapshot();
    const first = s.bySlug.get("gpt-5-4-pro") ?? s.artifacts[0];
    const card = first ? s.cards.get(first.slug) : undefined;
    return first && card ? { summary: summarize(first, card), card } : undefined;
  }

  /** Artifacts per taxonomy node (a node counts its subtree). */
  async taxonomyCounts(): Promise<Map<string, number>> {
    return nodeCounts(this.taxonomy.nodes, (await this.snapshot()).artifacts, this.taxonomy);
  }

  /** Records an outcome for a result of a match; re-sending the same outcome changes nothing. */
  async feedback(input: FeedbackInput): Promise<FeedbackResult> {
    const match = await this.matches.find(input.matchId);
    if (!match) throw createError("MATCH_NOT_FOUND", [input.matchId]);
    const result = match.results.find((r) => r.slug === input.slug);
    if (!result) throw createError("FEEDBACK_NOT_A_RESULT", [input.slug, input.matchId, match.results.map((r) => r.slug).join(", ") || "none"]);
    const artifact = await this.store.getArtifact(input.slug);
    if (input.capabilityId && !artifact?.capabilities.some((c) => c.id === input.capabilityId)) {
      throw createError("FEEDBACK_UNKNOWN_CAPABILITY", [input.capabilityId, input.slug, input.slug]);
    }
    const r = await this.store.recordOutcome({ matchId: input.matchId, slug: input.slug, capabilityId: input.capabilityId ?? null, outcome: input.outcome, reporter: clientIdentity(input.reporter ?? "anonymous") }, this.now());
    // Re-scores this artifact only (the snapshot sees that just the outcome revision moved).
    this.snapshots.invalidate();
    const s = await this.snapshot();
    const stats = s.outcomes.artifacts.get(input.slug);
    return { recorded: r.recorded, matchId: input.matchId, slug: input.slug, outcome: input.outcome, artifact: { successes: stats?.countedSuccesses ?? 0, failures: stats?.countedFailures ?? 0, text: describeOutcomes(stats) } };
  }

  /** "People asked for this": the intents reported as answered by an artifact, most distinct reporters first. */
  async askedFor(slug: string, limit = 5): Promise<LearnedIntentSummary[]> {
    const s = await this.snapshot();
    return this.learning.intentsFor(s.index, s.artifacts, slug, limit, this.now());
  }

  /** Artifacts with capabilities on a taxonomy node or below it (rank/resolve.ts); aliases and former URIs accepted. */
  async resolve(uriOrAlias: string, opts: { limit?: number; client?: string; keep?: (r: ResolvedArtifact) => ResolvedArtifact | undefined } = {}): Promise<ResolveResult> {
    const uri = this.subtreeUri(uriOrAlias.trim());
    const node = this.taxonomy.get(uri);
    const s = await this.snapshot();
    const results = [...s.index.capabilitiesUnder(uri)].map(([ai, ordinals]) => {
      const a = s.artifacts[ai] as Snapshot["artifacts"][number];
      const first = this.snapshots.firstOrdinal(s, ai);
      return resolvedArtifact(a, ordinals.map((o) => a.capabilities[o - first] as Capability), s.cards.get(a.slug)?.capRank ?? 0);
    }).sort(byResolveScore)
      .flatMap((r) => { const k = opts.keep ? opts.keep(r) : r; return k ? [k] : []; })
      .slice(0, Math.min(opts.limit ?? LIMITS.defaultResults, LIMITS.maxResults));
    // Recorded after filtering, so Times matched and feedback cover only what was returned.
    const rows = results.map((r) => ({ slug: r.slug, score: r.score, capabilityIds: r.capabilities.map((c) => c.id) }));
    const matchId = this.matches.record(s, `resolve:${uri}`, opts.client ?? "api", rows);
    return { uri, label: node?.label ?? uri, description: node?.description ?? "", matchId, results };
  }

  /**
   * resolve() for agents: accepts a URI, an alias or a free phrase (classified onto the
   * taxonomy), and drops capabilities that do not clear the risk level's bar, saying why.
   */
  async resolveForRisk(input: string, risk: RiskLevel, limit: number, client = "mcp"): Promise<RiskResolveResult> {
    const trimmed = input.trim();
    let uri = this.taxonomy.resolve(trimmed.replace(/\.\*$/, ""))?.uri ?? (trimmed.startsWith("capability://") ? trimmed : undefined);
    if (!uri) {
      const guess = this.taxonomy.classify(trimmed);
      if (guess.confidence < MIN_PHRASE_CONFIDENCE) throw createError("UNKNOWN_CAPABILITY_URI", [trimmed, " and the phrase could not be placed on it with confidence; use a capability:// URI or other words"]);
      uri = guess.uri;
    }
    const s = await this.snapshot();
    const excluded: RiskResolveResult["excluded"] = [];
    const keep = (x: ResolvedArtifact) => {
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

  async compare(slugs: readonly string[]): Promise<CompareResult> {
    const distinct = [...new Set(slugs)];
    if (distinct.length < 2 || distinct.length > LIMITS.maxCompare || distinct.length !== slugs.length) throw createError("BAD_COMPARE_SLUGS", [slugs.join(",") || "(none)"]);
    return compareSides(await Promise.all(distinct.map((slug) => this.card(slug))), this.taxonomy);
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

  /** The deployment's signing key (created once and shared through the store). */
  signer(): Promise<Signer> {
    this.signerPromise ??= Signer.forStore(this.store);
    return this.signerPromise;
  }

  /** Artifacts with filters, sorted by CapRank or recency, in pages (leaderboards/list.ts). */
  async list(o: ListQuery): Promise<ListPage> {
    return listArtifacts(await this.snapshot(), o);
  }

  /** Type-ahead suggestions (artifacts, taxonomy nodes); a pure read that records nothing. */
  async suggest(q: string): Promise<Suggestions> {
    const s = await this.snapshot();
    return suggest(q, s.artifacts, (slug) => s.cards.get(slug)?.capRank ?? 0, this.taxonomy);
  }

  /** Top artifacts per kind in the leaderboard order, for the home page. */
  async leaders(perKind: number): Promise<{ kind: ArtifactKind; items: (ArtifactSummary & Placement)[] }[]> {
    return leadersByKind(await this.snapshot(), perKind);
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
