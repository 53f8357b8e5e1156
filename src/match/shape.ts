import type { Artifact, ArtifactKind, Capability } from "../catalog/schema.js";
import type { Taxonomy } from "../catalog/taxonomy.js";
import { describeOutcomes, type SuccessStats } from "../outcomes/feedback.js";
import type { FieldName, MatchFilters, MatchResult, QueryTerm } from "./engine.js";
import type { SearchIndex } from "./segments.js";
import { learnedNote, type LearnedNote } from "./learning.js";

export interface MatchedTerm {
  term: string;
  fields: readonly FieldName[];
  kind: QueryTerm["kind"];
  via?: string;
}

export interface SearchCapability {
  id: string;
  uri: string;
  name: string;
  score: number;
  matchedTerms: string[];
  evidence: Capability["evidence"];
  description: string;
  taxonomyLabel: string | null;
  why: MatchedTerm[];
  /** Cosine similarity to the intent from the semantic component; null when none is plugged in. */
  similarity: number | null;
}

export interface SearchHit {
  slug: string;
  name: string;
  kind: ArtifactKind;
  score: number;
  relevance: number;
  capRank: number;
  freeTier: boolean;
  description: string;
  outcomes: SuccessStats | null;
  outcomesText: string;
  nameMatched: boolean;
  /** Set when intents people reported as answered by it moved this result ("asked this way by N people"). */
  learned: LearnedNote | null;
  capabilities: SearchCapability[];
}

export interface SearchResult {
  query: string;
  matchId: string;
  results: SearchHit[];
  interpretation: {
    terms: QueryTerm[];
    taxonomy: { uri: string; label: string; score: number }[];
    /** The semantic component: none plugged in, used, or failing (lexical results only; the reason goes to the server log). */
    semantic: "off" | "on" | "unavailable";
  };
  filters: MatchFilters;
}

/** What shaping reads from the snapshot it searched. */
export interface ShapeInput {
  query: string;
  artifacts: readonly Artifact[];
  index: SearchIndex;
  taxonomy: Taxonomy;
  match: MatchResult;
  semantic: Float32Array | undefined;
  firstOrdinal: (artifact: number) => number;
  capRank: (slug: string) => number;
  outcomes: (slug: string) => SuccessStats | undefined;
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The engine's ranked artifacts as the results every surface shows. */
export function shapeResults(i: ShapeInput): SearchHit[] {
  const { match: m, semantic: sem } = i;
  return m.artifacts.map((hit) => {
    const a = i.artifacts[hit.artifact] as Artifact;
    const first = i.firstOrdinal(hit.artifact);
    const capabilities = hit.capabilities.map((c): SearchCapability => {
      const cap = a.capabilities[c.ordinal - first] as Capability;
      // The engine explains its own results in its pass; the database mode's matches are explained here.
      const why = c.why ?? i.index.explain(c.ordinal, m.terms);
      return {
        id: cap.id,
        uri: cap.uri,
        name: cap.name,
        score: round3(c.score),
        matchedTerms: [...new Set(why.map((w) => w.term))],
        evidence: cap.evidence,
        description: cap.description,
        taxonomyLabel: i.taxonomy.get(cap.uri)?.label ?? null,
        why,
        similarity: sem ? round3(sem[c.ordinal] ?? 0) : null,
      };
    });
    const outcomes = i.outcomes(a.slug) ?? null;
    return {
      slug: a.slug,
      name: a.name,
      kind: a.kind,
      score: round3(hit.score),
      relevance: round3(hit.relevance),
      capRank: i.capRank(a.slug),
      freeTier: a.pricing.freeTier,
      description: a.description,
      outcomes,
      outcomesText: describeOutcomes(outcomes ?? undefined),
      nameMatched: hit.nameBonus > 0,
      capabilities,
      learned: learnedNote(i.index, i.query, m.learned, hit.capabilities),
    };
  });
}

/** How the engine read the intent: its terms and the taxonomy nodes it classified it onto. */
export function interpretation(
  m: MatchResult,
  taxonomy: Taxonomy,
  semantic: SearchResult["interpretation"]["semantic"],
): SearchResult["interpretation"] {
  return {
    terms: m.terms,
    taxonomy: m.nodes.map((n) => ({ uri: n.uri, label: taxonomy.get(n.uri)?.label ?? n.uri, score: round3(n.score) })),
    semantic,
  };
}
