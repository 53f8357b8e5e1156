import { withinOneEdit } from "../text/distance.js";
import { runSteps, STEP_ITEMS, type Steps } from "./steps.js";

/**
 * Vocabulary terms within one edit of a word, without comparing it to every term: a
 * deletion-neighbourhood index. Each term is filed under the hash of itself and of each of
 * its one-character deletions; two words are within one edit (insert, delete, substitute,
 * swap adjacent) only if one of those strings is shared, so a lookup only verifies the few
 * terms filed under the word's own keys. Hash collisions cost a verification, never a
 * result: every candidate is checked with `withinOneEdit`.
 */
export class TypoIndex {
  private constructor(
    private readonly terms: readonly string[],
    private readonly mask: number,
    private readonly start: Uint32Array,
    private readonly ids: Uint32Array,
  ) {}

  /** Files every term at least `minLength` long. */
  static of(terms: readonly string[], minLength: number): TypoIndex {
    return runSteps(TypoIndex.steps(terms, minLength));
  }

  /** TypoIndex.of as steps (a yield every STEP_ITEMS terms, and between the passes of the counting sort). */
  static *steps(terms: readonly string[], minLength: number): Steps<TypoIndex> {
    let keys = 0;
    for (const t of terms) if (t.length >= minLength) keys += t.length + 1;
    // About four entries per bucket: a lookup verifies a few dozen terms at most.
    const mask = (1 << Math.max(4, Math.ceil(Math.log2(Math.max(1, keys / 4))))) - 1;
    const bucket = new Uint32Array(keys),
      owner = new Uint32Array(keys);
    let k = 0;
    for (let id = 0; id < terms.length; id++) {
      const t = terms[id] as string;
      if (t.length >= minLength)
        deletionHashes(t, (h) => {
          bucket[k] = h & mask;
          owner[k++] = id;
        });
      if (id % STEP_ITEMS === STEP_ITEMS - 1) yield;
    }
    // Counting sort of the keys by bucket (CSR: bucket b holds ids[start[b]..start[b+1]]).
    const start = new Uint32Array(mask + 2);
    for (let i = 0; i < keys; i++) {
      const b = (bucket[i] as number) + 1;
      start[b] = (start[b] as number) + 1;
    }
    yield;
    for (let b = 0; b <= mask; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
    yield;
    const ids = new Uint32Array(keys);
    const fill = start.slice(0, mask + 1);
    for (let i = 0; i < keys; i++) {
      const b = bucket[i] as number,
        at = fill[b] as number;
      ids[at] = owner[i] as number;
      fill[b] = at + 1;
    }
    return new TypoIndex(terms, mask, start, ids);
  }

  /** Ids of the terms within one edit of `word` (the word itself excluded), each once, ascending. */
  within(word: string): number[] {
    const found = new Set<number>();
    deletionHashes(word, (h) => {
      const b = h & this.mask;
      for (let i = this.start[b] as number; i < (this.start[b + 1] as number); i++) {
        const id = this.ids[i] as number;
        const t = this.terms[id] as string;
        if (!found.has(id) && t !== word && withinOneEdit(word, t)) found.add(id);
      }
    });
    return [...found].sort((a, b) => a - b);
  }
}

const P = 0x01000193;
const prefix = new Int32Array(64);
const powers = new Int32Array(64).fill(1);

/**
 * Calls `visit` with the hash of `s` and of each of its one-character deletions, in O(|s|):
 * a polynomial hash (Horner, mod 2^32), so deleting position i is
 * H(s[..i)) · P^(n−1−i) + H(s(i..]), from prefix hashes and a running suffix hash.
 */
function deletionHashes(s: string, visit: (h: number) => void): void {
  const n = s.length;
  let pre = prefix,
    pow = powers;
  if (n + 1 > pre.length) {
    pre = new Int32Array(n + 1);
    pow = new Int32Array(n + 1).fill(1);
  }
  for (let i = 0; i < n; i++) pre[i + 1] = (Math.imul(pre[i] as number, P) + s.charCodeAt(i)) | 0;
  for (let k = 1; k <= n; k++) pow[k] = Math.imul(pow[k - 1] as number, P);
  visit(mix(pre[n] as number));
  let suffix = 0;
  for (let i = n - 1; i >= 0; i--) {
    visit(mix((Math.imul(pre[i] as number, pow[n - 1 - i] as number) + suffix) | 0));
    suffix = (Math.imul(s.charCodeAt(i), pow[n - 1 - i] as number) + suffix) | 0;
  }
}

/** Spreads the hash's high bits into the low bits the bucket mask keeps. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}
