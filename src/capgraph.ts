import type { ArtifactKind } from "./catalog/schema.js";
import { loadTaxonomy, type Taxonomy } from "./catalog/taxonomy.js";
import { summarize, type ArtifactSummary } from "./rank/view.js";
import { hasErrors, type Diagnostic } from "./catalog/diagnostics.js";
import { type ParsedManifest } from "./catalog/manifest.js";
import { alternatives, type Alternative } from "./compare/alternatives.js";
import { compareSides, type CompareResult } from "./compare/compare.js";
import { MatchRecorder, type MatchLogOptions } from "./core/matches.js";
import { SnapshotService, type Snapshot } from "./core/snapshot.js";
import { createError } from "./errors.js";
import {
  buildLeaderboard,
  buildLeaderboardIndex,
  standingsOf,
  type Standing,
  type Leaderboard,
  type LeaderboardFilters,
  type LeaderboardIndex,
  type Placement,
} from "./leaderboards/leaderboard.js";
import { leadersByKind, listArtifacts, type ListPage, type ListQuery } from "./leaderboards/list.js";
import type { MatchFilters } from "./match/engine.js";
import type { Embedder } from "./match/embedder.js";
import { SemanticSearch } from "./core/semantic.js";
import { Learning } from "./match/learning.js";
import type { LearnedIntentSummary } from "./match/learned.js";
import type { SearchResult } from "./match/shape.js";
import { nodeCounts, suggest, type Suggestions } from "./match/suggest.js";
import { describeOutcomes } from "./outcomes/feedback.js";
import type { ResolvedArtifact } from "./rank/resolve.js";
import type { ScoreCard } from "./rank/scores.js";
import { buildPassport, type Passport, type RiskLevel } from "./trust/passport.js";
import { Signer } from "./trust/signing.js";
import type { Store, UpsertSummary } from "./store/store.js";
import type { WriteAs } from "./store/write.js";
import { ownerView } from "./owners/owner-view.js";
import type { CoreParts } from "./core/parts.js";
import { rankedSlugs, search } from "./core/search.js";
import { resolve, resolveForRisk, type ResolveResult, type RiskResolveResult } from "./core/resolve.js";
import { feedback, type FeedbackInput, type FeedbackResult } from "./core/feedback.js";
import { entries, methodologyExample, summaries, type CatalogEntries } from "./core/views.js";

export type { Snapshot } from "./core/snapshot.js";
export type { MatchedTerm, SearchCapability, SearchResult } from "./match/shape.js";
export type { CompareCapability, CompareResult } from "./compare/compare.js";

import { LIMITS } from "./limits.js";

/** Limits on what one request may ask for (wire/limits.ts adds the rest of the request limits). */
export { LIMITS } from "./limits.js";

export { MIN_PHRASE_CONFIDENCE, type ResolveResult, type RiskResolveResult } from "./core/resolve.js";
export type { FeedbackInput, FeedbackResult } from "./core/feedback.js";

export type { CatalogEntries, CatalogEntry } from "./core/views.js";

/** Everything the artifact page shows, from one snapshot. */
export interface ArtifactView {
  artifact: Snapshot["artifacts"][number];
  card: ScoreCard;
  summary: ArtifactSummary;
  outcomesText: string;
  owner: ReturnType<typeof ownerView>;
  alternatives: Alternative[];
  standings: Standing[];
  askedFor: LearnedIntentSummary[];
}

export interface CapgraphOptions {
  taxonomy?: Taxonomy;
  now?: () => Date;
  refreshMs?: number;
  activityMs?: number;
  searchMode?: "memory" | "database";
  embedder?: Embedder | undefined;
  log?: (line: string) => void;
  matchBuffer?: MatchLogOptions;
  learnRebuildMs?: number;
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
  private readonly snapshots: SnapshotService;
  private readonly matches: MatchRecorder;
  /** What reported outcomes taught: a small side index over learned intents (match/learned.ts). */
  private readonly learning: Learning;
  /** Optional semantic scorer (core/semantic.ts). */
  private readonly semantic: SemanticSearch;
  /** Where operational problems are reported (an embeddings endpoint that fails): never to users. */
  private readonly log: (line: string) => void;
  /** The services above, as the operations in core/ take them. */
  private readonly parts: CoreParts;
  private signerPromise: Promise<Signer> | undefined;

