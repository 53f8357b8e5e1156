import { SAMPLE_PER_CANDIDATE } from "./params.js";
import { ensure } from "./chunk-table.js";
import { TopK } from "./topk.js";
import { AccumulatorState, SUM_MARGIN, type ArtifactMatch, type CapabilityMatch } from "./accumulator-state.js";

export {
  SUM_MARGIN,
  type ArtifactMatch,
  type CapabilityMatch,
  type Scoring,
  type TermMatch,
} from "./accumulator-state.js";

/**
 * Per-query capability scores and the exact top-k aggregation to artifacts (DESIGN.md,
 * "Accumulator" and "Exact top k"). One per index, reused by every query: a query allocates
 * little beyond its k result records.
 */
export class Accumulator extends AccumulatorState {
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
  topArtifacts(
    scan: number,
    limit: number,
    pass: Uint8Array | undefined,
    subtree: string | undefined,
    upfront: readonly number[],
    maxScore: number,
    slack = 0,
  ): ArtifactMatch[] | undefined {
    this.written = scan;
    this.slack = slack;
    const best = new TopK(limit, (x, y) => this.ix.slugBefore(x, y));
    let scored = 0;
    for (const a of upfront) scored = this.scoreArtifact(best, a, pass, subtree, scored, true);
    const cut = this.firstCut(scan, maxScore, this.p.candidateCaps);
    const bound = this.capBound();
    // A capability whose accumulated score is x scores at most up(x) once its deferred terms are added.
    const up = (x: number) => (slack > 0 ? (x + slack) * SUM_MARGIN : x);
    scored = this.scoreDescending(best, scan, cut, maxScore, bound, pass, subtree, scored);
    let exact = true;
    if (!this.stopped && !(best.size === best.k && up(cut) * bound <= best.threshold())) {
      const lo =
        best.size === best.k
          ? slack > 0
            ? best.threshold() / (bound * SUM_MARGIN) - slack
            : best.threshold() / bound
          : 0;
      // With deferred terms, a capability no accumulated term touched may still score `slack`: only a
      // k-th best above bound · slack rules all of them out; otherwise the caller searches exhaustively.
      if (slack > 0 && !(lo > 0)) exact = false;
      else if (lo < cut) scored = this.scoreRange(best, scan, lo, cut, pass, subtree, scored);
    }
    const out: ArtifactMatch[] = [];
    for (let i = 0; exact && i < best.size; i++)
      out.push(this.artifactMatch(best.ids[i] as number, best.scores[i] as number, subtree));
    this.reset(scored);
    return exact ? out : undefined;
  }

  /**
   * Pass 1: the artifacts of the capabilities scoring at least `cut`, best capabilities first
   * (a counting sort into the histogram's bins), so the k-th best score rises early. Stops at
   * the first capability whose bin's upper edge E has up(E) · bound ≤ the k-th best: every
   * capability left, in this pass or below `cut`, scores less (`stopped`). Returns the scored count.
   */
  private scoreDescending(
    best: TopK,
    scan: number,
    cut: number,
    maxScore: number,
    bound: number,
    pass: Uint8Array | undefined,
    subtree: string | undefined,
    scored: number,
  ): number {
    const m = this.gather(scan, cut);
    const sorted = this.bucket(m, maxScore);
    const acc = this.acc,
      B = this.hist.length,
      scale = maxScore > 0 ? B / maxScore : 0,
      slack = this.slack;
    // CANDIDATE_CAPS ∞ scores every touched artifact: the reference the property tests compare with.
    const scoreAll = this.p.candidateCaps === Infinity;
    this.stopped = false;
    let count = scored;
    for (let j = 0; j < m; j++) {
      const d = sorted[j] as number,
        a = this.capArtifact[d] as number;
      if (this.artSeen[a] !== 0) continue;
      const b = Math.min(B - 1, Math.floor((acc[d] as number) * scale));
      // 1e-12: (b + 1) / scale may round below a score that floor(score · scale) put in bin b.
      const upper = b === B - 1 ? Infinity : ((b + 1) / scale) * (1 + 1e-12);
      if (
        scoreAll ||
        best.size < best.k ||
        (slack > 0 ? (upper + slack) * SUM_MARGIN : upper) * bound > best.threshold()
      ) {
        count = this.scoreArtifact(best, a, pass, subtree, count);
        continue;
      }
      this.stopped = true;
      break;
    }
    return count;
  }

