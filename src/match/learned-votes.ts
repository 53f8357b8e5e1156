import { FULL_TRUST_REPORTERS, MIN_REPORTERS } from "../outcomes/feedback.js";
import { LEARNED_DECAY, LEARNED_NEIGHBOURS } from "./learned-params.js";

/** The arithmetic of learned votes: the nearest-intents list, posting accumulation, decayed top sums, reporter trust. */

/** Keeps `near` as the (at most k) indices with the largest `dot`, largest first: insertion into a short sorted list, no sort of every neighbour. */
export function insertNearest(near: number[], i: number, dot: Float64Array, k: number): void {
  const sim = dot[i] as number;
  if (k <= 0 || (near.length === k && sim <= (dot[near[k - 1] as number] as number))) return;
  let j = near.length < k ? near.length : k - 1;
  while (j > 0 && (dot[near[j - 1] as number] as number) < sim) {
    near[j] = near[j - 1] as number;
    j--;
  }
  near[j] = i;
}

/** dot += q · w over one posting list (a small function of its own, so V8 optimises the loop). */
export function accumulate(
  dot: Float64Array,
  touched: Uint32Array,
  count: number,
  ex: Uint32Array,
  w: Float32Array,
  q: number,
): number {
  let n = count;
  for (let j = 0; j < ex.length; j++) {
    const i = ex[j] as number;
    if (dot[i] === 0) touched[n++] = i;
    dot[i] = (dot[i] as number) + q * (w[j] as number);
  }
  return n;
}

/** Σ_i LEARNED_DECAY^i of the LEARNED_NEIGHBOURS largest values. */
export function topSum(xs: number[]): number {
  if (xs.length <= 1) return xs.length === 1 ? (xs[0] as number) : 0;
  xs.sort((a, b) => b - a);
  let s = 0,
    w = 1;
  for (let i = 0; i < Math.min(LEARNED_NEIGHBOURS, xs.length); i++) {
    s += w * (xs[i] as number);
    w *= LEARNED_DECAY;
  }
  return s;
}

/** The largest topSum can be: every neighbour identical to the query. */
export const NORM = (() => {
  let s = 0,
    w = 1;
  for (let i = 0; i < LEARNED_NEIGHBOURS; i++) {
    s += w;
    w *= LEARNED_DECAY;
  }
  return s;
})();

/** 0 below MIN_REPORTERS distinct reporters, rising linearly to 1 at FULL_TRUST_REPORTERS. */
export function trustOf(reporters: number): number {
  if (reporters < MIN_REPORTERS) return 0;
  return Math.min(1, (reporters - MIN_REPORTERS + 1) / (FULL_TRUST_REPORTERS - MIN_REPORTERS + 1));
}
