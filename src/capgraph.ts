import type { Artifact, ArtifactKind, Capability } from "./catalog/schema.js";
import { loadTaxonomy, type Taxonomy } from "./catalog/taxonomy.js";
import { summarize, type ArtifactSummary } from "./catalog/view.js";
import { hasErrors, type Diagnostic, type ParsedManifest } from "./catalog/manifest.js";
import { align, type Alignment } from "./compare/align.js";
import { buildVerdict, type Verdict } from "./compare/verdict.js";
import { createError } from "./errors.js";
import { SearchIndex, type SearchFilters } from "./match/search.js";
import { MATCH_TOP_K } from "./rank/methodology.js";
import { scoreCatalog, type ScoreCard } from "./rank/scores.js";
import type { Store, UpsertSummary } from "./store/store.js";

/** Limits on what one request may ask for. */
export const LIMITS = { maxQueryLength: 500, maxResults: 50, defaultResults: 10, maxCompare: 6 } as const;

export interface Snapshot {
  revision: number;
  artifacts: Artifact[];
  bySlug: Map<string, Artifact>;
  cards: Map<string, ScoreCard>;
  index: SearchIndex;
}

export interface SearchResult {
  query: string;
  matchId: string;
  results: {
    slug: string; name: string; kind: ArtifactKind; score: number; capRank: number; freeTier: boolean; description: string;
    capabilities: { id: string; uri: string; name: string; score: number; matchedTerms: string[]; evidence: string; description: string }[];
  }[];
}

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

  constructor(store: Store, opts: { taxonomy?: Taxonomy; now?: () => Date } = {}) {
    this.store = store;
    this.taxonomy = opts.taxonomy ?? loadTaxonomy();
    this.now = opts.now ?? (() => new Date());
  }

  /** The scored, indexed catalog, rebuilt only when the store's revision changed. */
  async snapshot(): Promise<Snapshot> {
    const revision = await this.store.revision();
    if (this.snap && this.snap.revision === revision) return this.snap;
    const [artifacts, signals, counts] = await Promise.all([this.store.listArtifacts(), this.store.listSignals(), this.store.matchCounts(MATCH_TOP_K)]);
    const cards = scoreCatalog({ artifacts, signals, matchCounts: counts, asOf: this.now() });
    const index = this.snap && this.sameCatalog(this.snap.artifacts, artifacts) ? this.snap.index : new SearchIndex(artifacts, this.taxonomy);
    this.snap = { revision, artifacts, bySlug: new Map(artifacts.map((a) => [a.slug, a])), cards, index };
    return this.snap;
  }

  /** Artifacts in the last snapshot (0 before the first), for log lines. */
  peekCount(): number {
    return this.snap?.artifacts.length ?? 0;
  }

  private sameCatalog(a: readonly Artifact[], b: readonly Artifact[]): boolean {
    return a.length === b.length && a.every((x, i) => x.slug === b[i]?.slug && x.updatedAt === b[i]?.updatedAt);
  }

  /** Adds validated manifests atomically; refuses the whole batch if any diagnostic is an error. */
  async add(manifests: readonly ParsedManifest[], diagnostics: readonly Diagnostic[]): Promise<UpsertSummary> {
    if (hasErrors(diagnostics)) throw createError("MANIFEST_INVALID", [diagnostics.filter((d) => d.severity === "error").length], diagnostics.map((d) => ({ ...d })));
    return this.store.upsertManifests(manifests.map((m) => m.manifest), this.now());
  }

  async card(slug: string): Promise<{ artifact: Artifact; card: ScoreCard; summary: ArtifactSummary }> {
    const s = await this.snapshot();
    const artifact = s.bySlug.get(slug);
    const card = s.cards.get(slug);
    if (!artifact || !card) throw createError("NOT_FOUND", [slug]);
    return { artifact, card, summary: summarize(artifact, card) };
  }

  async search(query: string, opts: { limit?: number; filters?: SearchFilters; client?: string } = {}): Promise<SearchResult> {
    const q = query.trim();
    if (q.length > LIMITS.maxQueryLength) throw createError("QUERY_TOO_LONG", [q.length, LIMITS.maxQueryLength]);
    const limit = Math.min(opts.limit ?? LIMITS.defaultResults, LIMITS.maxResults);
    const s = await this.snapshot();
    const hits = q ? s.index.search(q, { limit, ...(opts.filters ? { filters: opts.filters } : {}), capRank: (slug) => s.cards.get(slug)?.capRank ?? 0 }) : [];
    const rec = await this.store.recordMatch({ query: q, client: opts.client ?? "api", results: hits.map((h) => ({ slug: h.artifact.slug, score: h.score, capabilityIds: h.capabilities.map((c) => c.id) })) }, this.now());
    return {
      query: q, matchId: rec.id,
      results: hits.map((h) => ({
        slug: h.artifact.slug, name: h.artifact.name, kind: h.artifact.kind, score: h.score, capRank: s.cards.get(h.artifact.slug)?.capRank ?? 0,
        freeTier: h.artifact.pricing.freeTier, description: h.artifact.description,
        capabilities: h.capabilities.map((c) => {
          const cap = h.artifact.capabilities.find((x) => x.id === c.id);
          return { ...c, evidence: cap?.evidence ?? "declared", description: cap?.description ?? "" };
        }),
      })),
    };
  }

  async compare(slugs: readonly string[]): Promise<CompareResult> {
    const distinct = [...new Set(slugs)];
    if (distinct.length < 2 || distinct.length > LIMITS.maxCompare || distinct.length !== slugs.length) throw createError("BAD_COMPARE_SLUGS", [slugs.join(",") || "(none)"]);
    const sides = await Promise.all(distinct.map((slug) => this.card(slug)));
    const alignment = align(sides.map((x) => x.artifact), this.taxonomy);
    const verdict = buildVerdict(sides.map((x) => ({ s: x.summary, card: x.card })), alignment);
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

  /** Top artifacts per kind by CapRank, for the home page and leaderboards. */
  async leaders(perKind: number): Promise<{ kind: ArtifactKind; items: ArtifactSummary[] }[]> {
    const s = await this.snapshot();
    const byKind = new Map<ArtifactKind, ArtifactSummary[]>();
    for (const a of s.artifacts) {
      const card = s.cards.get(a.slug);
      if (!card) continue;
      const l = byKind.get(a.kind) ?? [];
      l.push(summarize(a, card));
      byKind.set(a.kind, l);
    }
    return [...byKind].map(([kind, items]) => ({ kind, items: items.sort((x, y) => y.capRank - x.capRank || x.name.localeCompare(y.name)).slice(0, perKind) }))
      .sort((x, y) => (y.items[0]?.capRank ?? 0) - (x.items[0]?.capRank ?? 0));
  }
}
