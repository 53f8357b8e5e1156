import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createError } from "../errors.js";
import { isStopWord } from "../text/words.js";
import type { Embedder } from "./embedder.js";

/** Bounds on a word-vector file, so a wrong path (a database, a tarball) fails fast and clearly. */
export const WORD_VECTOR_LIMITS = { maxBytes: 4_000_000_000, maxWords: 5_000_000, maxDimensions: 1024 } as const;

/**
 * SIF weight parameter: a word of estimated frequency p weighs a / (a + p), so "the" counts
 * ~1% of a rare word (Arora et al.'s smooth inverse frequency; 1e-3 is their default).
 */
export const SIF_A = 1e-3;

/**
 * Word vectors from a local file in the GloVe / word2vec text format: one word per line
 * followed by its numbers, separated by spaces; word2vec's optional "count dimensions"
 * header line is accepted. Such files list words most frequent first, and the rank is the
 * only frequency estimate they carry (Zipf: p(rank r) ≈ 1 / (r · H_N)).
 */
export class WordVectors {
  private constructor(
    readonly id: string,
    readonly dimensions: number,
    private readonly rows: Map<string, number>,
    private readonly matrix: Float32Array,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  static async load(file: string): Promise<WordVectors> {
    const stat = statOf(file);
    if (stat.size > WORD_VECTOR_LIMITS.maxBytes)
      throw bad(file, 0, `the file has ${stat.size} bytes, more than the ${WORD_VECTOR_LIMITS.maxBytes} allowed`);
    const reader = new MatrixReader(file);
    const input = fs.createReadStream(file, "utf8");
    let n = 0;
    try {
      for await (const line of readline.createInterface({ input, crlfDelay: Infinity }))
        reader.line(n === 0 ? line.replace(/^\uFEFF/, "") : line, ++n);
    } catch (e) {
      throw isCoded(e)
        ? e
        : bad(file, n, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? "read error"})`);
    } finally {
      input.destroy();
    }
    if (reader.rows.size === 0)
      throw bad(file, n, "no word vectors found; expected lines of a word followed by its numbers");
    return new WordVectors(
      `vectors:${path.basename(file)}:${reader.rows.size}x${reader.dims}:${stat.size}`,
      reader.dims,
      reader.rows,
      reader.matrix(),
    );
  }

  /** Row of `word`, or undefined when the file does not know it. */
  row(word: string): number | undefined {
    return this.rows.get(word);
  }

  /** Adds `weight` × the vector of row r to `into`. */
  addTo(into: Float32Array, r: number, weight: number): void {
    const d = this.dimensions,
      m = this.matrix,
      at = r * d;
    for (let k = 0; k < d; k++) into[k] = (into[k] as number) + weight * (m[at + k] as number);
  }

  /** SIF weight of row r, from its frequency rank. */
  weight(r: number): number {
    const p = 1 / ((r + 1) * (Math.log(this.rows.size) + 0.5772));
    return SIF_A / (SIF_A + p);
  }
}

function statOf(file: string): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw bad(file, 0, "cannot read the file; check the path");
  }
  if (!stat.isFile()) throw bad(file, 0, "is not a file; give the path of a word-vector text file");
  return stat;
}

const isCoded = (e: unknown): boolean =>
  typeof e === "object" && e !== null && "code" in e && (e as { code: unknown }).code === "VECTORS_INVALID";

const bad = (file: string, line: number, what: string) =>
  createError("VECTORS_INVALID", [`${file}${line ? `:${line}` : ""}`, what]);
const HEADER = /^\d+[ \t]+\d+$/;
const FIELDS = /[ \t]+/;

/** Parses lines into a growing matrix; the first vector fixes the dimensions. */
class MatrixReader {
  readonly rows = new Map<string, number>();
  dims = 0;
  private data = new Float32Array(0);

  constructor(private readonly file: string) {}

  line(text: string, n: number): void {
    const line = text.trimEnd();
    if (line.length === 0) return;
    if (n === 1 && HEADER.test(line)) {
      this.start(Number(line.split(FIELDS)[1]), n);
      return;
    }
    const fields = line.split(FIELDS);
    if (this.dims === 0) this.start(fields.length - 1, n);
    const word = this.word(fields, n);
    if (this.rows.has(word)) return; // first (more frequent) occurrence wins
    if (this.rows.size >= WORD_VECTOR_LIMITS.maxWords)
      throw bad(this.file, n, `more than ${WORD_VECTOR_LIMITS.maxWords} words`);
    const r = this.rows.size,
      at = r * this.dims,
      from = fields.length - this.dims;
    if (at + this.dims > this.data.length) this.grow(at + this.dims);
    for (let k = 0; k < this.dims; k++) {
      const x = Math.fround(Number(fields[from + k]));
      if (!Number.isFinite(x))
        throw bad(
          this.file,
          n,
          `'${fields[from + k]}' (number ${k + 1} of '${word}') is not a number a 32-bit float can hold`,
        );
      this.data[at + k] = x;
    }
    this.rows.set(word, r);
  }

  /**
   * The word: every field before the last `dims`. Some files have words with spaces in them
   * (". . ."), but a number among those fields means a ragged line, not such a word.
   */
  private word(fields: readonly string[], n: number): string {
    const count = fields.length - this.dims;
    if (count < 1 || fields.slice(1, count).some((f) => Number.isFinite(Number(f)))) {
      throw bad(
        this.file,
        n,
        `expected '${fields[0] ?? ""}' and ${this.dims} numbers, found ${fields.length - 1} fields after it`,
      );
    }
    return fields.slice(0, count).join(" ");
  }

  matrix(): Float32Array {
    return this.data.slice(0, this.rows.size * this.dims);
  }

  private start(dims: number, n: number): void {
    if (dims < 1 || dims > WORD_VECTOR_LIMITS.maxDimensions)
      throw bad(
        this.file,
        n,
        `a vector of ${dims} numbers; expected 1 to ${WORD_VECTOR_LIMITS.maxDimensions} (is this a word-vector text file?)`,
      );
    this.dims = dims;
    this.data = new Float32Array(dims * 1024);
  }

  private grow(min: number): void {
    const next = new Float32Array(Math.max(min, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/**
 * The local-file Embedder: a text is the SIF-weighted sum of its words' vectors. A hyphenated
 * or dotted word the file lacks ("speech-to-text") counts as its parts; stop words count
 * nothing. `SemanticIndex` centres and normalises the sums.
 */
export class WordVectorEmbedder implements Embedder {
  readonly id: string;
  /** Computed in process from the file: cheaper than reading stored vectors back. */
  readonly remote = false;
  constructor(private readonly vectors: WordVectors) {
    this.id = vectors.id;
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.one(t)));
  }

  private one(text: string): Float32Array {
    const v = new Float32Array(this.vectors.dimensions);
    for (const r of this.rowsOf(text)) this.vectors.addTo(v, r, this.vectors.weight(r));
    return v;
  }

  private rowsOf(text: string): number[] {
    const out: number[] = [];
    for (const chunk of text.toLowerCase().split(/[^\p{L}\p{N}.\-']+/u)) {
      const w = chunk.replace(/^[-.']+|[-.']+$/g, "");
      if (w.length === 0 || isStopWord(w)) continue;
      const r = this.row(w);
      if (r !== undefined) {
        out.push(r);
        continue;
      }
      for (const p of w.split(/[-.']/)) {
        const pr = p.length > 0 && !isStopWord(p) ? this.row(p) : undefined;
        if (pr !== undefined) out.push(pr);
      }
    }
    return out;
  }

  /** The row of a word as written, else without its accents ("café" → "cafe"). */
  private row(w: string): number | undefined {
    return this.vectors.row(w) ?? this.vectors.row(w.normalize("NFKD").replace(/\p{M}/gu, ""));
  }
}
