import type { Artifact } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { buildCatalogIndex, catalogIndexSteps } from "./catalog-index.js";
import { runSteps, type Steps } from "./steps.js";
import type {
  ArtifactMatch,
  IndexArtifact,
  MatchFilters,
  MatchIndex,
  MatchParams,
  MatchResult,
  QueryContext,
  QueryTerm,
  TermMatch,
} from "./engine.js";
import type { LearnedHit, LearnedIndex } from "./learned.js";
import { BASE, DEAD, DELTA, firstOrdinals, slotFirsts, type Layout } from "./segment-layout.js";

/**
 * Capabilities in the delta segment past which the snapshot folds it into a new base (a full
 * build, in the background). Every change rebuilds the delta: about 10 ms plus 40 µs per delta
 * capability at 100k (55 ms at 1,000, 90 ms at 2,000, 220 ms at 5,000), so 2,000 keeps a change
 * under ~0.1 s. Range: 100 … 20,000.
 */
export const MERGE_DELTA_CAPS = 2000;
/** Quiet time (no catalog change) after which a non-empty delta is folded in anyway. Range: 1 s … 1 h. */
export const MERGE_QUIET_MS = 60_000;

/** What every surface calls on the catalog's index: a plain MatchIndex or a segmented one. */
export interface SearchIndex {
  readonly params: Readonly<MatchParams>;
  readonly artifacts: readonly IndexArtifact[];
  readonly size: number;
  readonly learnedIndex: LearnedIndex | undefined;
  /**
   * Stays the same object while every (slug, capability id) keeps its capability ordinal, so a side
   * index keyed by them (the learned intents) stays valid across generations; absent: the index itself.
   */
  readonly layout?: object;
  search(query: string, limit: number, filters?: MatchFilters, semantic?: Float32Array): MatchResult;
  expandQuery(query: string): QueryTerm[];
  explain(ordinal: number, terms: readonly QueryTerm[]): TermMatch[];
  capabilitiesUnder(uri: string): Map<number, number[]>;
  prior(artifact: number): number;
  setPrior(artifact: number, value: number): void;
  setLearned(learned: LearnedIndex | undefined): void;
}

/**
 * The catalog's index as an immutable base plus a small delta segment (match/DESIGN.md,
 * "Incremental updates"): artifacts upserted since the base was built are indexed in the delta,
 * scored with the base's statistics, and their old versions (and removed artifacts) are masked
 * out of the base. Ordinals ("slots") are the base's artifacts in base order, a replaced one's
 * slot taken by its new version, then new artifacts in order of arrival; capability ordinals are
 * laid out slot by slot. Each apply() returns a new generation; the base is shared.
 */
export class SegmentedIndex implements SearchIndex {
  private learned: LearnedIndex | undefined;
  private view: IndexArtifact[] | undefined;

  private constructor(
    readonly base: MatchIndex,
    private readonly baseFirst: Uint32Array,
    private readonly baseOrdinal: ReadonlyMap<string, number>,
    readonly delta: MatchIndex | undefined,
    private readonly deltaFirst: Uint32Array,
    private readonly deltaArtifacts: readonly Artifact[],
    private readonly L: Layout,
    /** The artifact in each slot (undefined: removed). */
    private readonly catalog: readonly (Artifact | undefined)[],
    readonly layout: object,
  ) {}

  /** A generation with no delta over a base freshly built from `artifacts`. */
  static of(base: MatchIndex, artifacts: readonly Artifact[]): SegmentedIndex {
    const n = base.artifacts.length;
    const slotOf = new Map(base.artifacts.map((a, i) => [a.slug, i]));
    const first = firstOrdinals(base);
    const layout: Layout = {
      live: undefined,
      seg: new Uint8Array(n),
      ord: Uint32Array.from({ length: n }, (_, i) => i),
      first,
      slotOf,
      deltaSlot: new Uint32Array(0),
    };
    return new SegmentedIndex(base, first, slotOf, undefined, new Uint32Array(1), [], layout, artifacts, {});
  }

