import { analyzeQueryParts, DIRECTED_PAIR_WEIGHT } from "../text/analyze.js";
import type { LearnedHit } from "./learned.js";
import { addTranslations } from "./translation.js";
import { IndexData, type QueryTerm } from "./index-data.js";

/** Words whose corrections and stem forms an index keeps (QueryReader.wordCache). */
export const WORD_CACHE = 20_000;

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
/**
 * Reading a query against an index: filler removal, typo correction, joined words, stem forms,
 * synonyms and learned translations, each checked against the vocabulary of the index (and of its
 * base, for a delta segment). The scoring is MatchIndex's.
 */
export class QueryReader extends IndexData {
  /**
   * A word's typo corrections and stem forms, per index (whose vocabulary never changes): queries
   * repeat words far more than they repeat each other. Emptied when full, since words come from clients.
   */
  private readonly wordCache = new Map<string, { fixes?: string[]; forms?: string[] }>();

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
    // By the shared statistics, like every other term, so a delta segment adds what its base would.
    const idf = (t: string) => this.statsIdf(t);
    if (this.translations)
      addTranslations(
        corrected,
        this.translations,
        { weight: this.p.translationWeight, minScore: this.p.translationMinScore },
        idf,
        out,
      );
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
    const hit = this.cached(w);
    return (hit.forms ??= this.stemFormsOf(w));
  }

  private stemFormsOf(w: string): string[] {
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
    const hit = this.cached(t);
    return (hit.fixes ??= this.correctionsOf(t));
  }

  private cached(word: string): { fixes?: string[]; forms?: string[] } {
    let hit = this.wordCache.get(word);
    if (!hit) {
      if (this.wordCache.size >= WORD_CACHE) this.wordCache.clear();
      hit = {};
      this.wordCache.set(word, hit);
    }
    return hit;
  }

  private correctionsOf(t: string): string[] {
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
}
