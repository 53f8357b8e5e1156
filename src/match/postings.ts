import { analyzeChunk, chunks } from "../text/analyze.js";
import { ChunkTable, ensure, HASH_PRIME, HASH_SEED } from "./chunk-table.js";
import { postingsArena, type PostingsArena } from "./kernel.js";
import { runSteps, STEP_ITEMS, type Steps } from "./steps.js";

const ENCODER = new TextEncoder();
/** Forward entries transposed between two yields (a few nanoseconds each). */
const ENTRY_STEP = STEP_ITEMS * STEP_ITEMS;

/** A field's text, or a list of texts (intents, aliases…) analysed as if joined by whitespace, without joining them. */
export type FieldText = string | readonly string[];

/** Term → id, in order of first appearance during the build. */
export class Vocabulary {
  readonly ids = new Map<string, number>();
  readonly terms: string[] = [];

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.push(term) - 1;
      this.ids.set(term, id);
    }
    return id;
  }
}

/**
 * The inverted index in CSR form: term t has postings p in start[t]..start[t+1] (ascending
 * capability ids), posting p being capability `docs[2p]` with BM25F impact `impacts[2p+1]`:
 * two views of one buffer, so a posting's id and impact share a cache line and the whole
 * corpus is one allocation (per-term typed arrays cost ~150 bytes each, and there are 250k
 * terms at 1M capabilities).
 */
export interface Postings {
  readonly start: Uint32Array;
  readonly docs: Uint32Array;
  readonly impacts: Float32Array;
  /**
   * Per posting (index p, not 2p): bit f is set when the term occurs in field f. Results say
   * which fields matched from it, without analysing the capability's text again (1 byte a posting).
   */
  readonly fields: Uint8Array;
  /** The average weighted capability length the impacts were normalised with (absent: none built yet). */
  readonly avgLength?: number;
  /** The WebAssembly memory `docs` and `impacts` view, with room for the accumulator (absent: plain arrays). */
  readonly arena?: PostingsArena;
}

/** Fields a posting mask can name: one bit each in a byte. */
export const MAX_FIELDS = 8;

/** Index p of capability `d` in term `id`'s postings (ids ascending: a binary search), or −1. */
export function findPosting(post: Postings, id: number, d: number): number {
  let lo = post.start[id] ?? 0,
    hi = post.start[id + 1] ?? 0;
  const docs = post.docs;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((docs[2 * mid] as number) < d) lo = mid + 1;
    else hi = mid;
  }
  return lo < (post.start[id + 1] ?? 0) && docs[2 * lo] === d ? lo : -1;
}

export interface PostingsInput {
  /** Capabilities, in id order. */
  readonly size: number;
  /** Text of field f (an index into `weights`) of capability i; a list reads as its items joined by spaces. */
  field(i: number, f: number): FieldText;
  readonly weights: readonly number[];
  readonly k1: number;
  readonly b: number;
  /** Entries of the forward index's first segment (default: 64 per capability, at most 256k). */
  readonly firstSegment?: number;
  /**
   * Normalise lengths by this average instead of the corpus's own: a delta segment takes its
   * base's, so its impacts are comparable with the base's (match/DESIGN.md, "Incremental updates").
   */
  readonly avgLength?: number;
  /** false: plain arrays and the JavaScript loops instead of the kernel's arena (default true). */
  readonly kernel?: boolean;
}

/**
 * Analyses every field once and builds the postings in two passes: per-capability term
 * weights (a scratch array indexed by term id, no Map per document), then the transposition
 * into CSR arrays sized from the document frequencies, with impacts computed once the average
 * length is known (see DESIGN.md, "Scoring").
 */
export function buildPostings(input: PostingsInput, vocab: Vocabulary): Postings {
  return runSteps(postingsSteps(input, vocab));
}