  /** Collects into `cand` the written capabilities scoring at least `cut`; returns how many. */
  private gather(scan: number, cut: number): number {
    if (this.kernel && this.arena) {
      const { accByte, candByte, touchedByte } = this.arena;
      // A touched count past the list's room (only when a weight is 0) reads no further than the list, as typed arrays do.
      const n = scan < 0 ? this.acc.length : Math.min(scan, this.touched.length);
      return this.kernel.gather(n, accByte, cut, candByte, touchedByte, scan < 0 ? 1 : 0);
    }
    const acc = this.acc,
      touched = this.touched;
    let m = 0,
      cand = this.cand;
    if (scan < 0) {
      for (let d = 0; d < acc.length; d++) {
        const s = acc[d] as number;
        if (s < cut || s === 0) continue;
        if (m === cand.length) cand = this.cand = ensure(cand, m + 1);
        cand[m++] = d;
      }
    } else {
      for (let i = 0; i < scan; i++) {
        const d = touched[i] as number;
        const s = acc[d] as number;
        if (s < cut || s === 0) continue;
        if (m === cand.length) cand = this.cand = ensure(cand, m + 1);
        cand[m++] = d;
      }
    }
    return m;
  }

  /** The first `m` candidates by descending histogram bin over [0, maxScore] (a counting sort). */
  private bucket(m: number, maxScore: number): Uint32Array {
    const acc = this.acc,
      cand = this.cand,
      B = this.hist.length,
      scale = maxScore > 0 ? B / maxScore : 0;
    if (this.sorted.length < m) this.sorted = new Uint32Array(cand.length);
    const start = this.binStart,
      sorted = this.sorted;
    start.fill(0);
    for (let j = 0; j < m; j++) {
      const b = Math.min(B - 1, Math.floor((acc[cand[j] as number] as number) * scale));
      start[b] = (start[b] as number) + 1;
    }
    for (let b = B - 1, at = 0; b >= 0; b--) {
      const c = start[b] as number;
      start[b] = at;
      at += c;
    }
    for (let j = 0; j < m; j++) {
      const d = cand[j] as number,
        b = Math.min(B - 1, Math.floor((acc[d] as number) * scale));
      sorted[start[b] as number] = d;
      start[b] = (start[b] as number) + 1;
    }
    return sorted;
  }

  /** Clears what a query wrote: scored marks, the accumulator, the deferred terms and learned additions. */
  private reset(scored: number): void {
    for (let i = 0; i < scored; i++) this.artSeen[this.artTouched[i] as number] = 0;
    if (this.written < 0) this.acc.fill(0);
    else for (let i = 0; i < this.written; i++) this.acc[this.touched[i] as number] = 0;
    this.deferCount = 0;
    this.slack = 0;
    if (this.learnedAdd) for (const d of this.learnedList) this.learnedAdd[d] = 0;
    this.learnedList.length = 0;
  }

  /**
   * Completes artifact a term by term while it may still reach the k-th best score: before each
   * deferred term its bound is taken again with only the terms left, so an artifact whose
   * capabilities lack the large deferred terms is ruled out after a probe or two. Returns false
   * when ruled out (its scores are then partial, and never read again).
   */
  private completeWhileViable(a: number, subtree: string | undefined, threshold: number): boolean {
    for (let j = 0; j < this.deferCount; j++) {
      if (this.artifactUpper(a, subtree, this.deferRest[j] as number) < threshold) return false;
      this.addDeferred(a, j);
    }
    this.addLearned(a);
    return true;
  }

  /**
   * About the `m`-th largest score among the first `scan` touched capabilities (histogram over
   * [0, maxScore]); a guess that decides work, never results.
   */
  quantile(scan: number, maxScore: number, m: number): number {
    return this.firstCut(scan, maxScore, m);
  }

  /**
   * A capability score that about `target` touched capabilities reach, estimated from a
   * histogram over [0, maxScore] of a strided sample; it decides how the work splits between
   * the passes of aggregate(), never the result.
   * `scan` < 0: walk the whole accumulator; otherwise the first `scan` touched ids.
   */
  private firstCut(scan: number, maxScore: number, target: number): number {
    const hist = this.hist,
      B = hist.length,
      acc = this.acc,
      touched = this.touched;
    hist.fill(0);
    const scale = maxScore > 0 ? B / maxScore : 0;
    const n = scan < 0 ? this.acc.length : Math.min(scan, touched.length);
    const stride = Math.max(1, Math.floor(n / (target * SAMPLE_PER_CANDIDATE)));
    if (this.kernel && this.arena) {
      const a = this.arena;
      this.kernel.histogram(n, a.accByte, stride, scale, a.histByte, a.touchedByte, scan < 0 ? 1 : 0);
    } else
      for (let i = 0; i < n; i += stride) {
        const s = acc[scan < 0 ? i : (touched[i] as number)] as number;
        if (s > 0) {
          const b = Math.min(B - 1, Math.floor(s * scale));
          hist[b] = (hist[b] as number) + 1;
        }
      }
    let count = 0,
      b = B - 1;
    for (; b > 0; b--) if ((count += hist[b] as number) * stride >= target) break;
    return scale > 0 ? b / scale : 0;
  }