  static build(artifacts: readonly Artifact[], taxonomy: Taxonomy, params: Partial<MatchParams> = {}): SegmentedIndex {
    return runSteps(SegmentedIndex.steps(artifacts, taxonomy, params));
  }

  /** The build as steps (match/steps.ts): a serving process runs them in slices (runSliced), with the same result. */
  static *steps(
    artifacts: readonly Artifact[],
    taxonomy: Taxonomy,
    params: Partial<MatchParams>,
  ): Steps<SegmentedIndex> {
    const base = yield* catalogIndexSteps(artifacts, taxonomy, params);
    yield;
    return SegmentedIndex.of(base, artifacts);
  }

  get params(): Readonly<MatchParams> {
    return this.base.params;
  }
  get size(): number {
    return this.L.first[this.L.seg.length] as number;
  }
  get slots(): number {
    return this.L.seg.length;
  }
  /** Capabilities in the delta segment (what a merge would fold in). */
  get deltaSize(): number {
    return this.delta?.size ?? 0;
  }
  get learnedIndex(): LearnedIndex | undefined {
    return this.learned;
  }
  setLearned(learned: LearnedIndex | undefined): void {
    this.learned = learned;
  }

  /** The slot of an artifact (also of a removed one), or undefined. */
  slotOf(slug: string): number | undefined {
    return this.L.slotOf.get(slug);
  }

  /**
   * The next generation: `upserts` (new or changed artifacts) go into a rebuilt delta scored with
   * the base's statistics, their old versions and `removed` slugs are masked out of the base.
   * Costs a delta build plus O(slots) copying; the base is not touched.
   */
  apply(upserts: readonly Artifact[], removed: readonly string[], taxonomy: Taxonomy): SegmentedIndex {
    const L = this.L;
    const inDelta = new Map(this.deltaArtifacts.map((a) => [a.slug, a]));
    const slotOf = new Map(L.slotOf);
    let slots = L.seg.length;
    for (const a of upserts) {
      inDelta.set(a.slug, a);
      if (!slotOf.has(a.slug)) slotOf.set(a.slug, slots++);
    }
    for (const slug of removed) inDelta.delete(slug);
    const live = L.live ? L.live.slice() : new Uint8Array(this.base.artifacts.length).fill(1);
    for (const slug of [...upserts.map((a) => a.slug), ...removed]) {
      const b = this.baseOrdinal.get(slug);
      if (b !== undefined) live[b] = 0;
    }
    const deltaArtifacts = [...inDelta.values()].sort(
      (x, y) => (slotOf.get(x.slug) as number) - (slotOf.get(y.slug) as number),
    );
    const delta = deltaArtifacts.length
      ? buildCatalogIndex(deltaArtifacts, taxonomy, this.base.params, this.base)
      : undefined;
    const seg = new Uint8Array(slots),
      ord = new Uint32Array(slots);
    seg.set(L.seg);
    ord.set(L.ord);
    for (const slug of removed) {
      const s = slotOf.get(slug);
      if (s !== undefined) seg[s] = DEAD;
    }
    const deltaSlot = new Uint32Array(deltaArtifacts.length);
    deltaArtifacts.forEach((a, i) => {
      const s = slotOf.get(a.slug) as number;
      // A changed artifact keeps its prior until it is re-scored.
      if (delta && s < L.seg.length) delta.setPrior(i, this.prior(s));
      seg[s] = DELTA;
      ord[s] = i;
      deltaSlot[i] = s;
    });
    const deltaFirst = delta ? firstOrdinals(delta) : new Uint32Array(1);
    const first = slotFirsts(seg, ord, this.baseFirst, deltaFirst);
    const catalog = this.catalog.slice();
    for (const a of upserts) catalog[slotOf.get(a.slug) as number] = a;
    for (const slug of removed) {
      const s = slotOf.get(slug);
      if (s !== undefined) catalog[s] = undefined;
    }
    const layout = this.keepsOrdinals(upserts, removed) ? this.layout : {};
    const next = new SegmentedIndex(
      this.base,
      this.baseFirst,
      this.baseOrdinal,
      delta,
      deltaFirst,
      deltaArtifacts,
      { live, seg, ord, first, slotOf, deltaSlot },
      catalog,
      layout,
    );
    next.learned = this.learned;
    return next;
  }

