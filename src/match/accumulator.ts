import { SAMPLE_PER_CANDIDATE, type FieldName, type MatchParams } from "./params.js";
import type { Postings } from "./postings.js";
import { TopK } from "./topk.js";

/** A query term a capability contains, and in which fields (a result's explanation). */
export interface TermMatch { term: string; fields: FieldName[]; kind: "typed" | "synonym" | "typo"; via?: string }

/** `why`: the query terms the capability contains and where (set by the engine for its results). */
export interface CapabilityMatch { ordinal: number; score: number; why?: TermMatch[] }
export interface ArtifactMatch { artifact: number; score: number; relevance: number; nameBonus: number; capabilities: CapabilityMatch[] }

/** What the accumulator reads from its index (see MatchIndex). */
export interface Scoring {
  readonly post: Postings;
  /** Artifact a's capabilities are the internal ids artStart[a]..artStart[a+1]. */
  readonly artStart: Uint32Array;
  /** Internal id → artifact ordinal, and → the caller's capability ordinal. */
  readonly capArtifact: Uint32Array;
  readonly capOrdinal: Uint32Array;
  /** Per artifact: the current query's name bonus, and the prior (0..1). */
  readonly nameBonus: Float32Array;
  readonly priors: Float32Array;
  readonly params: MatchParams;
  /** Tie-break between artifacts of equal score (true when x ranks first). */
  slugBefore(x: number, y: number): boolean;
  /** Whether capability d (internal id) lies in the taxonomy subtree. */
  capWithin(d: number, subtree: string): boolean;
}

/**
 * Per-query capability scores and the exact top-k aggregation to artifacts (DESIGN.md,
 * "Accumulator" and "Exact top k"). One per index, reused by every query: a query allocates
 * little beyond its k result records.
 */
export class Accumulator {
  readonly acc: Float32Array;
  readonly touched: Uint32Array;
  private readonly post: Postings;
  private readonly artStart: Uint32Array;
  private readonly capArtifact: Uint32Array;
  private readonly capOrdinal: Uint32Array;
  private readonly nameBonus: Float32Array;
  private readonly priors: Float32Array;
  private readonly p: MatchParams;
  private readonly artSeen: Uint8Array;
  private readonly artTouched: Uint32Array;
  /** One artifact's best capability scores and internal ids while it is scored. */
  private readonly bestS: Float64Array;
  private readonly bestC: Int32Array;
  private readonly hist = new Uint32Array(256);

  constructor(private readonly ix: Scoring) {
    ({ post: this.post, artStart: this.artStart, capArtifact: this.capArtifact, capOrdinal: this.capOrdinal, nameBonus: this.nameBonus, priors: this.priors, params: this.p } = ix);
    const n = ix.capArtifact.length, artifacts = ix.artStart.length - 1;
    this.acc = new Float32Array(n);
    this.touched = new Uint32Array(n);
    this.artSeen = new Uint8Array(artifacts);
    this.artTouched = new Uint32Array(artifacts);
    this.bestS = new Float64Array(this.p.aggregateDepth);
    this.bestC = new Int32Array(this.p.aggregateDepth);
  }

  /** acc[d] += value (taxonomy boosts); returns the new touched count. */
  add(d: number, value: number, touchedCount: number): number {
    let count = touchedCount;
    if (this.acc[d] === 0) this.touched[count++] = d;
    this.acc[d] = (this.acc[d] as number) + value;
    return count;
  }

  /**
   * acc[d] += value where value may be negative (learned failures): a touched capability is
   * lowered but stays touched (never below `floor`); an untouched one is not made negative.
   */
  addSigned(d: number, value: number, floor: number, touchedCount: number): number {
    if (value >= 0) return this.add(d, value, touchedCount);
    const cur = this.acc[d] as number;
    if (cur > 0) this.acc[d] = Math.max(floor, cur + value);
    return touchedCount;
  }

  /**
   * acc += w · impact over one posting list. Hot loops live in small functions of their own:
   * V8 compiles a long loop on the fly (OSR) and then throws that code away each time the
   * rest of a large function runs, which cost more than the loop itself.
   */
  addPostings(id: number, w: number, touchedCount: number): number {
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
  addPostingsDense(id: number, w: number): void {
    const acc = this.acc, docs = this.post.docs, imps = this.post.impacts;
    for (let p = 2 * (this.post.start[id] as number), end = 2 * (this.post.start[id + 1] as number); p < end; p += 2) {
      const d = docs[p] as number;
      acc[d] = (acc[d] as number) + w * (imps[p + 1] as number);
    }
  }

  /** acc += unit · similarity (clipped at 0); `semantic` is indexed by the caller's ordinals. */
  addSemantic(semantic: Float32Array, unit: number, touchedCount: number): number {
    const acc = this.acc, touched = this.touched, capOrdinal = this.capOrdinal;
    let count = touchedCount;
    for (let d = 0; d < this.acc.length; d++) {
      const sim = semantic[capOrdinal[d] as number] ?? 0;
      if (sim <= 0) continue;
      if (acc[d] === 0) touched[count++] = d;
      acc[d] = (acc[d] as number) + unit * sim;
    }
    return count;
  }

  /**
   * The `limit` best artifacts, exactly, without scoring every touched artifact. An artifact
   * whose capabilities all score below `c` has a final score below
   * c · Σ_i AGGREGATE_DECAY^i · (1 + PRIOR_WEIGHT/2) (named artifacts are scored up front), so
   * after scoring the artifacts of the capabilities at or above a cut, the rest can be skipped
   * once that bound falls below the k-th best score; otherwise a second pass lowers the cut to
   * exactly where the bound meets it. Then builds the result records and resets the accumulator.
   * `scan` < 0: the whole accumulator was written (dense); otherwise the first `scan` ids of
   * `touched` are the capabilities written.
   */
  topArtifacts(scan: number, limit: number, pass: Uint8Array | undefined, subtree: string | undefined, named: readonly number[], maxScore: number): ArtifactMatch[] {
    const best = new TopK(limit, (x, y) => this.ix.slugBefore(x, y));
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
    const n = scan < 0 ? this.acc.length : scan;
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
    const n = scan < 0 ? this.acc.length : scan;
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
      if (subtree && !this.ix.capWithin(d, subtree)) continue;
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
}
