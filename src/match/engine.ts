import type { Taxonomy } from "../catalog/taxonomy.js";
import { analyze, analyzeQueryParts, DIRECTED_PAIR_WEIGHT } from "./analyzer.js";
import { buildPostings, findPosting, Vocabulary, type FieldText, type Postings } from "./postings.js";
import { SynonymTable } from "./synonyms.js";
import { Accumulator, type ArtifactMatch, type TermMatch } from "./accumulator.js";
import { DEFAULT_PARAMS, FIELD_NAMES, type FieldName, type MatchParams } from "./params.js";
import { TypoIndex } from "./typo.js";
import type { LearnedHit, LearnedIndex } from "./learned.js";

export * from "./params.js";

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

/** "OpenAI: " in "OpenAI: Whisper": a vendor prefix, which people leave out when they name the artifact. */
const VENDOR_PREFIX = /^[^:]{1,40}:\s+/;

export interface MatchFilters {
  kind?: string;
  category?: string;
  free?: boolean;
  pricing?: string;
  license?: string;
  /** Taxonomy subtree: `capability://image` or `capability://image.*`. */
  subtree?: string;
}

export interface QueryTerm { term: string; weight: number; kind: TermMatch["kind"]; via?: string }

export type { ArtifactMatch, CapabilityMatch, TermMatch } from "./accumulator.js";
export interface MatchResult {
  terms: QueryTerm[]; nodes: { uri: string; score: number }[]; artifacts: ArtifactMatch[];
  /** Capabilities the learned intents moved on this search (by ordinal), with who taught them. */
  learned: LearnedHit[];
}

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
  private post: Postings = { start: new Uint32Array(1), docs: new Uint32Array(0), impacts: new Float32Array(0), fields: new Uint8Array(0) };
  /**
   * Internal capability ids number each artifact's capabilities consecutively (stable), so a
   * query scores an artifact by scanning one slice of the accumulator. Postings, capNode and
   * nodeCaps use internal ids; `capOrdinal` maps back to the caller's ordinals.
   */
  private readonly capOrdinal: Uint32Array;
  /** Caller's ordinal → internal id (the inverse of capOrdinal). */
  private readonly capInternal: Uint32Array;
  private learned: LearnedIndex | undefined;
  private readonly capArtifact: Uint32Array;
  private readonly artStart: Uint32Array;
  private readonly capNode: Int32Array;
  private readonly nodeUris: string[] = [];
  private readonly nodeCaps: Uint32Array[] = [];
  private typoIndex: TypoIndex | undefined;
  /** Name word → artifacts; `vendorTerms` holds words only in a "Vendor: " prefix. */
  private readonly nameTerms = new Map<string, number[]>();
  private readonly vendorTerms = new Map<string, number[]>();
  private readonly nameLength: Uint16Array;
  private readonly shortNameLength: Uint16Array;
  private readonly nameBonus: Float32Array;
  private readonly taxonomy: Taxonomy | undefined;
  private readonly synonyms = new SynonymTable();
  private readonly priors: Float32Array;
  private readonly scores: Accumulator;

  private readonly p: MatchParams;

  constructor(artifacts: readonly IndexArtifact[], capabilities: readonly IndexCapability[], taxonomy?: Taxonomy, params: Partial<MatchParams> = {}) {
    this.p = { ...DEFAULT_PARAMS, ...params };
    this.artifacts = artifacts;
    this.capabilities = capabilities;
    this.taxonomy = taxonomy;
    const n = capabilities.length;
    this.capOrdinal = new Uint32Array(n);
    this.capInternal = new Uint32Array(n);
    this.capArtifact = new Uint32Array(n);
    this.artStart = new Uint32Array(artifacts.length + 1);
    this.capNode = new Int32Array(n).fill(-1);
    this.priors = new Float32Array(artifacts.length).fill(0.5);
    this.nameLength = new Uint16Array(artifacts.length);
    this.shortNameLength = new Uint16Array(artifacts.length);
    this.nameBonus = new Float32Array(artifacts.length);
    artifacts.forEach((a, i) => {
      const slugWords = a.slug.replace(/-/g, " ");
      const all = new Set(analyze(`${a.name} ${slugWords}`));
      const short = new Set(analyze(`${a.name.replace(VENDOR_PREFIX, "")} ${slugWords}`));
      this.nameLength[i] = all.size;
      this.shortNameLength[i] = short.size || all.size;
      for (const t of all) {
        const map = short.has(t) || short.size === 0 ? this.nameTerms : this.vendorTerms;
        const l = map.get(t);
        if (l) l.push(i);
        else map.set(t, [i]);
      }
    });
    this.build();
    this.scores = new Accumulator({
      post: this.post, artStart: this.artStart, capArtifact: this.capArtifact, capOrdinal: this.capOrdinal, nameBonus: this.nameBonus, priors: this.priors,
      params: this.p, slugBefore: (x, y) => this.slugBefore(x, y), capWithin: (d, subtree) => this.capWithin(d, subtree),
    });
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

  /** Sets (or clears) the learned side index; the catalog index is untouched. */
  setLearned(learned: LearnedIndex | undefined): void {
    this.learned = learned;
  }

  get learnedIndex(): LearnedIndex | undefined { return this.learned; }

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
      this.capInternal[o] = i;
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
    const { terms: typed, directed } = analyzeQueryParts(query, this.p.joins ? this.knownCompound : undefined);
    const out = new Map<string, QueryTerm>();
    // "text to speech" read as "texttospeech": weighed to decide the direction, never typo-corrected.
    const pairs = new Map(directed.map((d): [string, QueryTerm] => [d.term, { term: d.term, weight: DIRECTED_PAIR_WEIGHT, kind: "typed", via: d.phrase }]));
    const corrected: string[] = [];
    for (const t of typed) {
      if (!this.p.typos || this.vocab.has(t) || pairs.has(t) || t.length < this.p.typoMinLength || /\d/.test(t)) {
        if (!out.has(t)) out.set(t, pairs.get(t) ?? { term: t, weight: 1, kind: "typed" });
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

  /** A compound the catalog indexes or a synonym names: "text to speech" may be read as "text-to-speech". */
  private readonly knownCompound = (t: string): boolean => this.vocab.has(t) || this.synonyms.knows(t);

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
      if (dense) this.scores.addPostingsDense(id, w);
      else touchedCount = this.scores.addPostings(id, w, touchedCount);
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
      touchedCount = this.scores.addSemantic(semantic, unit, touchedCount);
      maxScore += unit;
    }
    const learned = this.learned && this.p.learnedWeight > 0 ? this.learned.score(query) : [];
    if (learned.length) {
      // In units of one saturated term of mean query idf, like the name bonus: bounded by the catalog's own scale.
      const idfUnit = idfN > 0 ? idfSum / idfN : Math.log(1 + (this.size + 0.5) / 0.5);
      const unit = this.p.learnedWeight * idfUnit;
      for (const h of learned) {
        const d = this.capInternal[h.ordinal];
        if (d !== undefined) touchedCount = this.scores.addSigned(d, unit * h.score, 1e-6 * unit, touchedCount);
      }
      maxScore += unit;
    }
    const named = idfN > 0 ? this.markNames(terms, (this.p.nameWeight * idfSum) / idfN) : [];
    const artifacts = this.scores.topArtifacts(dense ? -1 : touchedCount, limit, this.artifactFilter(filters), filters.subtree?.replace(/\.\*$/, ""), named, maxScore);
    for (const a of named) this.nameBonus[a] = 0;
    this.explainResults(artifacts, terms);
    return { terms, nodes, artifacts, learned };
  }

  /**
   * Fills `why` of every returned capability from the postings' field masks: one binary search
   * per query term and capability, instead of analysing each capability's text again.
   */
  private explainResults(artifacts: readonly ArtifactMatch[], terms: readonly QueryTerm[]): void {
    const ids = terms.map((qt) => this.vocab.get(qt.term) ?? -1);
    for (const a of artifacts) for (const c of a.capabilities) c.why = this.matchedTerms(this.capInternal[c.ordinal] as number, terms, ids);
  }

  /** The query terms capability `d` (internal id) contains, in query order, with their fields. */
  private matchedTerms(d: number, terms: readonly QueryTerm[], ids: readonly number[]): TermMatch[] {
    const out: TermMatch[] = [];
    terms.forEach((qt, i) => {
      const id = ids[i] as number;
      const p = id < 0 ? -1 : findPosting(this.post, id, d);
      if (p < 0) return;
      const mask = this.post.fields[p] as number;
      out.push({ term: qt.term, fields: FIELD_NAMES.filter((_, f) => (mask >> f) & 1), kind: qt.kind, ...(qt.via ? { via: qt.via } : {}) });
    });
    return out;
  }

  /** Sets nameBonus for artifacts whose name words the query contains; returns them for reset. */
  private markNames(terms: readonly QueryTerm[], unit: number): number[] {
    const hits = new Map<number, number>(), shortHits = new Map<number, number>();
    for (const qt of terms) {
      if (qt.kind === "synonym") continue;
      for (const a of this.nameTerms.get(qt.term) ?? []) { hits.set(a, (hits.get(a) ?? 0) + 1); shortHits.set(a, (shortHits.get(a) ?? 0) + 1); }
      for (const a of this.vendorTerms.get(qt.term) ?? []) hits.set(a, (hits.get(a) ?? 0) + 1);
    }
    for (const [a, n] of hits) {
      // "whisper" fully names "OpenAI: Whisper"; "openai" alone covers half of it, as before.
      const whole = n / Math.max(1, this.nameLength[a] as number);
      const coverage = Math.min(1, Math.max(whole, (shortHits.get(a) ?? 0) / Math.max(1, this.shortNameLength[a] as number)));
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
      for (const d of this.nodeCaps[id] ?? []) count = this.scores.add(d, add, count);
    });
    return count;
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

  /**
   * Which query terms each field of a capability contains, by analysing its text again. Search
   * results carry the same list in `why` at no such cost; this serves matches made elsewhere
   * (the database search mode).
   */
  explain(ordinal: number, terms: readonly QueryTerm[]): TermMatch[] {
    const c = this.capabilities[ordinal];
    if (!c) return [];
    const out: TermMatch[] = [];
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
