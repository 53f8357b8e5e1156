/** Every tuning knob of the match engine, with its default (see DESIGN.md, "Knobs"). */
import type { Translations } from "./translation.js";

/** Field weights of the virtual document (see DESIGN.md, "Knobs"). */
export const FIELD_WEIGHTS = {
  name: 3,
  intents: 2.5,
  taxonomy: 2,
  artifactName: 2,
  bestFor: 1.5,
  description: 1,
  categories: 1,
} as const;
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
/**
 * Weight of the catalog's other forms of a typed word, those with the same Porter stem
 * ("generate" → "generation", "generator"), split over them; backs the light stemmer (0: off).
 * See match/DESIGN.md, "Cold quality".
 */
export const STEM_WEIGHT = 0.3;
/**
 * Weight of the learned word → word translations (match/DESIGN.md, "Translation model"): a typed
 * word also brings the catalog words it translates to, at TRANSLATION_WEIGHT × P(word | typed word)
 * summed over typed words (0: off). At 1 a typed word's translations weigh at most one typed word;
 * MetaTool dev MRR@10 0.514 off, 0.704 at 1, 0.728 at 1.5, 0.735 at 2 (the project's dev falls there).
 */
export const TRANSLATION_WEIGHT = 1;
/**
 * A translated word is added only when its summed weight × idf reaches this: below it moves no
 * ranking (MetaTool dev MRR@10 0.704 → 0.702 at 0.2, 0.692 at 0.4) and costs its postings (p50 on
 * MetaTool intents at 100k synthetic capabilities: +91 % over no translations at 0, +67 % at 0.2).
 */
export const TRANSLATION_MIN_SCORE = 0.2;
/** Corrections tried for one unknown term. */
export const TYPO_CANDIDATES = 3;
/**
 * Shortest term we try to correct. Short English words have many one-edit neighbours that are
 * also words ("dress" → "press", "blue" → "clue"), so correcting them turned real words into
 * noise on long intents (MetaTool dev MRR@10 0.503 → 0.512 from 4 to 5; project dev unchanged).
 */
export const TYPO_MIN_LENGTH = 5;
/**
 * Share of the taxonomy component, in units of one saturated term of mean query idf.
 * Off by default: on the dev split it did not beat the taxonomy labels already indexed as a
 * field (see bench, "+ taxonomy expansion"); the classified nodes still explain results.
 */
export const TAXONOMY_WEIGHT = 0;
/**
 * An automatically classified node's label and aliases are indexed as capability text only
 * from this confidence up (a capability named exactly like a node is placed at 0.95); declared
 * nodes always are. Lower guesses added words nobody wrote (MetaTool dev MRR@10 +0.013).
 */
export const CLASSIFIED_TEXT_CONFIDENCE = 0.9;
/** Classified taxonomy nodes a query may use. */
export const TAXONOMY_NODES = 3;
/** Bonus for naming the artifact, in units of one saturated term of mean query idf, × coverage². */
export const NAME_WEIGHT = 1;
/** Weight of the embedding similarity when an Embedder is plugged in (dev was flat from 0.25 to 2 with word vectors). */
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
/**
 * Defer a long query's frequent terms (MaxScore, DESIGN.md "Dynamic pruning"): added only to the
 * artifacts the aggregation scores, once the rest's bounds cannot lift an untouched one into the top k.
 */
export const PRUNE_TERMS = false;
/**
 * How far the pruned pass defers: the rest of the plan is deferred once (artifact bound × the
 * sum of its terms' bounds) falls below PRUNE_AIM × a guess of the k-th best score. Deferring
 * more walks fewer postings but leaves more artifacts to complete exactly (work only; ∞ defers
 * every term after the first).
 */
export const PRUNE_AIM = 0.5;
/**
 * Sampled capabilities per first-pass candidate when estimating the first pass's cut. 4 rather than
 * 16: the sample was a fifth of a long query's work at 100k (engine 0.70 → 0.56 ms a query), and
 * the cut it estimates only splits the work between the passes.
 */
export const SAMPLE_PER_CANDIDATE = 4;
/**
 * Weight of the learned intents (match/DESIGN.md, "Learned intents"), in units of one saturated
 * term of mean query idf: a capability's learned score lies in [−1, 1], so what outcomes teach
 * moves a capability by at most LEARNED_WEIGHT such units, whatever their volume. 4 in the first
 * round (one view, per-capability neighbours); with the mixed views the learning curve on MetaTool
 * dev was flat from 8 to 12 and lower at 6 and 16.
 */
export const LEARNED_WEIGHT = 10;
/** Total swing of the prior: score × (1 + PRIOR_WEIGHT · (prior − 0.5)). */
export const PRIOR_WEIGHT = 0.1;

/** Every knob in one object, so the benchmark can ablate and tune them (defaults above). */
export const DEFAULT_PARAMS = {
  fieldWeights: FIELD_WEIGHTS as Readonly<Record<FieldName, number>>,
  k1: K1,
  b: B,
  synonymWeight: SYNONYM_WEIGHT,
  typoWeight: TYPO_WEIGHT,
  stemWeight: STEM_WEIGHT,
  typoCandidates: TYPO_CANDIDATES,
  typoMinLength: TYPO_MIN_LENGTH,
  taxonomyWeight: TAXONOMY_WEIGHT,
  taxonomyNodes: TAXONOMY_NODES,
  nameWeight: NAME_WEIGHT,
  embeddingWeight: EMBEDDING_WEIGHT,
  aggregateDecay: AGGREGATE_DECAY,
  aggregateDepth: AGGREGATE_DEPTH,
  priorWeight: PRIOR_WEIGHT,
  synonyms: true,
  typos: true,
  joins: true,
  classifiedTextConfidence: CLASSIFIED_TEXT_CONFIDENCE,
  learnedWeight: LEARNED_WEIGHT,
  translationWeight: TRANSLATION_WEIGHT,
  translationMinScore: TRANSLATION_MIN_SCORE,
  translations: undefined as Translations | undefined,
  denseShare: DENSE_SHARE,
  candidateCaps: CANDIDATE_CAPS,
  pruneTerms: PRUNE_TERMS,
  pruneAim: PRUNE_AIM,
  /** The accumulator's loops in WebAssembly (match/kernel.ts); false keeps the JavaScript loops. Work only. */
  kernel: true,
};
export type MatchParams = typeof DEFAULT_PARAMS;