/** buildPostings as steps: yields every STEP_ITEMS capabilities, and every STEP_ITEMS² entries of the transposition. */
export function* postingsSteps(input: PostingsInput, vocab: Vocabulary): Steps<Postings> {
  const { size, weights } = input;
  if (weights.length > MAX_FIELDS) throw new RangeError(`at most ${MAX_FIELDS} fields`);
  const first = input.firstSegment ?? Math.min(1 << 18, Math.max(1024, size * 64));
  const doc = new DocumentTerms(
    vocab,
    new Forward(size, first, (entries, done) => Math.ceil((entries / Math.max(1, done)) * size * 1.1) - entries),
  );
  const docLen = new Float64Array(size);
  let totalLen = 0;
  for (let i = 0; i < size; i++) {
    let len = 0;
    for (let f = 0; f < weights.length; f++) {
      const w = weights[f] as number;
      len += w * doc.add(input.field(i, f), w, f);
    }
    doc.end(i);
    docLen[i] = len;
    totalLen += len;
    if (i % STEP_ITEMS === STEP_ITEMS - 1) yield;
  }
  doc.forward.close();
  yield;
  return yield* transpose(
    input,
    vocab.terms.length,
    doc.df,
    doc.forward,
    docLen,
    input.avgLength ?? (size ? totalLen / size : 1),
  );
}

function* transpose(
  input: PostingsInput,
  termCount: number,
  df: Uint32Array,
  fwd: Forward,
  docLen: Float64Array,
  avg: number,
): Steps<Postings> {
  const start = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) start[t + 1] = (start[t] as number) + (df[t] as number);
  const total = start[termCount] as number;
  // In the accumulator kernel's memory when it fits one (kernel.ts), else a plain buffer.
  const arena = input.kernel === false ? undefined : postingsArena(total, input.size);
  const buffer = arena ? arena.memory.buffer : new ArrayBuffer(total * 8);
  const docs = new Uint32Array(buffer, 0, total * 2),
    impacts = new Float32Array(buffer, 0, total * 2),
    fields = new Uint8Array(total);
  const fill = start.slice(0, termCount);
  const { k1, b } = input;
  let i = 0,
    left = 0,
    norm = 1;
  // The forward entries in order: capability i's are the next `counts[i]`.
  for (const seg of fwd.segments) {
    const ids = new Uint32Array(seg.buffer, 0, seg.length * 2),
      tfs = new Float32Array(seg.buffer, 0, seg.length * 2),
      masks = seg.masks;
    for (let e = 0; e < seg.length; e++) {
      while (left === 0) {
        left = fwd.counts[i] as number;
        norm = 1 - b + (b * (docLen[i] as number)) / avg;
        i++;
      }
      left--;
      const id = ids[2 * e] as number;
      const tf = (tfs[2 * e + 1] as number) / norm;
      const at = fill[id] as number;
      docs[2 * at] = i - 1;
      impacts[2 * at + 1] = tf / (k1 + tf);
      fields[at] = masks[e] as number;
      fill[id] = at + 1;
      if (e % ENTRY_STEP === ENTRY_STEP - 1) yield;
    }
  }
  return { start, docs, impacts, fields, avgLength: avg, ...(arena ? { arena } : {}) };
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
  df = new Uint32Array(1 << 12);
  private readonly table: ChunkTable;
  /** Term ids of the field being added. */
  private out = new Uint32Array(1 << 10);
  private bytes = new Uint8Array(1 << 12);
  /** Weight of each term in the current capability (0 = absent); `seen` lists the non-zero ones. */
  private weight = new Float32Array(1 << 12);
  /** Fields (bit f) each term of the current capability occurs in. */
  private mask = new Uint8Array(1 << 12);
  private seen = new Uint32Array(1 << 10);
  private seenCount = 0;

  constructor(
    private readonly vocab: Vocabulary,
    readonly forward: Forward,
  ) {
    this.table = new ChunkTable((t) => vocab.id(t));
  }

  /** Adds the terms of field `f` at weight `w`; returns how many terms it has. */
  add(text: FieldText, w: number, f: number): number {
    if (typeof text === "string") return this.addIds(this.scan(text, 0), w, f);
    let n = 0;
    for (const t of text) n = this.scan(t, n);
    return this.addIds(n, w, f);
  }

  /** Closes capability i: appends its terms and weights to the forward index. */
  end(i: number): void {
    const weight = this.weight,
      mask = this.mask,
      seen = this.seen,
      df = this.df;
    for (let j = 0; j < this.seenCount; j++) {
      const id = seen[j] as number;
      this.forward.push(id, weight[id] as number, mask[id] as number, i);
      weight[id] = 0;
      mask[id] = 0;
      df[id] = (df[id] as number) + 1;
    }
    this.forward.counts[i] = this.seenCount;
    this.seenCount = 0;
  }

  /**
   * Appends the term ids of `text` to `out` after its first `n`; returns the new count.
   * UTF-8 bytes come from native code (reading a Uint8Array is cheaper than charCodeAt), and
   * while every byte is below 128 byte offsets are character offsets. (Caching the ids of
   * repeated short texts by string was slower: a Map lookup hashes a fresh string each time.)
   */
  private scan(text: string, n: number): number {
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(text.length * 3);
    const bytes = this.bytes,
      len = ENCODER.encodeInto(text, bytes).written;
    for (let i = 0; i < len; ) {
      let c = bytes[i] as number;
      if (c === 32 || (c >= 9 && c <= 13)) {
        i++;
        continue;
      }
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
    if (code >= 0) {
      this.out[n] = code;
      return n + 1;
    }
    const pool = this.table.pool,
      at = -1 - code,
      count = pool[at] as number;
    if (n + count > this.out.length) this.out = ensure(this.out, n + count);
    for (let j = 1; j <= count; j++) this.out[n + j - 1] = pool[at + j] as number;
    return n + count;
  }

  /** Adds the first `n` ids of `out` at weight `w` to the current capability, as text of field `f`. */
  private addIds(n: number, w: number, f: number): number {
    if (w === 0) return n;
    if (this.vocab.terms.length > this.weight.length) {
      this.weight = ensure(this.weight, this.vocab.terms.length);
      this.mask = ensure(this.mask, this.vocab.terms.length);
      this.df = ensure(this.df, this.vocab.terms.length);
    }
    const weight = this.weight,
      mask = this.mask,
      bit = 1 << f,
      ids = this.out;
    for (let j = 0; j < n; j++) {
      const id = ids[j] as number;
      const cur = weight[id] as number;
      if (cur === 0) {
        if (this.seenCount === this.seen.length) this.seen = ensure(this.seen, this.seenCount + 1);
        this.seen[this.seenCount++] = id;
      }
      weight[id] = cur + w;
      mask[id] = (mask[id] as number) | bit;
    }
    return n;
  }
}

