import type { Taxonomy } from "../catalog/taxonomy.js";
import { analyze, analyzeQuery } from "./analyzer.js";
import { buildPostings, Vocabulary, type FieldText, type Postings } from "./postings.js";
import { SynonymTable } from "./synonyms.js";
import { TopK } from "./topk.js";
import { TypoIndex } from "./typo.js";

/** Field weights of the virtual document (see DESIGN.md, "Knobs"). */
export const FIELD_WEIGHTS = { name: 3, intents: 2.5, taxonomy: 2, artifactName: 2, bestFor: 1.5, description: 1, categories: 1 } as const;
export type FieldName = keyof typeof FIELD_WEIGHTS;
export const FIELD_NAMES = Object.keys(FIELD_WEIGHTS) as FieldName[];
/** BM25 term-frequency saturation. */
export const K1 = 1.2;
/** BM25 length normalisation on the weighted document length. */
export const B = 0.75;
/** Weight of a synonym expansion relative to a typed term. */
export const SYNONYM_WEIGHT = 0.3;
/** Weight of a one-edit correction of an unknown term. */
export const TYPO_WEIGHT = 0.7;
/** Corrections tried for one unknown term. */
export const TYPO_CANDIDATES = 3;
/** Shortest term we try to correct. */
export const TYPO_MIN_LENGTH = 4;
/**
 * Share of the taxonomy component, in units of one saturated term of mean query idf.
 * Off by default: on the dev split it did not beat the taxonomy labels already indexed as a
 * field (see bench, "+ taxonomy expansion"); the classified nodes still explain results.
 */
export const TAXONOMY_WEIGHT = 0;
/** Classified taxonomy nodes a query may use. */
export const TAXONOMY_NODES = 3;
/** Bonus for naming the artifact, in units of one saturated term of mean query idf, × coverage². */
export const NAME_WEIGHT = 1;
/** Weight of the embedding similarity when an Embedder is plugged in (untuned: no endpoint to tune on here). */
export const EMBEDDING_WEIGHT = 0.5;
/** Weight of an artifact's i-th best capability is AGGREGATE_DECAY^i. */
export const AGGREGATE_DECAY = 0.35;
/** Capabilities per artifact that count toward its relevance. */
export const AGGREGATE_DEPTH = 3;
/*
 * Work-splitting knobs: they decide how a query spends its time, never what it returns
 * (the property tests run them at extremes against the exhaustive search).
 */
/** Walk the whole accumulator (no touched list) when the query's postings exceed 1/DENSE_SHARE of the capabilities. */
export const DENSE_SHARE = 4;
/** Capabilities the first aggregation pass aims to take; more makes a second pass rarer. */
export const CANDIDATE_CAPS = 1024;
/** Sampled capabilities per first-pass candidate when estimating the first pass's cut. */
export const SAMPLE_PER_CANDIDATE = 16;
/** Total swing of the prior: score × (1 + PRIOR_WEIGHT · (prior − 0.5)). */
export const PRIOR_WEIGHT = 0.1;

/** Every knob in one object, so the benchmark can ablate and tune them (defaults above). */
export const DEFAULT_PARAMS = {
  fieldWeights: FIELD_WEIGHTS as Readonly<Record<FieldName, number>>, k1: K1, b: B, synonymWeight: SYNONYM_WEIGHT, typoWeight: TYPO_WEIGHT,
  typoCandidates: TYPO_CANDIDATES, typoMinLength: TYPO_MIN_LENGTH, taxonomyWeight: TAXONOMY_WEIGHT, taxonomyNodes: TAXONOMY_NODES,
  nameWeight: NAME_WEIGHT, embeddingWeight: EMBEDDING_WEIGHT, aggregateDecay: AGGREGATE_DECAY, aggregateDepth: AGGREGATE_DEPTH, priorWeight: PRIOR_WEIGHT,
  synonyms: true, typos: true, joins: true,
  denseShare: DENSE_SHARE, candidateCaps: CANDIDATE_CAPS,
};
export type MatchParams = typeof DEFAULT_PARAMS;

