import type { Artifact } from "../catalog/schema.js";
import type { OutcomeSummary } from "../outcomes/feedback.js";
import { capRankInterval, scoreArtifact, type RankScore, type ScoreCard, type ScoringBasis } from "../rank/scores.js";
import type { MatchCount } from "../store/store.js";

/**
 * Full cards kept at most (least recently read dropped first). A card is about 3.4 KB, so the
 * cache stays near 14 MB however large the catalog; it covers the artifacts pages keep showing.
 */
export const CARD_CACHE = 4096;

/** What a card is computed from: the snapshot's basis, artifacts, outcomes and Times matched. */
export interface CardSource {
  basis: ScoringBasis;
  bySlug: ReadonlyMap<string, Artifact>;
  /** Position of each artifact in the catalog: the compact table is laid out by it. */
  ordinal: ReadonlyMap<string, number>;
  outcomes: OutcomeSummary;
  counts: ReadonlyMap<string, MatchCount>;
}

/** A lookup of CapRank and range by slug (what leaderboards read of every artifact). */
export interface RankLookup {
  get(slug: string): RankScore | undefined;
}

/**
 * The scores of one snapshot. For every artifact only CapRank and its half-width are kept, in
 * two typed arrays by ordinal (8 bytes an artifact): orderings, the search prior and every
 * whole-catalog pass read those. A full card (sub-scores with their inputs and sources, about
 * 3.4 KB) is built when a request shows it, by the same `scoreArtifact` with the same basis, so
 * it is the card eager scoring gave, and kept in a bounded cache.
 *
 * The source's basis, artifacts and counts are fixed for the table's lifetime: a snapshot that
 * replaces one of them gets a new table (`derive`, or a new one for a full re-score). Outcomes
 * may change in place, provided the artifact is re-scored (`set`) right after.
 */
export class ScoreCards {
  private capRanks: Float32Array;
  private halfWidths: Float32Array;
  private readonly cache = new Map<string, ScoreCard>();
  /** CapRank and range by slug, for inputs that take a lookup (leaderboards). */
  readonly ranks: RankLookup = { get: (slug) => this.rank(slug) };

  private readonly source: CardSource;

  constructor(
    source: CardSource,
    private readonly capacity = CARD_CACHE,
  ) {
    // The references, not the object: a snapshot that later swaps its basis in place (a new day's re-score) swaps its table with it.
    this.source = {
      basis: source.basis,
      bySlug: source.bySlug,
      ordinal: source.ordinal,
      outcomes: source.outcomes,
      counts: source.counts,
    };
    // NaN marks an artifact not scored yet; CapRank and half-width are whole numbers, exact in 32-bit floats.
    this.capRanks = new Float32Array(source.ordinal.size).fill(Number.NaN);
    this.halfWidths = new Float32Array(source.ordinal.size).fill(Number.NaN);
  }

  /** One artifact's card from the source, as eager scoring computed it: every card comes from here. */
  score(a: Artifact): ScoreCard {
    const s = this.source;
    return scoreArtifact(s.basis, a, s.outcomes.artifacts.get(a.slug), s.counts.get(a.slug)?.times ?? 0);
  }

  /** Keeps a freshly computed card's CapRank and range; a cached full card of the artifact is dropped. */
  set(card: ScoreCard): void {
    const i = this.source.ordinal.get(card.slug);
    if (i === undefined) return;
    this.grow(i + 1);
    this.capRanks[i] = card.capRank;
    this.halfWidths[i] = card.halfWidth;
    this.cache.delete(card.slug);
  }

  /** CapRank of a scored artifact; undefined for an unknown slug. */
  capRank(slug: string): number | undefined {
    const i = this.source.ordinal.get(slug);
    const v = i === undefined ? Number.NaN : (this.capRanks[i] ?? Number.NaN);
    return Number.isNaN(v) ? undefined : v;
  }

  /** CapRank, half-width and range of a scored artifact, without building its card. */
  rank(slug: string): RankScore | undefined {
    const i = this.source.ordinal.get(slug);
    if (i === undefined) return undefined;
    const capRank = this.capRanks[i] ?? Number.NaN,
      halfWidth = this.halfWidths[i] ?? Number.NaN;
    if (Number.isNaN(capRank)) return undefined;
    return { capRank, halfWidth, interval: capRankInterval(capRank, halfWidth) };
  }

  /**
   * The full card of one artifact: built on first read, then cached. Read it only for what a
   * request shows (a page's rows, a comparison, search hits); orderings use `rank`.
   */
  get(slug: string): ScoreCard | undefined {
    const hit = this.cache.get(slug);
    if (hit) {
      // Re-inserted so the Map's order is the order of last reads: the first key is the one to drop.
      this.cache.delete(slug);
      this.cache.set(slug, hit);
      return hit;
    }
    const a = this.source.bySlug.get(slug);
    if (!a || this.capRank(slug) === undefined) return undefined;
    const card = this.score(a);
    this.cache.set(slug, card);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return card;
  }

  /** Times matched changed: a cached card shows the new count (one built later reads it from the counts). */
  setTimes(slug: string, times: number): void {
    const card = this.cache.get(slug);
    if (card) card.timesMatched = times;
  }

  /** Full cards held now (at most the capacity). */
  get cached(): number {
    return this.cache.size;
  }

  /**
   * The table of the next snapshot when only some artifacts changed (same peers and priors): the
   * others keep their scores and cached cards; the caller re-scores the changed ones (`set`,
   * which also drops their cached cards).
   */
  derive(source: CardSource): ScoreCards {
    const next = new ScoreCards(source, this.capacity);
    next.capRanks.set(this.capRanks.subarray(0, next.capRanks.length));
    next.halfWidths.set(this.halfWidths.subarray(0, next.halfWidths.length));
    for (const [slug, card] of this.cache) next.cache.set(slug, card);
    return next;
  }

  /** Room for ordinals below `n` (an artifact added after the table was made). */
  private grow(n: number): void {
    if (n <= this.capRanks.length) return;
    const size = Math.max(n, Math.ceil(this.capRanks.length * 1.5));
    const widen = (xs: Float32Array) => {
      const w = new Float32Array(size).fill(Number.NaN);
      w.set(xs);
      return w;
    };
    this.capRanks = widen(this.capRanks);
    this.halfWidths = widen(this.halfWidths);
  }
}
