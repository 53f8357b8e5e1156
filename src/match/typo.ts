import { withinOneEdit } from "./analyzer.js";

/**
 * Vocabulary terms within one edit of a word, without comparing it to every term: a
 * deletion-neighbourhood index. Each term is filed under the hash of itself and of each of
 * its one-character deletions; two words are within one edit (insert, delete, substitute,
 * swap adjacent) only if one of those strings is shared, so a lookup only verifies the few
 * terms filed under the word's own keys. Hash collisions cost a verification, never a
 * result: every candidate is checked with `withinOneEdit`.
 */
export class TypoIndex {
  private readonly start: Uint32Array;
  private readonly ids: Uint32Array;
  private readonly mask: number;

  /** Files every term at least `minLength` long. */
  constructor(private readonly terms: readonly string[], minLength: number) {
    let keys = 0;
    for (const t of terms) if (t.length >= minLength) keys += t.length + 1;
    // About four entries per bucket: a lookup verifies a few dozen terms at most.
    this.mask = (1 << Math.max(4, Math.ceil(Math.log2(Math.max(1, keys / 4))))) - 1;
    this.start = new Uint32Array(this.mask + 2);
    const each = (visit: (bucket: number, id: number) => void) => {
      terms.forEach((t, id) => {
        if (t.length < minLength) return;
        for (let skip = -1; skip < t.length; skip++) visit(hashSkipping(t, skip) & this.mask, id);
      });
    };
    each((b) => { this.start[b + 1] = (this.start[b + 1] as number) + 1; });
    for (let b = 0; b <= this.mask; b++) this.start[b + 1] = (this.start[b + 1] as number) + (this.start[b] as number);
    this.ids = new Uint32Array(keys);
    const fill = this.start.slice(0, this.mask + 1);
    each((b, id) => { this.ids[fill[b] as number] = id; fill[b] = (fill[b] as number) + 1; });
  }

  /** Ids of the terms within one edit of `word` (the word itself excluded), each once, ascending. */
  within(word: string): number[] {
    const found = new Set<number>();
    for (let skip = -1; skip < word.length; skip++) {
      const b = hashSkipping(word, skip) & this.mask;
      for (let i = this.start[b] as number; i < (this.start[b + 1] as number); i++) {
        const id = this.ids[i] as number;
        const t = this.terms[id] as string;
        if (!found.has(id) && t !== word && withinOneEdit(word, t)) found.add(id);
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}

/** FNV-1a of `s` without the character at `skip` (−1: none), allocation-free. */
function hashSkipping(s: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  }
  return h >>> 0;
}
