import { analyzeQuery } from "../text/analyze.js";
import {
  FAILURE_SHARE,
  FULL_TRUST_REPORTERS,
  MIN_REPORTERS,
  OUTCOME_HALF_LIFE_DAYS,
  REPORTER_INTENTS,
} from "../outcomes/feedback.js";

// The learning policy (who may teach, how much) is published with the methodology, so it lives with the outcome statistics.
export { FAILURE_SHARE, FULL_TRUST_REPORTERS, MIN_REPORTERS, REPORTER_INTENTS };

/**
 * The learned side of the match graph (match/DESIGN.md, "Learned intents"): intents that
 * reported outcomes tied to capabilities. A new intent is compared with every learned intent
 * (cosine of idf-weighted terms, the idf taken over the learned intents themselves, so the
 * words every intent uses — "provide", "information" — weigh little); each capability takes its
 * nearest learned intents: successes pull it up, failures push it down. A capability learns
 * nothing until MIN_REPORTERS distinct reporters taught it, and one reporter counts at most
 * REPORTER_INTENTS intents per capability.
 */

export {
  DEFAULT_LEARNED,
  LEARNED_DECAY,
  LEARNED_NEIGHBOURS,
  LEARNED_V1,
  MIN_SIMILARITY,
  type LearnedParams,
} from "./learned-params.js";
import { DEFAULT_LEARNED, MIN_SIMILARITY, type LearnedParams } from "./learned-params.js";
import type { AnalysedOutcome } from "./learned-outcomes.js";
import { accumulate, insertNearest, NORM, topSum, trustOf } from "./learned-votes.js";

export type { LearnedOutcome } from "../outcomes/feedback.js";

/** A capability's learned evidence on one search: successes − failures, and who taught it. */
export interface LearnedHit {
  /** Capability ordinal in the catalog index. */
  ordinal: number;
  /** In [−1, 1]: trust × (success votes − failure votes) over the nearest learned intents. */
  score: number;
  /** The successful learned intents that voted (indices into the index that scored it; see `LearnedIndex.explain`). */
  voters: number[];
}

/** What the artifact page shows: the intents a capability answered, by distinct reporters. */
export interface LearnedIntentSummary {
  intent: string;
  capabilityId: string;
  people: number;
  lastAt: string;
}

interface Example {
  ordinal: number;
  intent: string;
  terms: Map<string, number>;
  /** +1 success, −1 failure. */
  sign: number;
  /** Decayed weight of its reporters' votes, ≤ the number of reporters. */
  weight: number;
  reporters: Set<string>;
  lastAt: string;
}

/** The learned intents as a small inverted index; rebuilt from the outcome rows, never from the catalog. */
export class LearnedIndex {
  private readonly examples: Example[] = [];
  /** Term → learned intents holding it and their weights in the unit-length intent vector (typed arrays: the query loop reads only these). */
  private readonly postings = new Map<string, { ex: Uint32Array; w: Float32Array }>();
  private readonly idf = new Map<string, number>();
  /** The learned field: term → capabilities whose successful intents hold it, with their BM25 impact (idf included). */
  private readonly field = new Map<string, { impact: Map<number, number>; idf: number }>();
  /** idf of a word no capability's field holds. */
  private fieldMaxIdf = 0;
  /** Per capability ordinal: trust in [0, 1] from its distinct reporters. */
  private readonly trust = new Map<number, number>();
  private readonly dot: Float64Array;
  private readonly touched: Uint32Array;
  private readonly p: LearnedParams;

  /**
   * `ordinalOf(slug, capabilityId)`: the capability's ordinal in the catalog index, or
   * undefined when it is gone. `now` dates the decay.
   */
  constructor(
    outcomes: Iterable<AnalysedOutcome>,
    ordinalOf: (slug: string, capabilityId: string) => number | undefined,
    now: Date,
    params: Partial<LearnedParams> = {},
  ) {
    this.p = { ...DEFAULT_LEARNED, ...params };
    this.collect(outcomes, ordinalOf, now);
    this.index();
    this.indexField();
    this.dot = new Float64Array(this.examples.length);
    this.touched = new Uint32Array(this.examples.length);
  }