  /** Whether every existing (slug, capability id) keeps its ordinal: changed artifacts keep their capability ids, new ones only append, none is removed. */
  private keepsOrdinals(upserts: readonly Artifact[], removed: readonly string[]): boolean {
    const ids = (a: Artifact) => a.capabilities.map((c) => c.id).join("\u0000");
    const old = (slug: string) => {
      const s = this.L.slotOf.get(slug);
      return s === undefined ? undefined : { slot: s, a: this.catalog[s] };
    };
    return (
      removed.every((slug) => !old(slug)?.a?.capabilities.length) &&
      upserts.every((a) => {
        const o = old(a.slug);
        return !o || (o.a !== undefined && ids(o.a) === ids(a));
      })
    );
  }

  /**
   * The changes this generation holds over `older`, an earlier generation of the same base (undefined
   * for another base): what a base built from `older`'s catalog must apply to equal this one. Upserts
   * come in slot order, so applying them appends new artifacts in this generation's slots.
   */
  changesSince(older: SegmentedIndex): { upserts: Artifact[]; removed: string[] } | undefined {
    if (older.base !== this.base) return undefined;
    const before = new Map(older.deltaArtifacts.map((a) => [a.slug, a]));
    const upserts = this.deltaArtifacts.filter((a) => before.get(a.slug) !== a);
    const removed: string[] = [];
    for (const [slug, s] of this.L.slotOf) {
      if (this.L.seg[s] !== DEAD || older.L.seg[s] === DEAD) continue;
      // Added and removed since: a slot a rebuild of `older`'s catalog would not have.
      if (s >= older.slots) return undefined;
      removed.push(slug);
    }
    return { upserts, removed };
  }

  /** Top `limit` over both segments: each segment's exact top k (the base's masked), merged by score, then slug. */
  search(query: string, limit: number, filters: MatchFilters = {}, semantic?: Float32Array): MatchResult {
    const reader = this.delta ?? this.base;
    const hits = this.learned && this.params.learnedWeight > 0 ? this.learned.score(query) : [];
    const split = this.splitHits(hits);
    // One reading of the query for both segments: the same terms and idf make their scores comparable.
    const shared = { terms: reader.expandQuery(query), idf: (t: string) => reader.statsIdf(t), n: reader.statsSize };
    const baseCtx: QueryContext = { ...shared, learned: split[BASE], live: this.L.live };
    const b = this.base.search(query, limit, filters, semantic && this.segmentSims(semantic, BASE), baseCtx);
    let artifacts = b.artifacts.map((a) => this.toSlots(a, BASE));
    if (this.delta) {
      const d = this.delta.search(query, limit, filters, semantic && this.segmentSims(semantic, DELTA), {
        ...shared,
        learned: split[DELTA],
      });
      artifacts = artifacts.concat(d.artifacts.map((a) => this.toSlots(a, DELTA)));
      const slug = (s: number) => this.artifacts[s]?.slug ?? "";
      artifacts.sort(
        (x, y) =>
          y.score - x.score || (slug(x.artifact) < slug(y.artifact) ? -1 : slug(x.artifact) > slug(y.artifact) ? 1 : 0),
      );
      artifacts.length = Math.min(artifacts.length, limit);
    }
    return { terms: shared.terms, nodes: b.nodes, artifacts, learned: hits };
  }

  expandQuery(query: string): QueryTerm[] {
    return (this.delta ?? this.base).expandQuery(query);
  }

  explain(ordinal: number, terms: readonly QueryTerm[]): TermMatch[] {
    const at = this.locate(ordinal);
    return at ? at.index.explain(at.ordinal, terms) : [];
  }