/**
 * The forward index: (term id, weighted tf) pairs, capability after capability, in a few
 * large segments (interleaved in one buffer each). Each typed-array allocation adds external
 * memory, and V8 answers every ~64 MB of that with a full GC, which marks the caller's whole
 * heap (a second or so with a 1M-document corpus in memory); 1M-entry blocks cost six of them
 * per build at 1M capabilities. So after a first segment the rest is sized from the entries
 * per capability so far (with a margin), and is rarely outgrown.
 */
class Forward {
  readonly segments: { buffer: ArrayBuffer; masks: Uint8Array; length: number }[] = [];
  /** Entries per capability. */
  readonly counts: Uint32Array;
  private ids = new Uint32Array(0);
  private tfs = new Float32Array(0);
  private masks = new Uint8Array(0);
  private at = 0;
  private entries = 0;

  /** `more(entries, capabilities)`: entries to reserve next, given the counts so far. */
  constructor(
    size: number,
    private readonly first: number,
    private readonly more: (entries: number, capabilities: number) => number,
  ) {
    this.counts = new Uint32Array(size);
  }

  /** Appends an entry of capability i. */
  push(id: number, tf: number, mask: number, i: number): void {
    if (2 * this.at === this.ids.length) this.grow(i);
    this.ids[2 * this.at] = id;
    this.tfs[2 * this.at + 1] = tf;
    this.masks[this.at] = mask;
    this.at++;
  }

  /** Records the length of the last segment. */
  close(): void {
    const last = this.segments[this.segments.length - 1];
    if (last) last.length = this.at;
  }

  private grow(i: number): void {
    this.close();
    this.entries += this.at;
    const size = this.segments.length === 0 ? this.first : Math.max(this.first, this.more(this.entries, i));
    const buffer = new ArrayBuffer(size * 8);
    this.masks = new Uint8Array(size);
    this.segments.push({ buffer, masks: this.masks, length: 0 });
    this.ids = new Uint32Array(buffer);
    this.tfs = new Float32Array(buffer);
    this.at = 0;
  }
}