export interface IndexArtifact {
  slug: string;
  name: string;
  kind: string;
  categories: readonly string[];
  freeTier: boolean;
  pricingModel: string;
  license: string | null;
}

export type { FieldText } from "./postings.js";

export interface IndexCapability {
  /** Ordinal of the owning artifact in the artifacts array. */
  artifact: number;
  /** Taxonomy node uri, or null. */
  node: string | null;
  /** A list (intents, aliases…) reads as its items joined by whitespace; passing it unjoined saves the build a string per capability. */
  fields: Readonly<Record<FieldName, FieldText>>;
}

export interface MatchFilters {
  kind?: string;
  category?: string;
  free?: boolean;
  pricing?: string;
  license?: string;
  /** Taxonomy subtree: `capability://image` or `capability://image.*`. */
  subtree?: string;
}

export interface QueryTerm { term: string; weight: number; kind: "typed" | "synonym" | "typo"; via?: string }

export interface CapabilityMatch { ordinal: number; score: number }
export interface ArtifactMatch { artifact: number; score: number; relevance: number; nameBonus: number; capabilities: CapabilityMatch[] }
export interface MatchResult { terms: QueryTerm[]; nodes: { uri: string; score: number }[]; artifacts: ArtifactMatch[] }

/**
 * The in-memory match index: BM25F impacts in typed-array postings, taxonomy links per
 * capability, and a reusable accumulator. See match/DESIGN.md for the formulas.
 */
export class MatchIndex {
  readonly artifacts: readonly IndexArtifact[];
  readonly capabilities: readonly IndexCapability[];
  private readonly vocabulary = new Vocabulary();
  private readonly vocab = this.vocabulary.ids;
  private readonly terms = this.vocabulary.terms;
  private post: Postings = { start: new Uint32Array(1), docs: new Uint32Array(0), impacts: new Float32Array(0) };
  /**
   * Internal capability ids number each artifact's capabilities consecutively (stable), so a
   * query scores an artifact by scanning one slice of the accumulator. Postings, capNode and
   * nodeCaps use internal ids; `capOrdinal` maps back to the caller's ordinals.
   */
  private readonly capOrdinal: Uint32Array;
  private readonly capArtifact: Uint32Array;
  private readonly artStart: Uint32Array;
  private readonly capNode: Int32Array;
  private readonly nodeUris: string[] = [];
  private readonly nodeCaps: Uint32Array[] = [];
  private typoIndex: TypoIndex | undefined;
  private readonly nameTerms = new Map<string, number[]>();
  private readonly nameLength: Uint16Array;
  private readonly nameBonus: Float32Array;
  private readonly taxonomy: Taxonomy | undefined;
  private readonly synonyms = new SynonymTable();
  private readonly priors: Float32Array;
  private readonly acc: Float32Array;
  private readonly touched: Uint32Array;
  private readonly artSeen: Uint8Array;
  private readonly artTouched: Uint32Array;
  /** One artifact's best capability scores and internal ids while it is scored. */
  private readonly bestS: Float64Array;
  private readonly bestC: Int32Array;
  private readonly hist = new Uint32Array(256);

  private readonly p: MatchParams;

  constructor(artifacts: readonly IndexArtifact[], capabilities: readonly IndexCapability[], taxonomy?: Taxonomy, params: Partial<MatchParams> = {}) {
    this.p = { ...DEFAULT_PARAMS, ...params };
    this.artifacts = artifacts;
    this.capabilities = capabilities;
    this.taxonomy = taxonomy;
    const n = capabilities.length;
    this.capOrdinal = new Uint32Array(n);
    this.capArtifact = new Uint32Array(n);
    this.artStart = new Uint32Array(artifacts.length + 1);
    this.capNode = new Int32Array(n).fill(-1);
    this.priors = new Float32Array(artifacts.length).fill(0.5);
    this.acc = new Float32Array(n);
    this.touched = new Uint32Array(n);
    this.bestS = new Float64Array(this.p.aggregateDepth);
    this.bestC = new Int32Array(this.p.aggregateDepth);
    this.artSeen = new Uint8Array(artifacts.length);
    this.artTouched = new Uint32Array(artifacts.length);
    this.nameLength = new Uint16Array(artifacts.length);
    this.nameBonus = new Float32Array(artifacts.length);
    artifacts.forEach((a, i) => {
      const terms = new Set(analyze(`${a.name} ${a.slug.replace(/-/g, " ")}`));
      this.nameLength[i] = terms.size;
      for (const t of terms) {
        const l = this.nameTerms.get(t);
        if (l) l.push(i);
        else this.nameTerms.set(t, [i]);
      }
    });
    this.build();
  }