  capabilitiesUnder(uri: string): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const add = (ix: MatchIndex, kind: number, first: Uint32Array) => {
      for (const [a, ords] of ix.capabilitiesUnder(uri)) {
        if (kind === BASE && this.L.live && !this.L.live[a]) continue;
        const slot = kind === BASE ? a : (this.L.deltaSlot[a] as number);
        const shift = (this.L.first[slot] as number) - (first[a] as number);
        out.set(
          slot,
          ords.map((o) => o + shift),
        );
      }
    };
    add(this.base, BASE, this.baseFirst);
    if (this.delta) add(this.delta, DELTA, this.deltaFirst);
    return out;
  }

  prior(slot: number): number {
    const seg = this.segment(slot);
    return seg ? seg.prior(this.L.ord[slot] as number) : 0.5;
  }

  setPrior(slot: number, value: number): void {
    this.segment(slot)?.setPrior(this.L.ord[slot] as number, value);
  }

  /** Filter records by slot (the database search mode filters by them). */
  get artifacts(): readonly IndexArtifact[] {
    this.view ??= Array.from(
      { length: this.slots },
      (_, s) => (this.segment(s) ?? this.base).artifacts[this.L.ord[s] as number] as IndexArtifact,
    );
    return this.view;
  }

  private segment(slot: number): MatchIndex | undefined {
    const kind = this.L.seg[slot];
    return kind === BASE ? this.base : kind === DELTA ? this.delta : undefined;
  }

  /** A segment's result in slots and slot capability ordinals. */
  private toSlots(a: ArtifactMatch, kind: number): ArtifactMatch {
    const slot = kind === BASE ? a.artifact : (this.L.deltaSlot[a.artifact] as number);
    const shift =
      (this.L.first[slot] as number) - ((kind === BASE ? this.baseFirst : this.deltaFirst)[a.artifact] as number);
    return {
      ...a,
      artifact: slot,
      capabilities: shift === 0 ? a.capabilities : a.capabilities.map((c) => ({ ...c, ordinal: c.ordinal + shift })),
    };
  }

  /** Segment and ordinal in it of a slot capability ordinal (undefined for none). */
  private locate(ordinal: number): { index: MatchIndex; kind: number; ordinal: number } | undefined {
    const first = this.L.first;
    let lo = 0,
      hi = this.slots;
    // The last slot whose first ordinal is ≤ ordinal (empty slots share their first ordinal with the next).
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((first[mid] as number) <= ordinal) lo = mid;
      else hi = mid - 1;
    }
    if (lo >= this.slots || ordinal >= (first[lo + 1] as number)) return undefined;
    const kind = this.L.seg[lo] as number,
      o = this.L.ord[lo] as number;
    const index = this.segment(lo);
    if (!index) return undefined;
    const segFirst = kind === BASE ? this.baseFirst : this.deltaFirst;
    return { index, kind, ordinal: (segFirst[o] as number) + ordinal - (first[lo] as number) };
  }

  /** Learned hits in each segment's own capability ordinals. */
  private splitHits(hits: readonly LearnedHit[]): [LearnedHit[], LearnedHit[]] {
    const out: [LearnedHit[], LearnedHit[]] = [[], []];
    if (!this.delta && !this.L.live) return [hits.slice(), []];
    for (const h of hits) {
      const at = this.locate(h.ordinal);
      if (at) out[at.kind === BASE ? 0 : 1].push({ ...h, ordinal: at.ordinal });
    }
    return out;
  }

  /** Similarities by slot capability ordinal, re-laid in a segment's ordinals (masked artifacts get 0). */
  private segmentSims(sims: Float32Array, kind: number): Float32Array {
    if (kind === BASE && !this.delta && !this.L.live) return sims;
    const ix = kind === BASE ? this.base : this.delta;
    const segFirst = kind === BASE ? this.baseFirst : this.deltaFirst;
    const out = new Float32Array(ix?.size ?? 0);
    const n = kind === BASE ? this.base.artifacts.length : this.L.deltaSlot.length;
    for (let a = 0; a < n; a++) {
      if (kind === BASE && this.L.live && !this.L.live[a]) continue;
      const slot = kind === BASE ? a : (this.L.deltaSlot[a] as number);
      const from = this.L.first[slot] as number,
        count = (segFirst[a + 1] as number) - (segFirst[a] as number);
      out.set(sims.subarray(from, from + count), segFirst[a] as number);
    }
    return out;
  }
}
