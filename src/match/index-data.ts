import { uriWithin, type Taxonomy } from "../catalog/taxonomy.js";
import { analyze } from "../text/analyze.js";
import { findPosting, type FieldText, type Postings, type Vocabulary } from "./postings.js";
import { SynonymTable } from "./synonyms.js";
import { Accumulator, type ArtifactMatch, type TermMatch } from "./accumulator.js";
import { DEFAULT_PARAMS, FIELD_NAMES, type FieldName, type MatchParams } from "./params.js";
import type { TypoIndex } from "./typo.js";
import type { StemFamilies } from "./stem-family.js";
import { indexParts, type IndexParts } from "./index-build.js";
import { runSteps } from "./steps.js";
import type { LearnedHit, LearnedIndex } from "./learned.js";
import { shippedTranslations, type Translations } from "./translation.js";

/** The field names of each posting mask, built once and shared by every result (a search explains ~30 capabilities). */
const FIELDS_OF_MASK: readonly (readonly FieldName[])[] = Array.from({ length: 1 << FIELD_NAMES.length }, (_, m) =>
  Object.freeze(FIELD_NAMES.filter((_, f) => (m >> f) & 1)),
);

export interface IndexArtifact {
  slug: string;
  name: string;
  kind: string;
  categories: readonly string[];
  freeTier: boolean;
  pricingModel: string;
  license: string | null;
}

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

export interface QueryTerm {
  term: string;
  weight: number;
  kind: TermMatch["kind"];
  via?: string;
}

export interface MatchResult {
  terms: QueryTerm[];
  nodes: { uri: string; score: number }[];
  artifacts: ArtifactMatch[];
  /** Capabilities the learned intents moved on this search (by ordinal), with who taught them. */
  learned: LearnedHit[];
}

/**
 * What a match index holds: vocabulary, BM25F postings with field masks, capability layout,
 * names, taxonomy links, priors (built by index-build.ts). MatchIndex (engine.ts) adds the query path.
 */
export class IndexData {
  readonly artifacts: readonly IndexArtifact[];
  readonly capabilities: readonly IndexCapability[];
  protected readonly vocabulary: Vocabulary;
  protected readonly vocab: Map<string, number>;
  protected readonly terms: string[];
  protected readonly post: Postings;
  /**
   * Internal capability ids number each artifact's capabilities consecutively (stable), so a
   * query scores an artifact by scanning one slice of the accumulator. Postings, capNode and
   * nodeCaps use internal ids; `capOrdinal` maps back to the caller's ordinals.
   */
  protected readonly capOrdinal: Uint32Array;
  /** Caller's ordinal → internal id (the inverse of capOrdinal). */
  protected readonly capInternal: Uint32Array;
  protected learned: LearnedIndex | undefined;
  protected readonly capArtifact: Uint32Array;
  protected readonly artStart: Uint32Array;
  protected readonly capNode: Int32Array;
  protected readonly nodeUris: string[];
  protected readonly nodeCaps: Uint32Array[];
  protected readonly typoIndex: TypoIndex | undefined;
  protected readonly stemFamilies: StemFamilies | undefined;
  /** Learned word → word translations (the shipped model unless `params.translations` names one); undefined when off. */
  protected readonly translations: Translations | undefined;
  /** Name word → artifacts; `vendorTerms` holds words only in a "Vendor: " prefix. */
  protected readonly nameTerms: Map<string, number[]>;
  protected readonly vendorTerms: Map<string, number[]>;
  protected readonly nameLength: Uint16Array;
  protected readonly shortNameLength: Uint16Array;
  protected readonly nameBonus: Float32Array;
  protected readonly taxonomy: Taxonomy | undefined;
  protected readonly synonyms = new SynonymTable();
  protected readonly priors: Float32Array;
  protected readonly scores: Accumulator;
  protected readonly filterMasks = new Map<string, Uint8Array>();
  /** Per term: its largest impact, so w · maxImpact bounds what it adds to any capability. */
  protected readonly maxImpact: Float32Array;

  protected readonly p: MatchParams;
  /**
   * The base index of a delta segment: its statistics (N, df, average length) score this index,
   * and its vocabulary joins this one's for reading queries (match/DESIGN.md, "Incremental updates").
   */
  readonly parent: IndexData | undefined;

