import { analyzeChunk } from "../text/analyze.js";

/** FNV-1a offset basis and prime: the chunk hash, computed by the caller while it scans. */
export const HASH_SEED = 0x811c9dc5;
export const HASH_PRIME = 16777619;

/**
 * ASCII whitespace chunk → its analysed term ids, for the index build. Words repeat heavily,
 * so almost every lookup is a hit, and the table is laid out for that: open addressing in one
 * `Int32Array` with four ints per slot (hash, key offset, key length, terms) and the keys'
 * bytes in one `Uint8Array`, so a hit reads one slot and one key, with no string or array
 * object per chunk. A chunk with one term (the common case) stores its id in the slot; others
 * store −1 − offset of [count, ids…] in `pool`.
 */
export class ChunkTable {
  pool = new Uint32Array(1 << 12);
  private poolEnd = 0;
  private table = new Int32Array(4 << 14);
  private keys = new Uint8Array(1 << 16);
  private keysEnd = 0;
  private count = 0;

  /** `idOf` interns a term (the build's vocabulary). */
  constructor(private readonly idOf: (term: string) => number) {}

  /**
   * Terms of the chunk bytes[from..to) (lowercase ASCII), `h` its hash: an id ≥ 0, or
   * −1 − offset into `pool`. A new chunk is analysed and added.
   */
  terms(bytes: Uint8Array, from: number, to: number, h: number): number {
    const table = this.table,
      mask = (table.length >> 2) - 1,
      len = to - from;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const at = s << 2;
      const k = table[at + 2] as number;
      if (k === 0) return this.insert(at, bytes, from, to, h);
      if (table[at] === h && k === len && this.sameKey(table[at + 1] as number, bytes, from, len))
        return table[at + 3] as number;
    }
  }

  private sameKey(offset: number, bytes: Uint8Array, from: number, len: number): boolean {
    const keys = this.keys;
    for (let j = 0; j < len; j++) if (keys[offset + j] !== bytes[from + j]) return false;
    return true;
  }

  private insert(at: number, bytes: Uint8Array, from: number, to: number, h: number): number {
    const ids = analyzeChunk(String.fromCharCode(...bytes.subarray(from, to))).map(this.idOf);
    let code: number;
    if (ids.length === 1) code = ids[0] as number;
    else {
      this.pool = ensure(this.pool, this.poolEnd + ids.length + 1);
      code = -1 - this.poolEnd;
      this.pool[this.poolEnd++] = ids.length;
      for (const id of ids) this.pool[this.poolEnd++] = id;
    }
    this.keys = ensure(this.keys, this.keysEnd + to - from);
    this.keys.set(bytes.subarray(from, to), this.keysEnd);
    this.table[at] = h;
    this.table[at + 1] = this.keysEnd;
    this.table[at + 2] = to - from;
    this.table[at + 3] = code;
    this.keysEnd += to - from;
    if (++this.count * 2 > this.table.length >> 2) this.rehash();
    return code;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2),
      mask = (table.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] === 0) continue;
      let s = (old[at] as number) & mask;
      while (table[(s << 2) + 2] !== 0) s = (s + 1) & mask;
      table.set(old.subarray(at, at + 4), s << 2);
    }
    this.table = table;
  }
}

/** `a`, or a copy with room for at least `min` entries (doubling). */
export function ensure<T extends Uint8Array | Uint32Array | Float32Array | Int32Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  let n = Math.max(a.length, 16);
  while (n < min) n *= 2;
  const g = new (a.constructor as new (n: number) => T)(n);
  g.set(a);
  return g;
}