  get size(): number {
    return this.examples.length;
  }

  private collect(
    outcomes: Iterable<AnalysedOutcome>,
    ordinalOf: (slug: string, capabilityId: string) => number | undefined,
    now: Date,
  ): void {
    // Newest first, so the cap per reporter keeps a reporter's most recent intents.
    const rows = [...outcomes].sort((a, b) => b.seq - a.seq);
    const perReporter = new Map<string, number>();
    const byKey = new Map<string, Example>();
    const reporters = new Map<number, Set<string>>();
    for (const r of rows) {
      const ordinal = ordinalOf(r.slug, r.capabilityId);
      if (ordinal === undefined) continue;
      const capKey = `${ordinal}\u0000${r.reporter}`;
      const taught = perReporter.get(capKey) ?? 0;
      if (taught >= REPORTER_INTENTS) continue;
      const terms = r.terms;
      if (terms.length === 0) continue;
      const key = `${ordinal}\u0000${r.outcome}\u0000${[...new Set(terms)].sort().join(" ")}`;
      let ex = byKey.get(key);
      if (!ex) {
        const tf = new Map<string, number>();
        for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
        ex = {
          ordinal,
          intent: r.query,
          terms: tf,
          sign: r.outcome === "success" ? 1 : -1,
          weight: 0,
          reporters: new Set(),
          lastAt: r.at,
        };
        byKey.set(key, ex);
      }
      // One vote per reporter per learned intent, however often it is sent.
      if (ex.reporters.has(r.reporter)) continue;
      ex.reporters.add(r.reporter);
      perReporter.set(capKey, taught + 1);
      ex.weight += 0.5 ** (Math.max(0, now.getTime() - Date.parse(r.at)) / (OUTCOME_HALF_LIFE_DAYS * 86_400_000));
      // Trust counts everyone who reported on the capability, so failures alone can weaken it.
      const s = reporters.get(ordinal) ?? new Set<string>();
      s.add(r.reporter);
      reporters.set(ordinal, s);
    }
    for (const [ordinal, s] of reporters) this.trust.set(ordinal, trustOf(s.size));
    for (const ex of byKey.values()) if (this.trustOf(ex.ordinal) > 0) this.examples.push(ex);
  }

  private trustOf(ordinal: number): number {
    return this.trust.get(ordinal) ?? 0;
  }