  get size(): number { return this.capabilities.length; }
  get vocabularySize(): number { return this.terms.length; }

  /** Copies every artifact prior from an index over the same artifacts (benchmark ablations). */
  copyPriorsFrom(other: MatchIndex): void {
    this.priors.set(other.priors);
  }

  /** The prior (0..1) of an artifact. */
  prior(artifact: number): number {
    return this.priors[artifact] ?? 0.5;
  }

  /** Sets the prior (0..1) of an artifact; 0.5 is neutral. */
  setPrior(artifact: number, value: number): void {
    this.priors[artifact] = Math.max(0, Math.min(1, value));
  }

  /** Internal ids: a stable counting sort of the capabilities by artifact. */
  private number(): void {
    const caps = this.capabilities, start = this.artStart;
    for (const c of caps) start[c.artifact + 1] = (start[c.artifact + 1] as number) + 1;
    for (let a = 0; a < this.artifacts.length; a++) start[a + 1] = (start[a + 1] as number) + (start[a] as number);
    const fill = start.slice(0, this.artifacts.length);
    for (let o = 0; o < caps.length; o++) {
      const a = (caps[o] as IndexCapability).artifact;
      const i = fill[a] as number;
      fill[a] = i + 1;
      this.capOrdinal[i] = o;
      this.capArtifact[i] = a;
    }
  }

  private build(): void {
    const caps = this.capabilities;
    this.number();
    const nodeIds = new Map<string, number>();
    const nodeLists: number[][] = [];
    for (let i = 0; i < caps.length; i++) {
      const node = (caps[this.capOrdinal[i] as number] as IndexCapability).node;
      if (!node) continue;
      let id = nodeIds.get(node);
      if (id === undefined) { id = this.nodeUris.push(node) - 1; nodeIds.set(node, id); nodeLists.push([]); }
      this.capNode[i] = id;
      nodeLists[id]?.push(i);
    }
    for (const l of nodeLists) this.nodeCaps.push(Uint32Array.from(l));
    this.post = buildPostings({
      size: caps.length, weights: FIELD_NAMES.map((f) => this.p.fieldWeights[f]), k1: this.p.k1, b: this.p.b,
      field: (i, f) => (caps[this.capOrdinal[i] as number] as IndexCapability).fields[FIELD_NAMES[f] as FieldName],
    }, this.vocabulary);
    this.typoIndex = new TypoIndex(this.terms, this.p.typoMinLength - 1);
  }

  /** Document frequency of a term. */
  private df(termId: number): number {
    return ((this.post.start[termId + 1] ?? 0) - (this.post.start[termId] ?? 0)) || 0;
  }

