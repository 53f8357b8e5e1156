import { analyzeChunk, chunks } from "./analyzer.js";
import { ChunkTable, ensure, HASH_PRIME, HASH_SEED } from "./chunk-table.js";

const ENCODER = new TextEncoder();

/** A field's text, or a list of texts (intents, aliases…) analysed as if joined by whitespace, without joining them. */
export type FieldText = string | readonly string[];

/** Term → id, in order of first appearance during the build. */
export class Vocabulary {
  readonly ids = new Map<string, number>();
  readonly terms: string[] = [];

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) { id = this.terms.push(term) - 1; this.ids.set(term, id); }
    return id;
  }
}

/**
 * The inverted index in CSR form: the postings of term t are `docs[start[t]..start[t+1]]`
 * (ascending capability ids) with their BM25F `impacts`. Three arrays for the whole corpus:
 * per-term typed arrays cost ~150 bytes each, and there are 250k terms at 1M capabilities.
 */
export interface Postings {
  readonly start: Uint32Array;
  readonly docs: Uint32Array;
  readonly impacts: Float32Array;
}

export interface PostingsInput {
  /** Capabilities, in id order. */
  readonly size: number;
  /** Text of field f (an index into `weights`) of capability i; a list reads as its items joined by spaces. */
  field(i: number, f: number): FieldText;
  readonly weights: readonly number[];
  readonly k1: number;
  readonly b: number;
}

/**
 * Analyses every field once and builds the postings in two passes: per-capability term
 * weights (a scratch array indexed by term id, no Map per document), then the transposition
 * into CSR arrays sized from the document frequencies, with impacts computed once the average
 * length is known (see DESIGN.md, "Scoring").
 */
export function buildPostings(input: PostingsInput, vocab: Vocabulary): Postings {
  const { size, weights } = input;
  const doc = new DocumentTerms(vocab);
  const docStart = new Uint32Array(size + 1);
  const docLen = new Float64Array(size);
  let totalLen = 0;
  for (let i = 0; i < size; i++) {
    let len = 0;
    for (let f = 0; f < weights.length; f++) {
      const w = weights[f] as number;
      len += w * doc.add(input.field(i, f), w);
    }
    docStart[i] = doc.end();
    docLen[i] = len;
    totalLen += len;
  }
  docStart.copyWithin(1, 0, size);
  docStart[0] = 0;
  return transpose(input, vocab.terms.length, doc.df, { docTerms: doc.terms.blocks, docTf: doc.tf.blocks, docStart, docLen, avg: size ? totalLen / size : 1 });
}

/** The forward index in blocks of BLOCK entries: (term id, weighted tf) per capability. */
interface Forward { docTerms: Uint32Array[]; docTf: Float32Array[]; docStart: Uint32Array; docLen: Float64Array; avg: number }

function transpose(input: PostingsInput, termCount: number, df: Uint32Array, fwd: Forward): Postings {
  const start = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) start[t + 1] = (start[t] as number) + (df[t] as number);
  const docs = new Uint32Array(start[termCount] as number);
  const impacts = new Float32Array(start[termCount] as number);
  const fill = start.slice(0, termCount);
  const { docTerms, docTf, docStart, docLen, avg } = fwd;
  const { k1, b } = input;
  for (let i = 0; i < input.size; i++) {
    const norm = 1 - b + (b * (docLen[i] as number)) / avg;
    for (let p = docStart[i] as number, end = docStart[i + 1] as number; p < end; p++) {
      const id = (docTerms[p >>> BLOCK_BITS] as Uint32Array)[p & BLOCK_MASK] as number;
      const tf = ((docTf[p >>> BLOCK_BITS] as Float32Array)[p & BLOCK_MASK] as number) / norm;
      const at = fill[id] as number;
      docs[at] = i;
      impacts[at] = tf / (k1 + tf);
      fill[id] = at + 1;
    }
  }
  return { start, docs, impacts };
}

/**
 * The weighted terms of one capability at a time, field by field, then appended to the
 * forward arrays. Field text is split on whitespace into chunks (analysis step 1) without
 * allocating them: each chunk is hashed while it is lowercased in place and looked up in the
 * `ChunkTable`; only a new chunk is cut out and analysed. Text with a non-ASCII character
 * takes the general path from that chunk on (`chunks`: NFKD, accents stripped; a chunk
 * boundary is a whitespace boundary in both).
 */
class DocumentTerms {
  readonly terms = new Blocks((k) => new Uint32Array(k));
  readonly tf = new Blocks((k) => new Float32Array(k));
  df = new Uint32Array(1 << 12);
  private readonly table: ChunkTable;
  /** Term ids of the field being added. */
  private out = new Uint32Array(1 << 10);
  private bytes = new Uint8Array(1 << 12);
  /** Weight of each term in the current capability (0 = absent); `seen` lists the non-zero ones. */
  private weight = new Float32Array(1 << 12);
  private seen = new Uint32Array(1 << 10);
  private seenCount = 0;

