import { analyzeQueryParts, DIRECTED_PAIR_WEIGHT } from "./analyzer.js";
import { SUM_MARGIN, type ArtifactMatch } from "./accumulator.js";
import type { LearnedHit } from "./learned.js";
import { licenceMatches } from "../catalog/licence.js";
import { uriWithin } from "../catalog/taxonomy.js";
import { IndexData, type IndexArtifact, type MatchFilters, type MatchResult, type QueryTerm } from "./index-data.js";

export * from "./params.js";
export type { FieldText } from "./postings.js";
export type { ArtifactMatch, CapabilityMatch, TermMatch } from "./accumulator.js";
export type { IndexArtifact, IndexCapability, MatchFilters, MatchResult, QueryTerm } from "./index-data.js";

/** The query's indexed terms in plan order: term id, weight (q_t · idf), bound (weight · max impact). */
interface Plan {
  ids: number[];
  w: number[];
  ub: number[];
}
/** Learned additions for one query: internal capability ids, values, and the floor a touched capability keeps. */
interface Nudges {
  ids: number[];
  values: number[];
  floor: number;
}
/**
 * How one search reads its query, shared by every segment it runs on so their scores are
 * comparable: the expanded terms, idf by the collection's statistics (undefined: no segment
 * indexes the term), N, and the learned hits in this index's ordinals.
 */
export interface QueryContext {
  terms: QueryTerm[];
  idf: (term: string) => number | undefined;
  n: number;
  learned: LearnedHit[];
  /** One byte per artifact of this index: 0 masks it out (replaced or removed since the base was built). */
  live?: Uint8Array | undefined;
}
/** Filter masks an index keeps (one byte per artifact each). */
const FILTER_MASKS = 32;
/** What one search asks of a pass. */
interface Pass {
  plan: Plan;
  limit: number;
  pass: Uint8Array | undefined;
  subtree: string | undefined;
  upfront: number[];
  nudges: Nudges | undefined;
}

/**
 * The in-memory match index: BM25F impacts in typed-array postings, taxonomy links per
 * capability, and a reusable accumulator (built by IndexData). See match/DESIGN.md for the formulas.
 */
export class MatchIndex extends IndexData {
  private lastPass: { filter: Uint8Array; live: Uint8Array; mask: Uint8Array } | undefined;

  /** Query terms after filler removal, typo correction and synonym expansion. */
  expandQuery(query: string): QueryTerm[] {
    const { terms: typed, directed } = analyzeQueryParts(query, this.p.joins ? this.knownCompound : undefined);
    const out = new Map<string, QueryTerm>();
    // "text to speech" read as "texttospeech": weighed to decide the direction, never typo-corrected.
    const pairs = new Map(
      directed.map((d): [string, QueryTerm] => [
        d.term,
        { term: d.term, weight: DIRECTED_PAIR_WEIGHT, kind: "typed", via: d.phrase },
      ]),
    );
    const corrected: string[] = [];
    for (const t of typed) {
      if (!this.p.typos || this.knows(t) || pairs.has(t) || t.length < this.p.typoMinLength || /\d/.test(t)) {
        if (!out.has(t)) out.set(t, pairs.get(t) ?? { term: t, weight: 1, kind: "typed" });
        corrected.push(t);
        continue;
      }
      const fixes = this.corrections(t);
      if (fixes.length === 0) {
        if (!out.has(t)) out.set(t, { term: t, weight: 1, kind: "typed" });
        corrected.push(t);
        continue;
      }
      for (const fix of fixes)
        if (!out.has(fix)) out.set(fix, { term: fix, weight: this.p.typoWeight, kind: "typo", via: t });
      corrected.push(fixes[0] as string);
    }
    // "lang chain", "deep speed": two typed words that form one indexed word.
    for (let i = 0; this.p.joins && i + 1 < typed.length; i++) {
      const joined = `${typed[i]}${typed[i + 1]}`;
      if (!out.has(joined) && this.knows(joined))
        out.set(joined, { term: joined, weight: 1, kind: "typed", via: `${typed[i]} ${typed[i + 1]}` });
    }
    this.addStemForms(corrected, out);
    for (const e of this.p.synonyms ? this.synonyms.expand(corrected, this.p.synonymWeight) : []) {
      if (!out.has(e.term) && this.knows(e.term))
        out.set(e.term, { term: e.term, weight: e.weight, kind: "synonym", via: e.via });
    }
    return [...out.values()];
  }

  /** The catalog's other forms of each word (same Porter stem), at `stemWeight`; shown as synonyms of the typed word. */
  private addStemForms(words: readonly string[], out: Map<string, QueryTerm>): void {
    if (!this.stemFamilies || this.p.stemWeight <= 0) return;
    for (const w of words) {
      const forms = this.stemFormsAll(w).filter((f) => !out.has(f));
      // Split like a multi-word synonym: one typed word's forms weigh stemWeight together, however many the catalog has.
      for (const f of forms) out.set(f, { term: f, weight: this.p.stemWeight / forms.length, kind: "synonym", via: w });
    }
  }