  idf(termId: number): number {
    const df = this.df(termId);
    const n = this.capabilities.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  termId(term: string): number | undefined { return this.vocab.get(term); }

  /** Query terms after filler removal, typo correction and synonym expansion. */
  expandQuery(query: string): QueryTerm[] {
    const typed = analyzeQuery(query);
    const out = new Map<string, QueryTerm>();
    const corrected: string[] = [];
    for (const t of typed) {
      if (!this.p.typos || this.vocab.has(t) || t.length < this.p.typoMinLength || /\d/.test(t)) {
        if (!out.has(t)) out.set(t, { term: t, weight: 1, kind: "typed" });
        corrected.push(t);
        continue;
      }
      const fixes = this.corrections(t);
      if (fixes.length === 0) { if (!out.has(t)) out.set(t, { term: t, weight: 1, kind: "typed" }); corrected.push(t); continue; }
      for (const fix of fixes) if (!out.has(fix)) out.set(fix, { term: fix, weight: this.p.typoWeight, kind: "typo", via: t });
      corrected.push(fixes[0] as string);
    }
    // "lang chain", "deep speed": two typed words that form one indexed word.
    for (let i = 0; this.p.joins && i + 1 < typed.length; i++) {
      const joined = `${typed[i]}${typed[i + 1]}`;
      if (!out.has(joined) && this.vocab.has(joined)) out.set(joined, { term: joined, weight: 1, kind: "typed", via: `${typed[i]} ${typed[i + 1]}` });
    }
    for (const e of this.p.synonyms ? this.synonyms.expand(corrected, this.p.synonymWeight) : []) {
      if (!out.has(e.term) && this.vocab.has(e.term)) out.set(e.term, { term: e.term, weight: e.weight, kind: "synonym", via: e.via });
    }
    return [...out.values()];
  }

  /** Vocabulary terms within one edit of `t`, most frequent first (at most `typoCandidates`). */
  private corrections(t: string): string[] {
    const found = this.typoIndex?.within(t) ?? [];
    const df = (id: number) => this.df(id);
    return found.sort((a, b) => df(b) - df(a) || a - b).slice(0, this.p.typoCandidates).map((id) => this.terms[id] ?? "");
  }

  /** Ranked artifacts for an intent, with their best capabilities. */
  /**
   * `semantic`, when given, is the cosine similarity (0..1) of the query to each capability
   * from an Embedder; it adds `embeddingWeight` × similarity × one saturated term of mean idf.
   */
  search(query: string, limit: number, filters: MatchFilters = {}, semantic?: Float32Array): MatchResult {
    const terms = this.expandQuery(query);
    let touchedCount = 0;
    let idfSum = 0, idfN = 0;
    // An upper bound of any capability's score; only sizes the first pass of aggregate().
    let maxScore = 0, postings = 0;
    for (const qt of terms) { const id = this.vocab.get(qt.term); if (id !== undefined) postings += this.df(id); }
    // Dense: most capabilities will be touched, so skip the touched list and walk the accumulator.
    const dense = postings * this.p.denseShare > this.size || (semantic !== undefined && this.p.embeddingWeight > 0);
    for (const qt of terms) {
      const id = this.vocab.get(qt.term);
      if (id === undefined) continue;
      if (qt.kind === "typed") { idfSum += this.idf(id); idfN++; }
      const w = qt.weight * this.idf(id);
      if (dense) this.addPostingsDense(id, w);
      else touchedCount = this.addPostings(id, w, touchedCount);
      maxScore += w;
    }
    const nodes = this.taxonomy && idfN > 0 ? this.taxonomy.rankNodes(terms.filter((t) => t.kind !== "synonym").map((t) => t.term), this.p.taxonomyNodes) : [];
    if (nodes.length && this.p.taxonomyWeight > 0) {
      const unit = (this.p.taxonomyWeight * idfSum) / idfN;
      touchedCount = this.addTaxonomy(nodes, unit, touchedCount);
      maxScore += unit * Math.max(...nodes.map((q) => q.score));
    }
    if (semantic && this.p.embeddingWeight > 0) {
      const n = this.capabilities.length;
      const unit = this.p.embeddingWeight * (idfN > 0 ? idfSum / idfN : Math.log(1 + (n + 0.5) / 0.5));
      touchedCount = this.addSemantic(semantic, unit, touchedCount);
      maxScore += unit;
    }
    const named = idfN > 0 ? this.markNames(terms, (this.p.nameWeight * idfSum) / idfN) : [];
    const artifacts = this.aggregate(dense ? -1 : touchedCount, limit, filters, named, maxScore);
    for (const a of named) this.nameBonus[a] = 0;
    return { terms, nodes, artifacts };
  }

  /**
   * acc += w · impact over one posting list. Hot loops live in small functions of their own:
   * V8 compiles a long loop on the fly (OSR) and then throws that code away each time the
   * rest of a large function runs, which cost more than the loop itself.
   */
  private addPostings(id: number, w: number, touchedCount: number): number {
    const acc = this.acc, touched = this.touched, docs = this.post.docs, imps = this.post.impacts;
    let count = touchedCount;
    for (let p = 2 * (this.post.start[id] as number), end = 2 * (this.post.start[id + 1] as number); p < end; p += 2) {
      const d = docs[p] as number;
      const cur = acc[d] as number;
      if (cur === 0) touched[count++] = d;
      acc[d] = cur + w * (imps[p + 1] as number);
    }
    return count;
  }

  /** addPostings without the touched list. */
  private addPostingsDense(id: number, w: number): void {
    const acc = this.acc, docs = this.post.docs, imps = this.post.impacts;
    for (let p = 2 * (this.post.start[id] as number), end = 2 * (this.post.start[id + 1] as number); p < end; p += 2) {
      const d = docs[p] as number;
      acc[d] = (acc[d] as number) + w * (imps[p + 1] as number);
    }
  }

  /** acc += unit · similarity (clipped at 0); `semantic` is indexed by the caller's ordinals. */
  private addSemantic(semantic: Float32Array, unit: number, touchedCount: number): number {
    const acc = this.acc, touched = this.touched, capOrdinal = this.capOrdinal;
    let count = touchedCount;
    for (let d = 0; d < this.size; d++) {
      const sim = semantic[capOrdinal[d] as number] ?? 0;
      if (sim <= 0) continue;
      if (acc[d] === 0) touched[count++] = d;
      acc[d] = (acc[d] as number) + unit * sim;
    }
    return count;
  }

  /** Sets nameBonus for artifacts whose name words the query contains; returns them for reset. */
  private markNames(terms: readonly QueryTerm[], unit: number): number[] {
    const hits = new Map<number, number>();
    for (const qt of terms) {
      if (qt.kind === "synonym") continue;
      for (const a of this.nameTerms.get(qt.term) ?? []) hits.set(a, (hits.get(a) ?? 0) + 1);
    }
    for (const [a, n] of hits) {
      const coverage = Math.min(1, n / Math.max(1, this.nameLength[a] as number));
      this.nameBonus[a] = unit * coverage * coverage;
    }
    return [...hits.keys()];
  }

  private addTaxonomy(nodes: { uri: string; score: number }[], unit: number, touchedCount: number): number {
    let count = touchedCount;
    this.nodeUris.forEach((uri, id) => {
      let boost = 0;
      for (const q of nodes) {
        const rel = uri === q.uri || uri.startsWith(q.uri + ".") ? 1 : q.uri.startsWith(uri + ".") && q.uri.lastIndexOf(".") === uri.length ? 0.5 : 0;
        boost = Math.max(boost, rel * q.score);
      }
      if (boost === 0) return;
      const add = unit * boost;
      for (const d of this.nodeCaps[id] ?? []) {
        if (this.acc[d] === 0) this.touched[count++] = d;
        this.acc[d] = (this.acc[d] as number) + add;
      }
    });
    return count;
  }

  /**
   * The `limit` best artifacts, exactly, without scoring every touched artifact. An artifact
   * whose capabilities all score below `c` has a final score below
   * c · Σ_i AGGREGATE_DECAY^i · (1 + PRIOR_WEIGHT/2) (named artifacts are scored up front), so
   * after scoring the artifacts of the capabilities at or above a cut, the rest can be skipped
   * once that bound falls below the k-th best score; otherwise a second pass lowers the cut to
   * exactly where the bound meets it. Then builds the result records and resets the accumulator.
   */
  private aggregate(scan: number, limit: number, filters: MatchFilters, named: readonly number[], maxScore: number): ArtifactMatch[] {
    const pass = this.artifactFilter(filters);
    const subtree = filters.subtree?.replace(/\.\*$/, "");
    const best = new TopK(limit, (x, y) => this.slugBefore(x, y));
    let scored = 0;
    for (const a of named) scored = this.scoreArtifact(best, a, pass, subtree, scored);
    const cut = this.firstCut(scan, maxScore, this.p.candidateCaps);
    scored = this.scoreRange(best, scan, cut, Infinity, pass, subtree, scored);
    const bound = this.capBound();
    if (!(best.size === best.k && cut * bound <= best.threshold())) {
      const lo = best.size === best.k ? best.threshold() / bound : 0;
      if (lo < cut) scored = this.scoreRange(best, scan, lo, cut, pass, subtree, scored);
    }
    for (let i = 0; i < scored; i++) this.artSeen[this.artTouched[i] as number] = 0;
    const out: ArtifactMatch[] = [];
    for (let i = 0; i < best.size; i++) out.push(this.artifactMatch(best.ids[i] as number, best.scores[i] as number, subtree));
    if (scan < 0) this.acc.fill(0);
    else for (let i = 0; i < scan; i++) this.acc[this.touched[i] as number] = 0;
    return out;
  }

  /** Upper bound of (final score / best capability score) over unnamed artifacts, with a rounding margin. */
  private capBound(): number {
    let sum = 0, w = 1;
    for (let j = 0; j < this.p.aggregateDepth; j++) { sum += w; w *= this.p.aggregateDecay; }
    return sum * (1 + Math.abs(this.p.priorWeight) / 2) * (1 + 1e-9);
  }

  /**
   * A capability score that about `target` touched capabilities reach, estimated from a
   * histogram over [0, maxScore] of a strided sample; it decides how the work splits between
   * the passes of aggregate(), never the result.
   * `scan` < 0: walk the whole accumulator; otherwise the first `scan` touched ids.
   */
  private firstCut(scan: number, maxScore: number, target: number): number {
    const hist = this.hist, B = hist.length, acc = this.acc, touched = this.touched;
    hist.fill(0);
    const scale = maxScore > 0 ? B / maxScore : 0;
    const n = scan < 0 ? this.size : scan;
    const stride = Math.max(1, Math.floor(n / (target * SAMPLE_PER_CANDIDATE)));
    for (let i = 0; i < n; i += stride) {
      const s = acc[scan < 0 ? i : (touched[i] as number)] as number;
      if (s > 0) { const b = Math.min(B - 1, Math.floor(s * scale)); hist[b] = (hist[b] as number) + 1; }
    }
    let count = 0, b = B - 1;
    for (; b > 0; b--) if ((count += hist[b] as number) * stride >= target) break;
    return scale > 0 ? b / scale : 0;
  }

  /** Scores (once) the artifact of every touched capability with lo ≤ score < hi; returns the new scored count. */
  private scoreRange(best: TopK, scan: number, lo: number, hi: number, pass: Uint8Array | undefined, subtree: string | undefined, scored: number): number {
    const acc = this.acc, touched = this.touched, capArtifact = this.capArtifact, artSeen = this.artSeen;
    const n = scan < 0 ? this.size : scan;
    let count = scored;
    for (let i = 0; i < n; i++) {
      const d = scan < 0 ? i : (touched[i] as number);
      const s = acc[d] as number;
      if (s === 0 || s < lo || s >= hi || artSeen[capArtifact[d] as number] !== 0) continue;
      count = this.scoreArtifact(best, capArtifact[d] as number, pass, subtree, count);
    }
    return count;
  }

  /** Scores artifact `a` into `best` unless it was scored already; marks it; returns the new scored count. */
  private scoreArtifact(best: TopK, a: number, pass: Uint8Array | undefined, subtree: string | undefined, scored: number): number {
    if (this.artSeen[a] !== 0) return scored;
    this.artSeen[a] = 1;
    this.artTouched[scored] = a;
    if (!pass || pass[a]) {
      const score = this.artifactScore(a, subtree);
      if (score >= 0) best.push(score, a);
    }
    return scored + 1;
  }

  /**
   * Final score of artifact `a` (DESIGN.md, "Scoring"), or −1 when none of its capabilities is
   * touched. Leaves its best capabilities in bestS/bestC (ties: lower ordinal first).
   */
  private artifactScore(a: number, subtree: string | undefined): number {
    const D = this.p.aggregateDepth, acc = this.acc, bestS = this.bestS, bestC = this.bestC;
    let n = 0;
    for (let d = this.artStart[a] as number, end = this.artStart[a + 1] as number; d < end; d++) {
      const s = acc[d] as number;
      if (s === 0 || (n === D && (bestS[D - 1] as number) >= s)) continue;
      if (subtree && !this.capWithin(d, subtree)) continue;
      let j = n < D ? n++ : D - 1;
      while (j > 0 && (bestS[j - 1] as number) < s) { bestS[j] = bestS[j - 1] as number; bestC[j] = bestC[j - 1] as number; j--; }
      bestS[j] = s;
      bestC[j] = d;
    }
    if (n === 0) return -1;
    if (n < D) bestC[n] = -1;
    let rel = 0, w = 1;
    for (let j = 0; j < n; j++) { rel += w * (bestS[j] as number); w *= this.p.aggregateDecay; }
    rel += this.nameBonus[a] as number;
    return rel * (1 + this.p.priorWeight * ((this.priors[a] as number) - 0.5));
  }

  /** The result record of one of the k best artifacts (the only per-artifact allocation of a query). */
  private artifactMatch(a: number, score: number, subtree: string | undefined): ArtifactMatch {
    this.artifactScore(a, subtree);
    let rel = 0, w = 1;
    const caps: CapabilityMatch[] = [];
    for (let j = 0; j < this.p.aggregateDepth && (this.bestC[j] as number) >= 0; j++) {
      const s = this.bestS[j] as number;
      rel += w * s;
      w *= this.p.aggregateDecay;
      caps.push({ ordinal: this.capOrdinal[this.bestC[j] as number] as number, score: s });
    }
    const nameBonus = this.nameBonus[a] as number;
    return { artifact: a, score, relevance: rel + nameBonus, nameBonus, capabilities: caps };
  }

  /** Tie-break of equal scores: slug order, so results never depend on insertion order. */
  private slugBefore(x: number, y: number): boolean {
    return (this.artifacts[x]?.slug ?? "") < (this.artifacts[y]?.slug ?? "");
  }

  private capWithin(d: number, subtree: string): boolean {
    const uri = this.nodeUris[this.capNode[d] as number];
    return uri !== undefined && (uri === subtree || uri.startsWith(subtree + "."));
  }

  private artifactFilter(f: MatchFilters): Uint8Array | undefined {
    if (!f.kind && !f.category && !f.free && !f.pricing && !f.license) return undefined;
    return Uint8Array.from(this.artifacts, (a) => Number(artifactPasses(a, f)));
  }

  /** Capabilities under a taxonomy node (and its subtree), grouped by artifact. */
  capabilitiesUnder(uri: string): Map<number, number[]> {
    const root = uri.replace(/\.\*$/, "");
    const out = new Map<number, number[]>();
    this.nodeUris.forEach((u, id) => {
      if (u !== root && !u.startsWith(root + ".")) return;
      for (const d of this.nodeCaps[id] ?? []) {
        const a = this.capArtifact[d] as number;
        const l = out.get(a) ?? [];
        l.push(this.capOrdinal[d] as number);
        out.set(a, l);
      }
    });
    return out;
  }

  /** Which query terms each field of a capability contains (for explanations). */
  explain(ordinal: number, terms: readonly QueryTerm[]): { term: string; fields: FieldName[]; kind: QueryTerm["kind"]; via?: string }[] {
    const c = this.capabilities[ordinal];
    if (!c) return [];
    const out: { term: string; fields: FieldName[]; kind: QueryTerm["kind"]; via?: string }[] = [];
    const fieldTerms = FIELD_NAMES.map((f) => {
      const text = c.fields[f];
      return [f, new Set(typeof text === "string" ? analyze(text) : text.flatMap((t) => analyze(t)))] as const;
    });
    for (const qt of terms) {
      const fields = fieldTerms.filter(([, set]) => set.has(qt.term)).map(([f]) => f);
      if (fields.length) out.push({ term: qt.term, fields, kind: qt.kind, ...(qt.via ? { via: qt.via } : {}) });
    }
    return out;
  }
}

/** The artifact-level filters (kind, category, free tier, pricing, licence); one definition for every search mode. */
export function artifactPasses(a: IndexArtifact, f: MatchFilters): boolean {
  return (!f.kind || a.kind === f.kind) && (!f.category || a.categories.includes(f.category)) && (!f.free || a.freeTier) &&
    (!f.pricing || a.pricingModel === f.pricing) && (!f.license || (a.license ?? "").toLowerCase() === f.license.toLowerCase());
}
