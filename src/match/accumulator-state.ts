import type { FieldName, MatchParams } from "./params.js";
import type { Postings } from "./postings.js";
import { HIST_BINS, postingsKernel, type Kernel, type PostingsArena } from "./kernel.js";

/**
 * Relative margin on a sum of float32 additions (each rounds by at most 2⁻²⁴; a query has far
 * fewer than 100 terms), so a bound computed in doubles stays a bound of the stored sum.
 */
export const SUM_MARGIN = 1 + 1e-5;

/** A query term a capability contains, and in which fields (a result's explanation). */
export interface TermMatch {
  term: string;
  fields: readonly FieldName[];
  /** "related": a word people use for the typed one, from the learned translations (match/DESIGN.md, "Translation model"). */
  kind: "typed" | "synonym" | "typo" | "related";
  via?: string;
}

/** `why`: the query terms the capability contains and where (set by the engine for its results). */
export interface CapabilityMatch {
  ordinal: number;
  score: number;
  why?: TermMatch[];
}
export interface ArtifactMatch {
  artifact: number;
  score: number;
  relevance: number;
  nameBonus: number;
  capabilities: CapabilityMatch[];
}

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
 * The per-query state of an Accumulator and the primitives that add to it (postings, boosts,
 * deferred terms, learned nudges); accumulator.ts aggregates it into the exact top k.
 */
export class AccumulatorState {
  readonly acc: Float32Array;
  readonly touched: Uint32Array;
  protected readonly post: Postings;
  protected readonly artStart: Uint32Array;
  protected readonly capArtifact: Uint32Array;
  protected readonly capOrdinal: Uint32Array;
  protected readonly nameBonus: Float32Array;
  protected readonly priors: Float32Array;
  protected readonly p: MatchParams;
  protected readonly artSeen: Uint8Array;
  protected readonly artTouched: Uint32Array;
  /** One artifact's best capability scores and internal ids while it is scored. */
  protected readonly bestS: Float64Array;
  protected readonly bestC: Int32Array;
  protected readonly hist: Uint32Array;
  /** The WebAssembly loops over the postings' arena, which also holds acc, touched and cand (absent: JavaScript loops). */
  protected readonly kernel: Kernel | undefined;
  protected readonly arena: PostingsArena | undefined;
  /**
   * The query's deferred terms (MaxScore's non-essential ones: id, weight), added to an artifact's
   * capabilities only when it is scored, in the same order as the exhaustive pass would add them.
   */
  protected deferIds = new Int32Array(16);
  protected deferW = new Float64Array(16);
  protected deferRest = new Float64Array(16);
  protected deferCount = 0;
  /** Learned-intent additions per capability (internal id; 0 = none), applied when its artifact is scored. */
  protected learnedAdd: Float64Array | undefined;
  protected readonly learnedList: number[] = [];
  protected learnedFloor = 0;
  /** Pass 1's candidates, and the same ids by descending bin. */
  protected cand = new Uint32Array(1024);
  protected sorted = new Uint32Array(1024);
  protected readonly binStart = new Uint32Array(256);
  /** Pass 1 proved that no capability it left can lift its artifact into the top k. */
  protected stopped = false;
  /** What the deferred terms may still add to any capability (Σ of their bounds; 0: none deferred). */
  protected slack = 0;
  /** Touched ids written so far (scan and completions), or −1 while the whole array is walked. */
  protected written = 0;

  constructor(protected readonly ix: Scoring) {
    ({
      post: this.post,
      artStart: this.artStart,
      capArtifact: this.capArtifact,
      capOrdinal: this.capOrdinal,
      nameBonus: this.nameBonus,
      priors: this.priors,
      params: this.p,
    } = ix);
    const n = ix.capArtifact.length,
      artifacts = ix.artStart.length - 1;
    const arena = (this.arena = this.post.arena);
    // The kernel works in place: the accumulator's arrays lie in the arena, after the postings.
    if (arena) {
      const buffer = arena.memory.buffer;
      this.acc = new Float32Array(buffer, arena.accByte, n);
      this.touched = new Uint32Array(buffer, arena.touchedByte, n);
      this.cand = new Uint32Array(buffer, arena.candByte, n);
      this.hist = new Uint32Array(buffer, arena.histByte, HIST_BINS);
      this.kernel = postingsKernel(arena);
    } else {
      this.acc = new Float32Array(n);
      this.touched = new Uint32Array(n);
      this.hist = new Uint32Array(HIST_BINS);
    }
    this.artSeen = new Uint8Array(artifacts);
    this.artTouched = new Uint32Array(artifacts);
    this.bestS = new Float64Array(this.p.aggregateDepth);
    this.bestC = new Int32Array(this.p.aggregateDepth);
  }