  /** The base's forms of a word, then a delta segment's new ones (by spelling, so the order is the segment's own). */
  private stemFormsAll(w: string): string[] {
    const parent = this.parent;
    if (!parent) return this.stemForms(w);
    return [
      ...parent.stemForms(w),
      ...this.stemForms(w)
        .filter((f) => !parent.knows(f))
        .sort(),
    ];
  }

  /** Vocabulary terms within one edit of `t`, most frequent first (at most `typoCandidates`). */
  private corrections(t: string): string[] {
    const parent = this.parent;
    if (!parent) {
      const found = this.typoIndex?.within(t) ?? [];
      const df = (id: number) => this.df(id);
      return found
        .sort((a, b) => df(b) - df(a) || a - b)
        .slice(0, this.p.typoCandidates)
        .map((id) => this.terms[id] ?? "");
    }
    // The base's candidates in its order, then a delta's new words by spelling; a stable sort by the shared df.
    const found = [
      ...parent.typoNeighbours(t),
      ...this.typoNeighbours(t)
        .filter((w) => !parent.knows(w))
        .sort(),
    ];
    return found
      .map((w) => ({ w, df: this.statsDf(w) }))
      .sort((a, b) => b.df - a.df)
      .slice(0, this.p.typoCandidates)
      .map((x) => x.w);
  }

  /** The query as this index reads it alone (a segmented search builds one for all its segments). */
  queryContext(query: string): QueryContext {
    return {
      terms: this.expandQuery(query),
      idf: (t) => this.statsIdf(t),
      n: this.statsSize,
      learned: this.learned && this.p.learnedWeight > 0 ? this.learned.score(query) : [],
    };
  }

  /**
   * Ranked artifacts for an intent, with their best capabilities. `semantic`, when given, is the
   * cosine similarity (0..1) of the query to each capability from an Embedder; it adds
   * `embeddingWeight` × similarity × one saturated term of mean idf.
   */
  search(
    query: string,
    limit: number,
    filters: MatchFilters = {},
    semantic?: Float32Array,
    ctx: QueryContext = this.queryContext(query),
  ): MatchResult {
    const { terms, learned } = ctx;
    const plan = this.plan(terms, ctx.idf);
    let idfSum = 0,
      idfN = 0;
    for (const qt of terms) {
      const idf = qt.kind === "typed" ? ctx.idf(qt.term) : undefined;
      if (idf !== undefined) {
        idfSum += idf;
        idfN++;
      }
    }
    const nodes =
      this.taxonomy && idfN > 0
        ? this.taxonomy.rankNodes(
            terms.filter((t) => t.kind !== "synonym").map((t) => t.term),
            this.p.taxonomyNodes,
          )
        : [];
    const taxonomyUnit = nodes.length && this.p.taxonomyWeight > 0 ? (this.p.taxonomyWeight * idfSum) / idfN : 0;
    const semanticUnit =
      semantic && this.p.embeddingWeight > 0
        ? this.p.embeddingWeight * (idfN > 0 ? idfSum / idfN : Math.log(1 + (ctx.n + 0.5) / 0.5))
        : 0;
    const named = idfN > 0 ? this.markNames(terms, (this.p.nameWeight * idfSum) / idfN) : [];
    // Named artifacts and those of capabilities the learned intents moved are scored first: the bounds below cover neither.
    const upfront = [...named];
    const nudges = learned.length
      ? this.learnedNudges(learned, idfN > 0 ? idfSum / idfN : Math.log(1 + (ctx.n + 0.5) / 0.5), upfront)
      : undefined;
    const q: Pass = {
      plan,
      limit,
      pass: this.passMask(this.artifactFilter(filters), ctx.live),
      subtree: filters.subtree?.replace(/\.\*$/, ""),
      upfront,
      nudges,
    };
    const artifacts =
      (this.p.pruneTerms && taxonomyUnit === 0 && semanticUnit === 0 ? this.pruned(q) : undefined) ??
      this.exhaustive(
        q,
        { nodes, unit: taxonomyUnit },
        semantic && semanticUnit > 0 ? { sims: semantic, unit: semanticUnit } : undefined,
      );
    for (const a of named) this.nameBonus[a] = 0;
    this.explainResults(artifacts, terms);
    return { terms, nodes, artifacts, learned };
  }