  /** Scores (once) the artifact of every touched capability with lo ≤ score < hi; returns the new scored count. */
  private scoreRange(
    best: TopK,
    scan: number,
    lo: number,
    hi: number,
    pass: Uint8Array | undefined,
    subtree: string | undefined,
    scored: number,
  ): number {
    const acc = this.acc,
      touched = this.touched,
      capArtifact = this.capArtifact,
      artSeen = this.artSeen;
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
  private scoreArtifact(
    best: TopK,
    a: number,
    pass: Uint8Array | undefined,
    subtree: string | undefined,
    scored: number,
    upfront = false,
  ): number {
    if (this.artSeen[a] !== 0) return scored;
    this.artSeen[a] = 1;
    this.artTouched[scored] = a;
    if (!pass || pass[a]) {
      // Completing costs a binary search per deferred term: rule the artifact out from its bound first.
      if (this.slack > 0 && !upfront && best.size === best.k) {
        if (!this.completeWhileViable(a, subtree, best.threshold())) return scored + 1;
      } else if (this.deferCount > 0 || this.learnedList.length > 0) this.complete(a);
      const score = this.artifactScore(a, subtree);
      if (score >= 0) best.push(score, a);
    }
    return scored + 1;
  }

  /**
   * An upper bound of artifact a's final score while deferred terms worth at most `slack` are
   * still to be added: each capability counts as its score so far plus `slack`, aggregated like artifactScore with the artifact's own prior. Not for artifacts with
   * learned additions (scored up front).
   */
  private artifactUpper(a: number, subtree: string | undefined, slack: number): number {
    const D = this.p.aggregateDepth,
      acc = this.acc,
      top = this.bestS;
    let n = 0;
    for (let d = this.artStart[a] as number, end = this.artStart[a + 1] as number; d < end; d++) {
      const s = (acc[d] as number) + slack;
      if (n === D && (top[D - 1] as number) >= s) continue;
      if (subtree && !this.ix.capWithin(d, subtree)) continue;
      let j = n < D ? n++ : D - 1;
      while (j > 0 && (top[j - 1] as number) < s) {
        top[j] = top[j - 1] as number;
        j--;
      }
      top[j] = s;
    }
    let rel = 0,
      w = 1;
    for (let j = 0; j < n; j++) {
      rel += w * (top[j] as number);
      w *= this.p.aggregateDecay;
    }
    rel = rel * SUM_MARGIN + (this.nameBonus[a] as number);
    return rel * (1 + this.p.priorWeight * ((this.priors[a] as number) - 0.5)) * (1 + 1e-9);
  }

  /**
   * Final score of artifact `a` (DESIGN.md, "Scoring"), or −1 when none of its capabilities is
   * touched. Leaves its best capabilities in bestS/bestC (ties: lower ordinal first).
   */
  private artifactScore(a: number, subtree: string | undefined): number {
    const D = this.p.aggregateDepth,
      acc = this.acc,
      bestS = this.bestS,
      bestC = this.bestC;
    let n = 0;
    for (let d = this.artStart[a] as number, end = this.artStart[a + 1] as number; d < end; d++) {
      const s = acc[d] as number;
      if (s === 0 || (n === D && (bestS[D - 1] as number) >= s)) continue;
      if (subtree && !this.ix.capWithin(d, subtree)) continue;
      let j = n < D ? n++ : D - 1;
      while (j > 0 && (bestS[j - 1] as number) < s) {
        bestS[j] = bestS[j - 1] as number;
        bestC[j] = bestC[j - 1] as number;
        j--;
      }
      bestS[j] = s;
      bestC[j] = d;
    }
    if (n === 0) return -1;
    if (n < D) bestC[n] = -1;
    let rel = 0,
      w = 1;
    for (let j = 0; j < n; j++) {
      rel += w * (bestS[j] as number);
      w *= this.p.aggregateDecay;
    }
    rel += this.nameBonus[a] as number;
    return rel * (1 + this.p.priorWeight * ((this.priors[a] as number) - 0.5));
  }

  /** The result record of one of the k best artifacts (the only per-artifact allocation of a query). */
  private artifactMatch(a: number, score: number, subtree: string | undefined): ArtifactMatch {
    this.artifactScore(a, subtree);
    let rel = 0,
      w = 1;
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
