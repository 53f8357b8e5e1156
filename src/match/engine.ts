import { SUM_MARGIN, type ArtifactMatch } from "./accumulator.js";
import type { LearnedHit } from "./learned.js";
import { licenceMatches } from "../catalog/licence.js";
import { uriWithin } from "../catalog/taxonomy.js";
import type { IndexArtifact, MatchFilters, MatchResult, QueryTerm } from "./index-data.js";
import { QueryReader, type QueryContext } from "./query-reader.js";

export * from "./params.js";
export type { FieldText } from "./postings.js";
export type { ArtifactMatch, CapabilityMatch, TermMatch } from "./accumulator.js";
export type { IndexArtifact, IndexCapability, MatchFilters, MatchResult, QueryTerm } from "./index-data.js";
export type { QueryContext } from "./query-reader.js";

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
 * capability, and a reusable accumulator (built by IndexData); queries are read by QueryReader. See
 * match/DESIGN.md for the formulas.
 */
export class MatchIndex extends QueryReader {
  private lastPass: { filter: Uint8Array; live: Uint8Array; mask: Uint8Array } | undefined;
  /** Per artifact: query words in its name (all, and without the vendor prefix); zero between queries. */
  private nameHits = new Uint16Array(0);
  private shortHits = new Uint16Array(0);

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
            terms.filter((t) => t.kind !== "synonym" && t.kind !== "related").map((t) => t.term),
            this.p.taxonomyNodes,
          )
        : [];
    const taxonomyUnit = nodes.length && this.p.taxonomyWeight > 0 ? (this.p.taxonomyWeight * idfSum) / idfN : 0;
    const semanticUnit =
      semantic && this.p.embeddingWeight > 0
        ? this.p.embeddingWeight * (idfN > 0 ? idfSum / idfN : Math.log(1 + (ctx.n + 0.5) / 0.5))
        : 0;
    const named = idfN > 0 ? this.markNames(terms, (this.p.nameWeight * idfSum) / idfN) : [];
    // Named artifacts are scored first: the bounds below do not cover the name bonus.
    const upfront = [...named];
    const nudges = learned.length
      ? this.learnedNudges(learned, idfN > 0 ? idfSum / idfN : Math.log(1 + (ctx.n + 0.5) / 0.5))
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

  /** Learned additions by internal id (in units of one saturated term of mean query idf). */
  private learnedNudges(hits: readonly LearnedHit[], idfUnit: number): Nudges {
    // In units of one saturated term of mean query idf, like the name bonus: bounded by the catalog's own scale.
    const unit = this.p.learnedWeight * idfUnit;
    const ids: number[] = [],
      values: number[] = [];
    for (const h of hits) {
      const d = this.capInternal[h.ordinal];
      if (d === undefined) continue;
      ids.push(d);
      values.push(unit * h.score);
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
    // Learned additions go into the accumulator after every term, in the order completing an artifact
    // used, so the sums are the same; the aggregation's bounds then cover them and the nudged
    // artifacts need no scoring up front (hundreds per query once thousands of intents are learned).
    if (q.nudges) {
      const { ids, values, floor } = q.nudges;
      let most = 0;
      for (let j = 0; j < ids.length; j++) {
        const v = values[j] as number;
        const n = this.scores.addSigned(ids[j] as number, v, floor, touched);
        if (!dense) touched = n;
        if (v > most) most = v;
      }
      maxScore += most;
    }
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
    // Here the learned additions wait for each artifact's deferred terms, so their artifacts are scored up front.
    const upfront = [...q.upfront];
    if (q.nudges) {
      this.scores.deferLearned(q.nudges.ids, q.nudges.values, q.nudges.floor);
      for (const d of q.nudges.ids) upfront.push(this.capArtifact[d] as number);
    }
    return this.scores.topArtifacts(
      dense ? -1 : touched,
      q.limit,
      q.pass,
      q.subtree,
      upfront,
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
    // Counters per artifact, reused and cleared after each query: a common word can name thousands.
    const n = this.artifacts.length;
    if (this.nameHits.length !== n) {
      this.nameHits = new Uint16Array(n);
      this.shortHits = new Uint16Array(n);
    }
    const hits = this.nameHits,
      shortHits = this.shortHits,
      named: number[] = [];
    for (const qt of terms) {
      if (qt.kind === "synonym" || qt.kind === "related") continue;
      for (const a of this.nameTerms.get(qt.term) ?? []) {
        if (hits[a] === 0) named.push(a);
        hits[a] = (hits[a] as number) + 1;
        shortHits[a] = (shortHits[a] as number) + 1;
      }
      for (const a of this.vendorTerms.get(qt.term) ?? []) {
        if (hits[a] === 0) named.push(a);
        hits[a] = (hits[a] as number) + 1;
      }
    }
    for (const a of named) {
      // "whisper" fully names "OpenAI: Whisper"; "openai" alone covers half of it, as before.
      const whole = (hits[a] as number) / Math.max(1, this.nameLength[a] as number);
      const coverage = Math.min(
        1,
        Math.max(whole, (shortHits[a] as number) / Math.max(1, this.shortNameLength[a] as number)),
      );
      this.nameBonus[a] = unit * coverage * coverage;
      hits[a] = 0;
      shortHits[a] = 0;
    }
    return named;
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