  /**
   * The query's indexed terms in the order every pass adds them: largest bound w · max impact
   * first (ties: query order). One fixed order makes the float32 sums of the pruned and the
   * exhaustive pass the same, and puts the rare terms (MaxScore's essential ones) first.
   */
  private plan(terms: readonly QueryTerm[], idf: QueryContext["idf"]): Plan {
    const rows: { id: number; w: number; ub: number; i: number }[] = [];
    terms.forEach((qt, i) => {
      const id = this.vocab.get(qt.term);
      if (id === undefined) return;
      const w = qt.weight * (idf(qt.term) ?? 0);
      rows.push({ id, w, ub: w * (this.maxImpact[id] as number), i });
    });
    rows.sort((x, y) => y.ub - x.ub || x.i - y.i);
    return { ids: rows.map((r) => r.id), w: rows.map((r) => r.w), ub: rows.map((r) => r.ub) };
  }

  /** Learned additions by internal id (in units of one saturated term of mean query idf); adds their artifacts to `upfront`. */
  private learnedNudges(hits: readonly LearnedHit[], idfUnit: number, upfront: number[]): Nudges {
    // In units of one saturated term of mean query idf, like the name bonus: bounded by the catalog's own scale.
    const unit = this.p.learnedWeight * idfUnit;
    const ids: number[] = [],
      values: number[] = [];
    for (const h of hits) {
      const d = this.capInternal[h.ordinal];
      if (d === undefined) continue;
      ids.push(d);
      values.push(unit * h.score);
      upfront.push(this.capArtifact[d] as number);
    }
    return { ids, values, floor: 1e-6 * unit };
  }

  /**
   * Every term's postings into the accumulator, then the taxonomy and embedding components,
   * then the aggregation (its own exact pruning of artifacts, DESIGN.md "Exact top k").
   */
  private exhaustive(
    q: Pass,
    taxonomy: { nodes: { uri: string; score: number }[]; unit: number },
    semantic: { sims: Float32Array; unit: number } | undefined,
  ): ArtifactMatch[] {
    let postings = 0;
    for (const id of q.plan.ids) postings += this.df(id);
    // Dense: most capabilities will be touched, so skip the touched list and walk the accumulator.
    const dense = postings * this.p.denseShare > this.size || semantic !== undefined;
    // An upper bound of any capability's score; only sizes the first pass of aggregate().
    let touched = 0,
      maxScore = 0;
    q.plan.ids.forEach((id, i) => {
      const w = q.plan.w[i] as number;
      if (dense) this.scores.addPostingsDense(id, w);
      else touched = this.scores.addPostings(id, w, touched);
      maxScore += w;
    });
    if (taxonomy.unit > 0) {
      touched = this.addTaxonomy(taxonomy.nodes, taxonomy.unit, touched);
      maxScore += taxonomy.unit * Math.max(...taxonomy.nodes.map((n) => n.score));
    }
    if (semantic) {
      touched = this.scores.addSemantic(semantic.sims, semantic.unit, touched);
      maxScore += semantic.unit;
    }
    if (q.nudges) this.scores.deferLearned(q.nudges.ids, q.nudges.values, q.nudges.floor);
    return this.scores.topArtifacts(dense ? -1 : touched, q.limit, q.pass, q.subtree, q.upfront, maxScore) ?? [];
  }

  /**
   * MaxScore over the planned terms (DESIGN.md, "Dynamic pruning"): terms are added in plan order
   * until the bounds of the rest, summed, cannot lift an artifact no added term touched into the
   * top k (judged from the scores so far); the rest are deferred and added only to the artifacts
   * the aggregation scores. The aggregation proves the cut-off against the true k-th best score;
   * when it cannot (undefined), the caller searches exhaustively.
   */
  private pruned(q: Pass): ArtifactMatch[] | undefined {
    const { ids, w, ub } = q.plan,
      k = ids.length;
    const rest = new Float64Array(k + 1);
    for (let i = k - 1; i >= 0; i--) rest[i] = (rest[i + 1] as number) + (ub[i] as number);
    const bound = this.scores.artifactBound() * SUM_MARGIN;
    // The least the prior multiplies an artifact's relevance by.
    const priorLow = 1 - Math.abs(this.p.priorWeight) / 2;
    let touched = 0,
      dense = false,
      maxScore = 0,
      reach = 0,
      guess = 0,
      i = 0;
    for (; i < k; i++) {
      // pruneAim ∞ defers every term after the first, whatever the guess (the property tests' extreme).
      if (i > 0 && ((rest[i] as number) * bound < this.p.pruneAim * guess || this.p.pruneAim === Infinity)) break;
      const id = ids[i] as number;
      if (!dense && (touched + this.df(id)) * this.p.denseShare > this.size) dense = true;
      if (dense) this.scores.addPostingsDense(id, w[i] as number);
      else touched = this.scores.addPostings(id, w[i] as number, touched);
      maxScore += w[i] as number;
      reach += ub[i] as number;
      // A guess of the k-th best score, worth taking only when it could end the loop and the touched list is short.
      if (!dense && i + 1 < k && (rest[i + 1] as number) * bound < reach * priorLow)
        guess = priorLow * this.scores.quantile(touched, reach, q.limit * this.p.aggregateDepth);
    }
    if (i < k) this.scores.defer(ids.slice(i), w.slice(i), ub.slice(i));
    if (q.nudges) this.scores.deferLearned(q.nudges.ids, q.nudges.values, q.nudges.floor);
    return this.scores.topArtifacts(
      dense ? -1 : touched,
      q.limit,
      q.pass,
      q.subtree,
      q.upfront,
      maxScore,
      rest[i] as number,
    );
  }