  constructor(private readonly vocab: Vocabulary) {
    this.table = new ChunkTable((t) => vocab.id(t));
  }

  /** Adds the terms of one field at weight `w`; returns how many terms it has. */
  add(text: FieldText, w: number): number {
    if (typeof text === "string") return this.addIds(this.scan(text, 0), w);
    let n = 0;
    for (const t of text) n = this.scan(t, n);
    return this.addIds(n, w);
  }

  /** Closes the current capability: appends its terms and weights; returns the forward length. */
  end(): number {
    const weight = this.weight, seen = this.seen, df = this.df;
    for (let j = 0; j < this.seenCount; j++) {
      const id = seen[j] as number;
      this.terms.push(id);
      this.tf.push(weight[id] as number);
      weight[id] = 0;
      df[id] = (df[id] as number) + 1;
    }
    this.seenCount = 0;
    return this.terms.length;
  }

  /** Appends the term ids of `text` to `out` after its first `n`; returns the new count. (Caching the ids of repeated short texts by string was slower: a Map lookup hashes a fresh string every time.) */
  private scan(text: string, n: number): number {
    // UTF-8 bytes from native code: reading a Uint8Array is cheaper than charCodeAt, and
    // while every byte is below 128 byte offsets are character offsets.
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(text.length * 3);
    const bytes = this.bytes, len = ENCODER.encodeInto(text, bytes).written;
    for (let i = 0; i < len; ) {
      let c = bytes[i] as number;
      if (c === 32 || (c >= 9 && c <= 13)) { i++; continue; }
      const from = i;
      let h = HASH_SEED;
      for (; i < len; i++) {
        c = bytes[i] as number;
        if (c === 32 || (c >= 9 && c <= 13)) break;
        if (c > 127) return this.scanGeneral(text.slice(from), n);
        if (c >= 65 && c <= 90) bytes[i] = c += 32;
        h = Math.imul(h ^ c, HASH_PRIME);
      }
      n = this.append(this.table.terms(bytes, from, i, h), n);
    }
    return n;
  }

  /** Rare: text with non-ASCII characters, analysed chunk by chunk without the table. */
  private scanGeneral(text: string, n: number): number {
    let count = n;
    for (const chunk of chunks(text)) {
      const terms = chunk.length > 0 ? analyzeChunk(chunk) : [];
      if (count + terms.length > this.out.length) this.out = ensure(this.out, count + terms.length);
      for (const t of terms) this.out[count++] = this.vocab.id(t);
    }
    return count;
  }

  /** Appends the terms of one chunk (a ChunkTable code) to `out`. */
  private append(code: number, n: number): number {
    if (n + 64 > this.out.length) this.out = ensure(this.out, n + 64);
    if (code >= 0) { this.out[n] = code; return n + 1; }
    const pool = this.table.pool, at = -1 - code, count = pool[at] as number;
    if (n + count > this.out.length) this.out = ensure(this.out, n + count);
    for (let j = 1; j <= count; j++) this.out[n + j - 1] = pool[at + j] as number;
    return n + count;
  }

  /** Adds the first `n` ids of `out` at weight `w` to the current capability. */
  private addIds(n: number, w: number): number {
    if (w === 0) return n;
    if (this.vocab.terms.length > this.weight.length) {
      this.weight = ensure(this.weight, this.vocab.terms.length);
      this.df = ensure(this.df, this.vocab.terms.length);
    }
    const weight = this.weight, ids = this.out;
    for (let j = 0; j < n; j++) {
      const id = ids[j] as number;
      const cur = weight[id] as number;
      if (cur === 0) {
        if (this.seenCount === this.seen.length) this.seen = ensure(this.seen, this.seenCount + 1);
        this.seen[this.seenCount++] = id;
      }
      weight[id] = cur + w;
    }
    return n;
  }
}

const BLOCK_BITS = 20;
const BLOCK_MASK = (1 << BLOCK_BITS) - 1;

/**
 * Append-only typed storage in fixed blocks. The forward index reaches ~60M entries at 1M
 * capabilities; growing one array by doubling copied it again and again and briefly held
 * three times its size.
 */
class Blocks<T extends Uint32Array | Float32Array> {
  readonly blocks: T[] = [];
  length = 0;
  constructor(private readonly make: (n: number) => T) {}
  push(v: number): void {
    const at = this.length & BLOCK_MASK;
    if (at === 0) this.blocks.push(this.make(BLOCK_MASK + 1));
    (this.blocks[this.blocks.length - 1] as T)[at] = v;
    this.length++;
  }
}