  /** `parts`: built beforehand (index-build.ts, perhaps in slices); absent, they are built here at once. */
  constructor(
    artifacts: readonly IndexArtifact[],
    capabilities: readonly IndexCapability[],
    taxonomy?: Taxonomy,
    params: Partial<MatchParams> = {},
    parent?: IndexData,
    parts?: IndexParts,
  ) {
    this.p = { ...DEFAULT_PARAMS, ...params };
    this.parent = parent;
    this.artifacts = artifacts;
    this.capabilities = capabilities;
    this.taxonomy = taxonomy;
    const b = parts ?? runSteps(indexParts(artifacts, capabilities, this.p, parent?.avgLength));
    this.vocabulary = b.vocabulary;
    this.vocab = b.vocabulary.ids;
    this.terms = b.vocabulary.terms;
    this.post = b.post;
    ({ capOrdinal: this.capOrdinal, capInternal: this.capInternal, capArtifact: this.capArtifact } = b);
    ({ artStart: this.artStart, capNode: this.capNode, nodeUris: this.nodeUris, nodeCaps: this.nodeCaps } = b);
    ({ typoIndex: this.typoIndex, stemFamilies: this.stemFamilies, maxImpact: this.maxImpact } = b);
    ({ nameTerms: this.nameTerms, vendorTerms: this.vendorTerms } = b);
    ({ nameLength: this.nameLength, shortNameLength: this.shortNameLength } = b);
    this.priors = new Float32Array(artifacts.length).fill(0.5);
    this.nameBonus = new Float32Array(artifacts.length);
    this.translations = this.p.translationWeight > 0 ? (this.p.translations ?? shippedTranslations()) : undefined;
    this.scores = new Accumulator({
      post: this.post,
      artStart: this.artStart,
      capArtifact: this.capArtifact,
      capOrdinal: this.capOrdinal,
      nameBonus: this.nameBonus,
      priors: this.priors,
      params: this.p,
      slugBefore: (x, y) => this.slugBefore(x, y),
      capWithin: (d, subtree) => this.capWithin(d, subtree),
    });
  }

  get size(): number {
    return this.capabilities.length;
  }
  /** The tuned parameters this index scores with. */
  get params(): Readonly<MatchParams> {
    return this.p;
  }
  get vocabularySize(): number {
    return this.terms.length;
  }

  /** Copies every artifact prior from an index over the same artifacts (benchmark ablations). */
  copyPriorsFrom(other: IndexData): void {
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

  get learnedIndex(): LearnedIndex | undefined {
    return this.learned;
  }

  /** Document frequency of a term. */
  protected df(termId: number): number {
    return (this.post.start[termId + 1] ?? 0) - (this.post.start[termId] ?? 0) || 0;
  }

  idf(termId: number): number {
    const df = this.df(termId);
    const n = this.capabilities.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  termId(term: string): number | undefined {
    return this.vocab.get(term);
  }

  /** The average weighted capability length the impacts were normalised with. */
  get avgLength(): number {
    return this.post.avgLength ?? 1;
  }

  /** Capabilities the scoring statistics count: the base's for a delta segment. */
  get statsSize(): number {
    return this.parent ? this.parent.statsSize : this.size;
  }

  /** Whether a term is indexed here or in the base: what the query reader may keep, correct to or expand to. */
  knows(term: string): boolean {
    return this.vocab.has(term) || (this.parent?.knows(term) ?? false);
  }

  /** A term's document frequency in the scoring statistics (0 for a word the base never saw). */
  statsDf(term: string): number {
    if (this.parent) return this.parent.statsDf(term);
    const id = this.vocab.get(term);
    return id === undefined ? 0 : this.df(id);
  }

  /** idf by the scoring statistics, or undefined for a term no segment indexes. */
  statsIdf(term: string): number | undefined {
    if (!this.knows(term)) return undefined;
    const n = this.statsSize,
      df = this.statsDf(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Indexed terms within one edit of `word` (the word itself excluded), as strings. */
  typoNeighbours(word: string): string[] {
    return (this.typoIndex?.within(word) ?? []).map((id) => this.terms[id] ?? "");
  }

  /** This index's own words sharing `word`'s Porter stem. */
  stemForms(word: string): string[] {
    return this.stemFamilies?.of(word) ?? [];
  }

  /** A compound the catalog indexes or a synonym names: "text to speech" may be read as "text-to-speech". */
  protected readonly knownCompound = (t: string): boolean => this.vocab.has(t) || this.synonyms.knows(t);

  /** The query terms capability `d` (internal id) contains, in query order, with their fields. */
  protected matchedTerms(d: number, terms: readonly QueryTerm[], ids: readonly number[]): TermMatch[] {
    const out: TermMatch[] = [];
    for (let i = 0; i < terms.length; i++) {
      const id = ids[i] as number;
      const p = id < 0 ? -1 : findPosting(this.post, id, d);
      if (p < 0) continue;
      const qt = terms[i] as QueryTerm;
      const fields = FIELDS_OF_MASK[this.post.fields[p] as number] as readonly FieldName[];
      out.push(
        qt.via ? { term: qt.term, fields, kind: qt.kind, via: qt.via } : { term: qt.term, fields, kind: qt.kind },
      );
    }
    return out;
  }

  /** Tie-break of equal scores: slug order, so results never depend on insertion order. */
  protected slugBefore(x: number, y: number): boolean {
    return (this.artifacts[x]?.slug ?? "") < (this.artifacts[y]?.slug ?? "");
  }

  protected capWithin(d: number, subtree: string): boolean {
    const uri = this.nodeUris[this.capNode[d] as number];
    return uri !== undefined && uriWithin(uri, subtree);
  }

  /** Capabilities under a taxonomy node (and its subtree), grouped by artifact. */
  capabilitiesUnder(uri: string): Map<number, number[]> {
    const root = uri.replace(/\.\*$/, "");
    const out = new Map<number, number[]>();
    this.nodeUris.forEach((u, id) => {
      if (!uriWithin(u, root)) return;
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
