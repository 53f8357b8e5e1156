/** The knobs of the learned side of the match graph (match/DESIGN.md, "Learned intents"). */

/** Learned intents per capability that vote, nearest first, with weights 1, LEARNED_DECAY, … */
export const LEARNED_NEIGHBOURS = 5;
export const LEARNED_DECAY = 0.7;
/** Below this cosine similarity a learned intent does not vote (it is about something else). */
export const MIN_SIMILARITY = 0.1;

/**
 * How the three views of the learned intents are mixed (match/DESIGN.md, "Learned intents");
 * each view lies in [0, 1], and so does their mix.
 */
export interface LearnedParams {
  /** Nearest successful intents over all capabilities that share one vote per query (a kNN classifier). */
  knnNeighbours: number;
  /** Share of that per-query vote against each capability's own nearest intents (0–1). */
  knnShare: number;
  /** Weight of the learned field (BM25 over each capability's intents as one document) against the neighbours (0–2). */
  fieldWeight: number;
  /** BM25 saturation and length normalisation of the learned field. */
  fieldK1: number;
  fieldB: number;
  /**
   * Query words no learned intent holds count in the query's norm (at the largest idf): a long
   * intent that shares one rare word with a learned one is not "the same intent". Off, one shared
   * word made a cosine of 1, and early, sparse learning raised the wrong tools.
   */
  unknownWords: boolean;
  /**
   * Similarities are read as (sim − floor) / (1 − floor), nothing below the floor: when only a few
   * capabilities have learned anything, intents about other tools still sit at 0.1–0.3 from theirs,
   * and at full weight they raised the learned tools above the right, unlearned one (MetaTool dev
   * after 10 % of the stream in file order, where 10 of 199 tools have learned: 0.452 without, 0.516
   * at 0.2; cold 0.512).
   */
  similarityFloor: number;
}

export const DEFAULT_LEARNED: LearnedParams = {
  knnNeighbours: 10,
  knnShare: 0.5,
  fieldWeight: 0.5,
  fieldK1: 1.2,
  fieldB: 0.75,
  unknownWords: true,
  similarityFloor: 0.2,
};
/** The first round's scoring: each capability's own nearest intents only (bench ablation row). */
export const LEARNED_V1: Partial<LearnedParams> = {
  knnShare: 0,
  fieldWeight: 0,
  unknownWords: false,
  similarityFloor: 0,
};