  /**
   * Fills `why` of every returned capability from the postings' field masks: one binary search
   * per query term and capability, instead of analysing each capability's text again.
   */
  private explainResults(artifacts: readonly ArtifactMatch[], terms: readonly QueryTerm[]): void {
    const ids = terms.map((qt) => this.vocab.get(qt.term) ?? -1);
    for (const a of artifacts)
      for (const c of a.capabilities) c.why = this.matchedTerms(this.capInternal[c.ordinal] as number, terms, ids);
  }

  /** Sets nameBonus for artifacts whose name words the query contains; returns them for reset. */
  private markNames(terms: readonly QueryTerm[], unit: number): number[] {
    const hits = new Map<number, number>(),
      shortHits = new Map<number, number>();
    for (const qt of terms) {
      if (qt.kind === "synonym") continue;
      for (const a of this.nameTerms.get(qt.term) ?? []) {
        hits.set(a, (hits.get(a) ?? 0) + 1);
        shortHits.set(a, (shortHits.get(a) ?? 0) + 1);
      }
      for (const a of this.vendorTerms.get(qt.term) ?? []) hits.set(a, (hits.get(a) ?? 0) + 1);
    }
    for (const [a, n] of hits) {
      // "whisper" fully names "OpenAI: Whisper"; "openai" alone covers half of it, as before.
      const whole = n / Math.max(1, this.nameLength[a] as number);
      const coverage = Math.min(
        1,
        Math.max(whole, (shortHits.get(a) ?? 0) / Math.max(1, this.shortNameLength[a] as number)),
      );
      this.nameBonus[a] = unit * coverage * coverage;
    }
    return [...hits.keys()];
  }

  private addTaxonomy(nodes: { uri: string; score: number }[], unit: number, touchedCount: number): number {
    let count = touchedCount;
    this.nodeUris.forEach((uri, id) => {
      let boost = 0;
      for (const q of nodes) {
        const rel = uriWithin(uri, q.uri)
          ? 1
          : q.uri.startsWith(uri + ".") && q.uri.lastIndexOf(".") === uri.length
            ? 0.5
            : 0;
        boost = Math.max(boost, rel * q.score);
      }
      if (boost === 0) return;
      const add = unit * boost;
      for (const d of this.nodeCaps[id] ?? []) count = this.scores.add(d, add, count);
    });
    return count;
  }

  /** A filter mask and a live mask together (the last pair is kept: a base's live mask changes only with a write). */
  private passMask(filter: Uint8Array | undefined, live: Uint8Array | undefined): Uint8Array | undefined {
    if (!live) return filter;
    if (!filter) return live;
    const c = this.lastPass;
    if (c && c.filter === filter && c.live === live) return c.mask;
    const mask = filter.map((f, i) => f & (live[i] as number));
    this.lastPass = { filter, live, mask };
    return mask;
  }

  /**
   * Which artifacts pass the artifact-level filters, one byte each. Building it tests every
   * artifact, so masks are kept per filter (the index's artifacts never change) in a small
   * cache, emptied when full since filter values come from clients.
   */
  private artifactFilter(f: MatchFilters): Uint8Array | undefined {
    if (!f.kind && !f.category && !f.free && !f.pricing && !f.license) return undefined;
    const key = JSON.stringify([
      f.kind ?? "",
      f.category ?? "",
      Boolean(f.free),
      f.pricing ?? "",
      (f.license ?? "").toLowerCase(),
    ]);
    let mask = this.filterMasks.get(key);
    if (!mask) {
      if (this.filterMasks.size >= FILTER_MASKS) this.filterMasks.clear();
      mask = Uint8Array.from(this.artifacts, (a) => Number(artifactPasses(a, f)));
      this.filterMasks.set(key, mask);
    }
    return mask;
  }
}

/** The artifact-level filters (kind, category, free tier, pricing, licence); one definition for every search mode. */
export function artifactPasses(a: IndexArtifact, f: MatchFilters): boolean {
  return (
    (!f.kind || a.kind === f.kind) &&
    (!f.category || a.categories.includes(f.category)) &&
    (!f.free || a.freeTier) &&
    (!f.pricing || a.pricingModel === f.pricing) &&
    (!f.license || licenceMatches(a.license, f.license))
  );
}