  constructor(store: Store, opts: CapgraphOptions = {}) {
    this.store = store;
    this.taxonomy = opts.taxonomy ?? loadTaxonomy();
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? (() => {});
    this.learning = new Learning(opts.learnRebuildMs);
    this.semantic = new SemanticSearch(opts.embedder, store, this.log);
    this.snapshots = new SnapshotService(store, {
      taxonomy: this.taxonomy,
      now: this.now,
      learning: this.learning,
      log: this.log,
      refreshMs: opts.refreshMs,
      activityMs: opts.activityMs,
    });
    this.matches = new MatchRecorder(store, this.snapshots, this.now, this.log, opts.matchBuffer);
    const searchMode = opts.searchMode ?? "memory";
    this.parts = {
      store,
      taxonomy: this.taxonomy,
      now: this.now,
      searchMode,
      snapshots: this.snapshots,
      matches: this.matches,
      learning: this.learning,
      semantic: this.semantic,
    };
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
  async add(
    manifests: readonly ParsedManifest[],
    diagnostics: readonly Diagnostic[],
    as?: WriteAs,
  ): Promise<UpsertSummary> {
    if (hasErrors(diagnostics))
      throw createError(
        "MANIFEST_INVALID",
        [diagnostics.filter((d) => d.severity === "error").length],
        diagnostics.map((d) => ({ ...d })),
      );
    // With a writer, ownership, the write and its audit rows are one transaction.
    const r = as
      ? await this.store.writeManifests(
          manifests.map((m) => m.manifest),
          as,
          this.now(),
        )
      : await this.store.upsertManifests(
          manifests.map((m) => m.manifest),
          this.now(),
        );
    this.snapshots.invalidate();
    return r;
  }

  async card(
    slug: string,
  ): Promise<{ artifact: Snapshot["artifacts"][number]; card: ScoreCard; summary: ArtifactSummary }> {
    const s = await this.snapshot();
    const artifact = s.bySlug.get(slug);
    const card = s.cards.get(slug);
    if (!artifact || !card) throw createError("NOT_FOUND", [slug]);
    return { artifact, card, summary: summarize(artifact, card) };
  }

  /** Ranked artifacts for an intent (core/search.ts). `client` is who asked (Times matched counts clients). */
  search(query: string, opts: { limit?: number; filters?: MatchFilters; client?: string } = {}): Promise<SearchResult> {
    return search(this.parts, query, opts);
  }

  /** Slugs ranked for an intent from the catalog alone, for `capgraph eval` (core/search.ts). */
  rankedSlugs(query: string, limit = LIMITS.defaultResults): Promise<string[]> {
    return rankedSlugs(this.parts, query, limit);
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

  /** Artifacts in the catalog now. */
  async catalogSize(): Promise<number> {
    return (await this.snapshot()).artifacts.length;
  }

  /** Every artifact's slug, name and kind, by name (pickers, compare paths); computed once per snapshot (core/views.ts). */
  async entries(): Promise<CatalogEntries> {
    return entries(await this.snapshot());
  }

  /** Summaries of the artifacts named (unknown slugs are left out). */
  async summaries(slugs: readonly string[]): Promise<Map<string, ArtifactSummary>> {
    return summaries(await this.snapshot(), slugs);
  }

  /** The artifact page's view: card, outcomes in words, owner, nearest alternatives, standings, learned intents. */
  async artifactView(slug: string): Promise<ArtifactView> {
    const { artifact, card, summary } = await this.card(slug);
    const s = await this.snapshot();
    return {
      artifact,
      card,
      summary,
      outcomesText: describeOutcomes(s.outcomes.artifacts.get(slug)),
      owner: ownerView(await this.store.getOwner(slug)),
      alternatives: alternatives(artifact, s.artifacts, this.taxonomy, (x) => s.cards.capRank(x) ?? 0),
      standings: await this.standings(slug),
      askedFor: await this.askedFor(slug),
    };
  }

  /** The worked example on /methodology (core/views.ts). */
  async methodologyExample(): Promise<{ summary: ArtifactSummary; card: ScoreCard } | undefined> {
    return methodologyExample(await this.snapshot());
  }

  /** Artifacts per taxonomy node (a node counts its subtree). */
  async taxonomyCounts(): Promise<Map<string, number>> {
    return nodeCounts(this.taxonomy.nodes, (await this.snapshot()).artifacts, this.taxonomy);
  }

  /** Records an outcome for a result of a match (core/feedback.ts); re-sending the same outcome changes nothing. */
  feedback(input: FeedbackInput): Promise<FeedbackResult> {
    return feedback(this.parts, input);
  }

  /** "People asked for this": the intents reported as answered by an artifact, most distinct reporters first. */
  async askedFor(slug: string, limit = 5): Promise<LearnedIntentSummary[]> {
    const s = await this.snapshot();
    return this.learning.intentsFor(s.index, s.artifacts, slug, limit, this.now());
  }

  /** Artifacts with capabilities on a taxonomy node or below it (core/resolve.ts); aliases and former URIs accepted. */
  resolve(
    uriOrAlias: string,
    opts: { limit?: number; client?: string; keep?: (r: ResolvedArtifact) => ResolvedArtifact | undefined } = {},
  ): Promise<ResolveResult> {
    return resolve(this.parts, uriOrAlias, opts);
  }

  /** resolve() for agents: a URI, an alias or a free phrase, keeping only what clears the risk level's bar (core/resolve.ts). */
  resolveForRisk(input: string, risk: RiskLevel, limit: number, client = "mcp"): Promise<RiskResolveResult> {
    return resolveForRisk(this.parts, input, risk, limit, client);
  }

  async compare(slugs: readonly string[]): Promise<CompareResult> {
    const distinct = [...new Set(slugs)];
    if (distinct.length < 2 || distinct.length > LIMITS.maxCompare || distinct.length !== slugs.length)
      throw createError("BAD_COMPARE_SLUGS", [slugs.join(",") || "(none)"]);
    return compareSides(await Promise.all(distinct.map((slug) => this.card(slug))), this.taxonomy);
  }

  /** One artifact with its score provenance, capabilities and trust: `capgraph show --json` and GET /api/v1/artifacts/:slug. */
  async detail(slug: string) {
    const { artifact, card, summary } = await this.card(slug);
    return {
      ...summary,
      owner: ownerView(await this.store.getOwner(slug)),
      scoreDetails: card.scores,
      capabilities: artifact.capabilities,
      gaps: artifact.gaps ?? [],
      trust: artifact.trust ?? null,
      createdAt: artifact.createdAt ?? null,
      updatedAt: artifact.updatedAt ?? null,
    };
  }

  /** The trust passport of one artifact, signed with the deployment's Ed25519 key. */
  async passport(slug: string): Promise<Passport> {
    const { artifact, card, summary } = await this.card(slug);
    const s = await this.snapshot();
    const p = buildPassport(
      artifact,
      summary,
      card,
      { artifact: s.outcomes.artifacts.get(slug), capability: (id) => s.outcomes.capabilities.get(`${slug}#${id}`) },
      this.now(),
      ownerView(await this.store.getOwner(slug)),
    );
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
    return suggest(q, s.artifacts, (slug) => s.cards.capRank(slug) ?? 0, this.taxonomy);
  }

  /** Top artifacts per kind in the leaderboard order, for the home page. */
  async leaders(perKind: number): Promise<{ kind: ArtifactKind; items: (ArtifactSummary & Placement)[] }[]> {
    return leadersByKind(await this.snapshot(), perKind);
  }

  /** One leaderboard: by kind, by taxonomy node, or the whole catalog, with filters (see src/leaderboards). */
  async leaderboard(opts: {
    kind?: ArtifactKind | undefined;
    capability?: string | undefined;
    filters?: LeaderboardFilters;
    limit?: number | undefined;
  }): Promise<Leaderboard> {
    const s = await this.snapshot();
    return buildLeaderboard({ artifacts: s.artifacts, cards: s.cards.ranks, taxonomy: this.taxonomy }, opts);
  }

  /** Where one artifact stands on its kind's leaderboard and its best capability leaderboards. */
  async standings(slug: string): Promise<Standing[]> {
    const s = await this.snapshot();
    return standingsOf({ artifacts: s.artifacts, cards: s.cards.ranks, taxonomy: this.taxonomy }, slug);
  }

  /** Every kind's top entries and the capability leaderboards worth opening. */
  async leaderboardIndex(filters: LeaderboardFilters = {}): Promise<LeaderboardIndex> {
    const s = await this.snapshot();
    return buildLeaderboardIndex({ artifacts: s.artifacts, cards: s.cards.ranks, taxonomy: this.taxonomy }, filters);
  }
}