  /** The query's deferred terms, in the order the exhaustive pass adds them (after the accumulated ones). */
  defer(ids: readonly number[], weights: readonly number[], bounds: readonly number[]): void {
    if (ids.length >= this.deferIds.length) {
      this.deferIds = new Int32Array(ids.length * 2);
      this.deferW = new Float64Array(ids.length * 2);
      this.deferRest = new Float64Array(ids.length * 2);
    }
    this.deferIds.set(ids);
    this.deferW.set(weights);
    this.deferCount = ids.length;
    // deferRest[j]: what terms j.. may still add to a capability (the sum of their bounds).
    this.deferRest[ids.length] = 0;
    for (let j = ids.length - 1; j >= 0; j--)
      this.deferRest[j] = (this.deferRest[j + 1] as number) + (bounds[j] as number);
  }

  /**
   * Learned-intent additions (internal id → value, which may be negative) for this query. They are
   * applied to a capability after its lexical score is complete, when its artifact is scored; the
   * caller scores those artifacts up front.
   */
  deferLearned(ids: readonly number[], values: readonly number[], floor: number): void {
    const add = (this.learnedAdd ??= new Float64Array(this.acc.length));
    ids.forEach((d, i) => {
      add[d] = values[i] as number;
      this.learnedList.push(d);
    });
    this.learnedFloor = floor;
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
    if (this.kernel && this.arena) {
      const { accByte, touchedByte } = this.arena;
      const from = 8 * (this.post.start[id] as number),
        to = 8 * (this.post.start[id + 1] as number);
      return this.kernel.addTouched(from, to, w, accByte, touchedByte, touchedCount, this.touched.length);
    }
    const acc = this.acc,
      touched = this.touched,
      docs = this.post.docs,
      imps = this.post.impacts;
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
    if (this.kernel && this.arena) {
      this.kernel.add(
        8 * (this.post.start[id] as number),
        8 * (this.post.start[id + 1] as number),
        w,
        this.arena.accByte,
      );
      return;
    }
    const acc = this.acc,
      docs = this.post.docs,
      imps = this.post.impacts;
    for (let p = 2 * (this.post.start[id] as number), end = 2 * (this.post.start[id + 1] as number); p < end; p += 2) {
      const d = docs[p] as number;
      acc[d] = (acc[d] as number) + w * (imps[p + 1] as number);
    }
  }

  /** acc += unit · similarity (clipped at 0); `semantic` is indexed by the caller's ordinals. */
  addSemantic(semantic: Float32Array, unit: number, touchedCount: number): number {
    const acc = this.acc,
      touched = this.touched,
      capOrdinal = this.capOrdinal;
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
   * Completes the scores of artifact a's capabilities: adds the deferred terms (postings of the
   * slice found by binary search; ids are ascending), then the learned additions, in the order the
   * exhaustive pass uses, so the float32 sums are the same.
   */
  protected complete(a: number): void {
    for (let j = 0; j < this.deferCount; j++) this.addDeferred(a, j);
    this.addLearned(a);
  }

  /** Adds deferred term j to artifact a's capabilities (their postings found by binary search; ids ascend). */
  protected addDeferred(a: number, j: number): void {
    const from = this.artStart[a] as number,
      to = this.artStart[a + 1] as number;
    const acc = this.acc,
      docs = this.post.docs,
      imps = this.post.impacts,
      start = this.post.start;
    const id = this.deferIds[j] as number,
      w = this.deferW[j] as number;
    let lo = start[id] as number,
      hi = start[id + 1] as number;
    const end = hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((docs[2 * mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    for (let p = lo; p < end; p++) {
      const d = docs[2 * p] as number;
      if (d >= to) break;
      const cur = acc[d] as number;
      if (cur === 0 && this.written >= 0) this.touched[this.written++] = d;
      acc[d] = cur + w * (imps[2 * p + 1] as number);
    }
  }

  /** Applies the learned additions to artifact a's capabilities (after their lexical scores are complete). */
  protected addLearned(a: number): void {
    if (this.learnedList.length === 0) return;
    const from = this.artStart[a] as number,
      to = this.artStart[a + 1] as number,
      acc = this.acc;
    const add = this.learnedAdd as Float64Array;
    for (let d = from; d < to; d++) {
      const v = add[d] as number;
      if (v === 0) continue;
      const cur = acc[d] as number;
      if (v > 0) {
        if (cur === 0 && this.written >= 0) this.touched[this.written++] = d;
        acc[d] = cur + v;
      } else if (cur > 0) acc[d] = Math.max(this.learnedFloor, cur + v);
    }
  }

  /** Upper bound of (final score / best capability score) over unnamed artifacts, with a rounding margin. */
  artifactBound(): number {
    return this.capBound();
  }

  protected capBound(): number {
    let sum = 0,
      w = 1;
    for (let j = 0; j < this.p.aggregateDepth; j++) {
      sum += w;
      w *= this.p.aggregateDecay;
    }
    return sum * (1 + Math.abs(this.p.priorWeight) / 2) * (1 + 1e-9);
  }
}