  /** idf over the learned intents, then unit-length term vectors in postings. */
  private index(): void {
    const df = new Map<string, number>();
    for (const ex of this.examples) for (const t of ex.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const n = this.examples.length;
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + n / d));
    const lists = new Map<string, { ex: number[]; w: number[] }>();
    this.examples.forEach((ex, i) => {
      let norm = 0;
      const w = new Map<string, number>();
      for (const [t, tf] of ex.terms) {
        const v = (1 + Math.log(tf)) * (this.idf.get(t) ?? 0);
        w.set(t, v);
        norm += v * v;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [t, v] of w) {
        let l = lists.get(t);
        if (!l) lists.set(t, (l = { ex: [], w: [] }));
        l.ex.push(i);
        l.w.push(v / norm);
      }
    });
    for (const [t, l] of lists) this.postings.set(t, { ex: Uint32Array.from(l.ex), w: Float32Array.from(l.w) });
  }

  /**
   * The learned field: each capability's successful intents as one document, a term's frequency
   * being the (decayed, ≤ 1 each) intents that hold it, scored by BM25 over the capabilities that
   * learned something. Unlike the nearest neighbours it pools the words of all of a capability's
   * intents, so a new phrasing that mixes words of several of them still meets it.
   */
  private indexField(): void {
    if (this.p.fieldWeight <= 0) return;
    const len = new Map<number, number>();
    const tfs = new Map<string, Map<number, number>>();
    for (const ex of this.examples) {
      if (ex.sign < 0) continue;
      len.set(ex.ordinal, (len.get(ex.ordinal) ?? 0) + ex.terms.size);
      for (const t of ex.terms.keys()) {
        let m = tfs.get(t);
        if (!m) tfs.set(t, (m = new Map()));
        m.set(ex.ordinal, (m.get(ex.ordinal) ?? 0) + Math.min(1, ex.weight));
      }
    }
    const n = len.size;
    let avg = 0;
    for (const l of len.values()) avg += l / Math.max(1, n);
    this.fieldMaxIdf = Math.log(1 + (n + 0.5) / 0.5);
    const { fieldK1: k1, fieldB: b } = this.p;
    for (const [t, m] of tfs) {
      const idf = Math.log(1 + (n - m.size + 0.5) / (m.size + 0.5));
      const impact = new Map<number, number>();
      for (const [o, tf] of m) {
        const x = tf / (1 - b + (b * (len.get(o) ?? 0)) / (avg || 1));
        impact.set(o, (idf * x) / (k1 + x));
      }
      this.field.set(t, { impact, idf });
    }
  }

  /** Learned evidence per capability for an intent (only capabilities with a voting neighbour). */
  score(query: string): LearnedHit[] {
    if (this.examples.length === 0) return [];
    const q = new Map<string, number>();
    for (const t of analyzeQuery(query)) q.set(t, (q.get(t) ?? 0) + 1);
    let norm = 0,
      unknown = 0;
    const qw: [string, number][] = [];
    for (const [t, tf] of q) {
      const idf = this.idf.get(t);
      if (!idf) {
        unknown++;
        continue;
      }
      const v = (1 + Math.log(tf)) * idf;
      qw.push([t, v]);
      norm += v * v;
    }
    if (qw.length === 0) return [];
    if (this.p.unknownWords) norm += unknown * Math.log(1 + this.examples.length) ** 2;
    norm = Math.sqrt(norm);
    const dot = this.dot;
    let n = 0;
    for (const [t, v] of qw) {
      const p = this.postings.get(t);
      if (p) n = accumulate(dot, this.touched, n, p.ex, p.w, v / norm);
    }
    const hits = this.vote(
      this.touched.subarray(0, n),
      qw.map(([t]) => t),
      unknown,
    );
    for (let j = 0; j < n; j++) dot[this.touched[j] as number] = 0;
    return hits;
  }

  /** The query's words' learned-field postings (capability ordinal → impact), read once per query. */
  private fieldRows(terms: readonly string[]): Map<number, number>[] {
    const rows: Map<number, number>[] = [];
    for (const t of terms) {
      const f = this.field.get(t);
      if (f) rows.push(f.impact);
    }
    return rows;
  }

  /**
   * BM25 of the query over the learned field of one capability, over the most the query's words
   * could score (so in [0, 1]). Read only for capabilities with a success at MIN_SIMILARITY or
   * closer: scoring every capability that shares a word doubled the cost of a search at 100k
   * capabilities.
   */
  private fieldScore(ordinal: number, rows: readonly Map<number, number>[], most: number): number {
    if (most <= 0) return 0;
    let s = 0;
    for (const r of rows) s += r.get(ordinal) ?? 0;
    return s / most;
  }

  /** The most the query's words could score on the learned field (words it lacks count at the largest idf). */
  private fieldMost(terms: readonly string[], unknown: number): number {
    let most = this.p.unknownWords ? unknown * this.fieldMaxIdf : 0;
    for (const t of terms) most += this.field.get(t)?.idf ?? (this.p.unknownWords ? this.fieldMaxIdf : 0);
    return most;
  }

  /**
   * Three views, each in [0, 1], mixed: each capability's own nearest successes
   * (Σ decay^rank · similarity · min(1, weight), over its best possible), its share of the
   * query's nearest successes over all capabilities (similarity-weighted, normalised per query,
   * times the nearest one's similarity), and the learned field; then failures subtract
   * FAILURE_SHARE of their own nearest, and trust scales the lot.
   */
  private vote(touched: Uint32Array, terms: readonly string[], unknown: number): LearnedHit[] {
    const { knnNeighbours: k, knnShare, fieldWeight } = this.p;
    // Hundreds of capabilities per query once thousands of intents are learned: one slot each, no object per capability.
    const slots = new Map<number, number>();
    const ordinals: number[] = [],
      pos: number[][] = [],
      neg: (number[] | undefined)[] = [],
      voters: number[][] = [],
      knn: number[] = [],
      close: boolean[] = [];
    const near: number[] = [];
    const floor = this.p.similarityFloor;
    for (const i of touched) {
      const raw = this.dot[i] as number;
      if (raw < MIN_SIMILARITY) continue;
      const ex = this.examples[i] as Example;
      let v = slots.get(ex.ordinal);
      if (v === undefined) {
        v = ordinals.length;
        slots.set(ex.ordinal, v);
        ordinals.push(ex.ordinal);
        pos.push([]);
        neg.push(undefined);
        voters.push([]);
        knn.push(0);
        close.push(false);
      }
      // A success between MIN_SIMILARITY and the floor does not vote, but its capability's learned field is read.
      if (ex.sign > 0) close[v] = true;
      if (raw < floor) continue;
      // Rescaled in place: the per-query vote below reads the same similarities.
      const sim = (raw - floor) / (1 - floor);
      this.dot[i] = sim;
      if (ex.sign < 0) {
        (neg[v] ??= []).push(sim * Math.min(1, ex.weight));
        continue;
      }
      (pos[v] as number[]).push(sim * Math.min(1, ex.weight));
      (voters[v] as number[]).push(i);
      if (knnShare > 0) insertNearest(near, i, this.dot, k);
    }
    if (near.length) {
      let total = 0;
      for (const i of near) total += this.dot[i] as number;
      const nearest = this.dot[near[0] as number] as number;
      for (const i of near) {
        const ex = this.examples[i] as Example;
        const v = slots.get(ex.ordinal) as number;
        knn[v] = (knn[v] as number) + ((this.dot[i] as number) * Math.min(1, ex.weight) * nearest) / total;
      }
    }
    const most = fieldWeight > 0 ? this.fieldMost(terms, unknown) : 0;
    const rows = fieldWeight > 0 ? this.fieldRows(terms) : [];
    const out: LearnedHit[] = [];
    for (let v = 0; v < ordinals.length; v++) {
      const ordinal = ordinals[v] as number;
      const neighbours = knnShare * (knn[v] as number) + ((1 - knnShare) * topSum(pos[v] as number[])) / NORM;
      const field = fieldWeight > 0 && close[v] ? this.fieldScore(ordinal, rows, most) : 0;
      const mixed = (neighbours + fieldWeight * field) / (1 + fieldWeight);
      const failed = neg[v];
      const score = this.trustOf(ordinal) * (mixed - (failed ? (FAILURE_SHARE * topSum(failed)) / NORM : 0));
      if (score !== 0) out.push({ ordinal, score, voters: voters[v] as number[] });
    }
    return out;
  }

  /** Distinct reporters behind a hit's successful voters, and the nearest of their intents (`query` is the intent it was scored for). */
  explain(hit: LearnedHit, query: string): { people: number; intent: string } {
    const people = new Set<string>();
    let best = -1,
      intent = "";
    const q = new Set(analyzeQuery(query));
    for (const i of hit.voters) {
      const ex = this.examples[i] as Example;
      for (const r of ex.reporters) people.add(r);
      let shared = 0;
      for (const t of ex.terms.keys()) if (q.has(t)) shared += this.idf.get(t) ?? 0;
      if (shared > best) {
        best = shared;
        intent = ex.intent;
      }
    }
    return { people: people.size, intent };
  }

  /** The intents a capability (by ordinal) answered, most reporters first. */
  intentsOf(ordinal: number, limit: number): { intent: string; people: number; lastAt: string }[] {
    return this.examples
      .filter((e) => e.ordinal === ordinal && e.sign > 0)
      .sort((a, b) => b.reporters.size - a.reporters.size || b.lastAt.localeCompare(a.lastAt))
      .slice(0, limit)
      .map((e) => ({ intent: e.intent, people: e.reporters.size, lastAt: e.lastAt }));
  }
}
