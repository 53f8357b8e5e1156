import type { Artifact, ArtifactKind } from "../../src/catalog/schema.js";
import type { Taxonomy } from "../../src/catalog/taxonomy.js";
import { STOP_WORDS, stem } from "../../src/text/words.js";

/** v0's own splitter, kept as it was so the baseline row stays comparable across rounds. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text
    .toLowerCase()
    .normalize("NFKD")
    .split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length > 0 && !STOP_WORDS.has(raw)) out.push(stem(raw));
  }
  return out;
}

/**
 * Search v0 (the engine before the match graph), kept as a benchmark baseline: BM25 over
 * capability fields with field weights, aggregated to artifacts.
 * New engine versions are compared against it on the same data.
 */
export const FIELD_WEIGHTS = {
  name: 3,
  intents: 2,
  taxonomy: 2,
  artifactName: 2,
  bestFor: 1,
  description: 1,
  categories: 1,
} as const;
/** BM25 term-frequency saturation (typical 1.2, range 0.5..2). */
export const BM25_K1 = 1.2;
/** BM25 length normalisation (typical 0.75, range 0..1). */
export const BM25_B = 0.75;
/** Weight of an artifact's 2nd, 3rd… matching capability relative to the one before (diminishing returns). */
export const AGGREGATE_DECAY = 0.5;
/** How much CapRank may lift a result: score × (1 + PRIOR_WEIGHT × capRank/100). */
export const PRIOR_WEIGHT = 0.1;

interface Doc {
  artifact: number;
  capability: number;
  length: number;
}

export interface SearchFilters {
  kind?: ArtifactKind;
  free?: boolean;
}

export interface CapabilityHit {
  id: string;
  uri: string;
  name: string;
  score: number;
  matchedTerms: string[];
}
export interface ArtifactHit {
  artifact: Artifact;
  score: number;
  capabilities: CapabilityHit[];
}

export class SearchIndex {
  private readonly docs: Doc[] = [];
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly avgLength: number;
  readonly artifacts: readonly Artifact[];

  constructor(artifacts: readonly Artifact[], taxonomy: Taxonomy) {
    this.artifacts = artifacts;
    let total = 0;
    artifacts.forEach((a, ai) => {
      a.capabilities.forEach((c, ci) => {
        const node = taxonomy.get(c.uri);
        const fields: [string, number][] = [
          [c.name, FIELD_WEIGHTS.name],
          [c.intents.join(" "), FIELD_WEIGHTS.intents],
          [node ? `${node.label} ${node.aliases.join(" ")}` : "", FIELD_WEIGHTS.taxonomy],
          [a.name, FIELD_WEIGHTS.artifactName],
          [c.bestFor.join(" "), FIELD_WEIGHTS.bestFor],
          [c.description, FIELD_WEIGHTS.description],
          [[...a.categories, ...a.tags].join(" "), FIELD_WEIGHTS.categories],
        ];
        const tf = new Map<string, number>();
        let length = 0;
        for (const [text, w] of fields)
          for (const t of tokenize(text)) {
            tf.set(t, (tf.get(t) ?? 0) + w);
            length += w;
          }
        const doc = this.docs.push({ artifact: ai, capability: ci, length }) - 1;
        total += length;
        for (const [t, f] of tf) {
          const list = this.postings.get(t);
          if (list) list.push({ doc, tf: f });
          else this.postings.set(t, [{ doc, tf: f }]);
        }
      });
    });
    this.avgLength = this.docs.length ? total / this.docs.length : 1;
  }

  /** Ranked artifacts for a free-text intent. `capRank` supplies the bounded prior. */
  search(
    query: string,
    opts: { limit: number; filters?: SearchFilters; capRank?: (slug: string) => number },
  ): ArtifactHit[] {
    const terms = [...new Set(tokenize(query))];
    const N = this.docs.length;
    const capScores = new Map<number, { score: number; terms: string[] }>();
    for (const t of terms) {
      const list = this.postings.get(t);
      if (!list) continue;
      const idf = Math.log(1 + (N - list.length + 0.5) / (list.length + 0.5));
      for (const p of list) {
        const d = this.docs[p.doc];
        if (!d) continue;
        const s = (idf * p.tf * (BM25_K1 + 1)) / (p.tf + BM25_K1 * (1 - BM25_B + (BM25_B * d.length) / this.avgLength));
        const e = capScores.get(p.doc);
        if (e) {
          e.score += s;
          e.terms.push(t);
        } else capScores.set(p.doc, { score: s, terms: [t] });
      }
    }
    const byArtifact = new Map<number, { doc: number; score: number; terms: string[] }[]>();
    for (const [doc, e] of capScores) {
      const d = this.docs[doc];
      if (!d) continue;
      const a = this.artifacts[d.artifact];
      if (!a || !passes(a, opts.filters)) continue;
      const l = byArtifact.get(d.artifact) ?? [];
      l.push({ doc, ...e });
      byArtifact.set(d.artifact, l);
    }
    const hits: ArtifactHit[] = [];
    for (const [ai, caps] of byArtifact) {
      const a = this.artifacts[ai];
      if (!a) continue;
      caps.sort((x, y) => y.score - x.score);
      const agg = caps.reduce((s, c, i) => s + c.score * Math.pow(AGGREGATE_DECAY, i), 0);
      const prior = 1 + (PRIOR_WEIGHT * (opts.capRank?.(a.slug) ?? 0)) / 100;
      hits.push({
        artifact: a,
        score: round3(agg * prior),
        capabilities: caps.slice(0, 5).map((c) => {
          const cap = a.capabilities[this.docs[c.doc]?.capability ?? 0];
          return {
            id: cap?.id ?? "",
            uri: cap?.uri ?? "",
            name: cap?.name ?? "",
            score: round3(c.score),
            matchedTerms: c.terms,
          };
        }),
      });
    }
    hits.sort((x, y) => y.score - x.score || x.artifact.slug.localeCompare(y.artifact.slug));
    return hits.slice(0, opts.limit);
  }
}

function passes(a: Artifact, f: SearchFilters | undefined): boolean {
  if (!f) return true;
  if (f.kind && a.kind !== f.kind) return false;
  if (f.free && !a.pricing.freeTier) return false;
  return true;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
