/**
 * The accumulator's loops over most of the corpus in WebAssembly (match/DESIGN.md, "Accumulator
 * kernel"): acc[d] += w · impact over a posting list, gathering the capabilities above a cut, and
 * sampling scores for the cut. In JavaScript these loops read typed arrays held in fields, and V8
 * reloads each array's base and length on every access: about 4.3 ns a posting at 100k
 * capabilities, against about 1.9 ns for the same loop over arrays it can treat as constants and
 * 1.1 ns here, where the one memory sits at a fixed base with bounds checks left to guard pages.
 * The arithmetic is the JavaScript loops' (float32 → float64, multiply, add, round to float32),
 * so every sum is bit-identical and the engine's results do not depend on the path.
 */

/** WebAssembly pages are 64 KiB; a 32-bit memory holds at most 65,536 of them. */
const PAGE = 65_536;
const MAX_PAGES = 65_536;

/**
 * The postings (8 bytes each) and, after them, the accumulator's arrays (4 bytes per capability
 * each: scores, touched list, candidates) in one memory the kernel reads.
 */
export interface PostingsArena {
  readonly memory: WebAssembly.Memory;
  /** Byte offsets of acc (float32), touched and cand (uint32), `size` entries each. */
  readonly accByte: number;
  readonly touchedByte: number;
  readonly candByte: number;
  /** Byte offset of the sample histogram (HIST_BINS uint32). */
  readonly histByte: number;
}

/** Bins of the accumulator's sample histogram (accumulator.ts). */
export const HIST_BINS = 256;

/**
 * A memory for `postings` postings and `size` capabilities, or undefined when it would not fit a
 * 32-bit memory (the engine then keeps plain arrays and its JavaScript loops).
 */
export function postingsArena(postings: number, size: number): PostingsArena | undefined {
  const accByte = postings * 8,
    touchedByte = accByte + size * 4,
    candByte = touchedByte + size * 4,
    histByte = candByte + size * 4;
  const pages = Math.ceil((histByte + HIST_BINS * 4) / PAGE) || 1;
  if (pages > MAX_PAGES) return undefined;
  try {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    return { memory, accByte, touchedByte, candByte, histByte };
  } catch {
    // Each memory reserves address space for its guard pages; when none is left, plain arrays do the same job.
    return undefined;
  }
}

/** The kernel's loops over one arena (byte offsets into its memory). */
export interface Kernel {
  /** acc += w · impact over the postings in bytes [from, to). */
  add(from: number, to: number, w: number, acc: number): void;
  /**
   * The same, appending each capability whose score was 0 to the touched list (while fewer than
   * `room` are listed: a list only overflows when a weight is 0); returns the new count.
   */
  addTouched(from: number, to: number, w: number, acc: number, touched: number, count: number, room: number): number;
  /**
   * Writes to `cand` the capabilities scoring at least `cut` (and above 0): capabilities 0..n−1
   * when `dense` is 1, else the first n of the touched list at `list`; returns how many.
   */
  gather(n: number, acc: number, cut: number, cand: number, list: number, dense: number): number;
  /**
   * Counts into `hist` every stride-th capability scoring above 0 (0..n−1 when `dense` is 1, else
   * the first n of the list), in bin min(HIST_BINS − 1, ⌊score · scale⌋).
   */
  histogram(n: number, acc: number, stride: number, scale: number, hist: number, list: number, dense: number): void;
}

let compiled: WebAssembly.Module | undefined;

interface Exports {
  add: Kernel["add"];
  addTouched: Kernel["addTouched"];
  gatherAll(n: number, acc: number, floor: number, cand: number): number;
  gatherListed(n: number, acc: number, floor: number, cand: number, list: number): number;
  histogram: Kernel["histogram"];
}

/** The kernel bound to one arena's memory. */
export function postingsKernel(arena: PostingsArena): Kernel {
  compiled ??= new WebAssembly.Module(kernelBytes());
  const x = new WebAssembly.Instance(compiled, { m: { mem: arena.memory } }).exports as unknown as Exports;
  return {
    add: x.add,
    addTouched: x.addTouched,
    histogram: x.histogram,
    gather: (n, acc, cut, cand, list, dense) =>
      dense ? x.gatherAll(n, acc, floorBits(cut), cand) : x.gatherListed(n, acc, floorBits(cut), cand, list),
  };
}

const ONE_FLOAT = new Float32Array(1);
const BITS = new Int32Array(ONE_FLOAT.buffer);

/**
 * The bit pattern of the least float32 that is at least `cut` and above 0. Scores are never
 * negative, and for non-negative float32 values integer order is numeric order, so the gather
 * compares integers: "s ≥ cut and s ≠ 0" becomes bits(s) ≥ floorBits(cut), signed (−0 and
 * negative values read as negative integers and never pass).
 */
export function floorBits(cut: number): number {
  if (!(cut > 0)) return 1;
  ONE_FLOAT[0] = cut;
  if ((ONE_FLOAT[0] as number) < cut) BITS[0] = (BITS[0] as number) + 1;
  return BITS[0] as number;
}

const I32 = 0x7f,
  F32 = 0x7d,
  F64 = 0x7c;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32 = (n: number) => [0x41, ...sleb(n)];
const ADD = 0x6a,
  SHL = 0x74,
  GE_U = 0x4f,
  LOAD = [0x28, 2, 0],
  STORE = [0x36, 2, 0],
  F32_LOAD = [0x2a, 2, 0],
  F32_STORE = [0x38, 2, 0],
  PROMOTE = 0xbb,
  DEMOTE = 0xb6;
/** base + 4 · index (both locals). */
const slot = (base: number, index: number) => [...get(base), ...get(index), ...i32(2), SHL, ADD];
/** local += k. */
const bump = (local: number, k: number) => [...get(local), ...i32(k), ADD, ...set(local)];
/** block (loop (br_if 1 (i32.ge_u a b)) …body… (br 0)). */
const loopWhileBelow = (a: number, b: number, body: number[]) => [
  ...[0x02, 0x40, 0x03, 0x40],
  ...get(a),
  ...get(b),
  GE_U,
  ...[0x0d, 1],
  ...body,
  ...[0x0c, 0, 0x0b, 0x0b],
];
/** acc[d] = f32(f64(acc[d]) + w · f64(impact at p + 4)), with the address in local a and acc[d] on the stack. */
const accumulate = (a: number, w: number, p: number, cur: number[]) => [
  ...get(a),
  ...cur,
  PROMOTE,
  ...get(w),
  ...get(p),
  ...[0x2a, 2, 4], // f32.load offset=4: the impact
  PROMOTE,
  0xa2, // f64.mul
  0xa0, // f64.add
  DEMOTE,
  ...F32_STORE,
];

/**
 * The module, assembled here rather than shipped as a binary so it can be read. In text form:
 *
 *   add(p, end, w: f64, acc):               for (; p < end; p += 8) { a = acc + 4·load(p);
 *                                             store_f32(a, f32(f64(load_f32(a)) + w · f64(load_f32(p + 4)))) }
 *   addTouched(p, end, w, acc, touched, count, room) → count: the same; when load_f32(a) == 0 first
 *                                             store(touched + 4·count, d) if count < room, and count += 1
 *   gatherAll(n, acc, floor, cand) → m:     for (d = 0; d < n; d++) if (load(acc + 4d) >=s floor) store(cand + 4·m++, d)
 *   gatherListed(n, acc, floor, cand, list) → m: the same for d = load(list + 4i), i < n
 *   histogram(n, acc, stride, scale, hist, list, dense): for (i = 0; i < n; i += stride) { d as in gather;
 *                                             s = load_f32(acc + 4d); if (s > 0) hist[min(255, floor(f64(s) · scale))]++ }
 *
 * Postings are (u32 capability, f32 impact) pairs; addresses are compared unsigned, so arenas
 * up to 4 GiB work.
 */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const types = [
    ...[5],
    ...[0x60, 4, I32, I32, F64, I32, 0],
    ...[0x60, 7, I32, I32, F64, I32, I32, I32, I32, 1, I32],
    ...[0x60, 4, I32, I32, I32, I32, 1, I32],
    ...[0x60, 5, I32, I32, I32, I32, I32, 1, I32],
    ...[0x60, 7, I32, I32, I32, F64, I32, I32, I32, 0],
  ];
  const imports = [1, 1, ...ascii("m"), 3, ...ascii("mem"), 0x02, 0x00, 0x00];
  const functions = [5, 0, 1, 2, 3, 4];
  const exports = [
    ...[5, ...name("add"), 0x00, 0, ...name("addTouched"), 0x00, 1],
    ...[...name("gatherAll"), 0x00, 2, ...name("gatherListed"), 0x00, 3, ...name("histogram"), 0x00, 4],
  ];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, [
      5,
      ...fn(addBody()),
      ...fn(addTouchedBody()),
      ...fn(gatherAllBody()),
      ...fn(gatherListedBody()),
      ...fn(histogramBody()),
    ]),
  ]);
}

function addBody(): number[] {
  const [p, end, w, acc, a] = [0, 1, 2, 3, 4];
  return [
    ...[1, 1, I32],
    ...loopWhileBelow(p, end, [
      ...get(acc),
      ...get(p),
      ...LOAD,
      ...i32(2),
      SHL,
      ADD,
      ...set(a),
      ...accumulate(a, w, p, [...get(a), ...F32_LOAD]),
      ...bump(p, 8),
    ]),
  ];
}

function addTouchedBody(): number[] {
  const [p, end, w, acc, touched, count, room, a, d, cur] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  return [
    ...[2, 2, I32, 1, F32],
    ...loopWhileBelow(p, end, [
      ...get(p),
      ...LOAD,
      ...tee(d),
      ...i32(2),
      SHL,
      ...get(acc),
      ADD,
      ...tee(a),
      ...F32_LOAD,
      ...tee(cur),
      ...[0x43, 0, 0, 0, 0], // f32.const 0
      0x5b, // f32.eq
      ...[0x04, 0x40], // if
      ...get(count),
      ...get(room),
      0x49, // i32.lt_u
      ...[0x04, 0x40], // if
      ...slot(touched, count),
      ...get(d),
      ...STORE,
      0x0b, // end if
      ...bump(count, 1),
      0x0b, // end if
      ...accumulate(a, w, p, get(cur)),
      ...bump(p, 8),
    ]),
    ...get(count),
  ];
}

/** gatherAll(n, acc, floor, cand) → m: capabilities 0..n−1 whose score's bits are at least `floor`. */
function gatherAllBody(): number[] {
  const [n, acc, floor, cand, i, m] = [0, 1, 2, 3, 4, 5];
  return [
    ...[1, 2, I32],
    ...loopWhileBelow(i, n, [
      ...slot(acc, i),
      ...LOAD,
      ...get(floor),
      0x4e, // i32.ge_s
      ...[0x04, 0x40], // if
      ...slot(cand, m),
      ...get(i),
      ...STORE,
      ...bump(m, 1),
      0x0b, // end if
      ...bump(i, 1),
    ]),
    ...get(m),
  ];
}

/** gatherListed(n, acc, floor, cand, list) → m: the same over the first n capabilities of a list. */
function gatherListedBody(): number[] {
  const [n, acc, floor, cand, list, i, m, d] = [0, 1, 2, 3, 4, 5, 6, 7];
  return [
    ...[1, 3, I32],
    ...loopWhileBelow(i, n, [
      ...slot(list, i),
      ...LOAD,
      ...set(d),
      ...slot(acc, d),
      ...LOAD,
      ...get(floor),
      0x4e, // i32.ge_s
      ...[0x04, 0x40], // if
      ...slot(cand, m),
      ...get(d),
      ...STORE,
      ...bump(m, 1),
      0x0b, // end if
      ...bump(i, 1),
    ]),
    ...get(m),
  ];
}

/** histogram(n, acc, stride, scale, hist, list, dense): see Kernel.histogram. */
function histogramBody(): number[] {
  const [n, acc, stride, scale, hist, list, dense, i, d, s, b] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  return [
    ...[3, 2, I32, 1, F32, 1, I32],
    ...loopWhileBelow(i, n, [
      ...get(dense),
      ...[0x04, I32], // if (result i32)
      ...get(i),
      0x05, // else
      ...slot(list, i),
      ...LOAD,
      0x0b, // end if
      ...set(d),
      ...slot(acc, d),
      ...F32_LOAD,
      ...tee(s),
      ...[0x43, 0, 0, 0, 0], // f32.const 0
      0x5e, // f32.gt
      ...[0x04, 0x40], // if
      ...get(s),
      PROMOTE,
      ...get(scale),
      0xa2, // f64.mul
      0x9c, // f64.floor
      ...[0x44, ...f64Bytes(HIST_BINS - 1)], // f64.const
      0xa4, // f64.min
      0xab, // i32.trunc_f64_u
      ...set(b),
      ...slot(hist, b),
      ...slot(hist, b),
      ...LOAD,
      ...i32(1),
      ADD,
      ...STORE,
      0x0b, // end if
      ...get(i),
      ...get(stride),
      ADD,
      ...set(i),
    ]),
  ];
}

function f64Bytes(x: number): number[] {
  return [...new Uint8Array(new Float64Array([x]).buffer)];
}

function fn(body: number[]): number[] {
  const withEnd = [...body, 0x0b];
  return [...leb(withEnd.length), ...withEnd];
}

function section(id: number, bytes: readonly number[]): number[] {
  return [id, ...leb(bytes.length), ...bytes];
}

function name(s: string): number[] {
  return [s.length, ...ascii(s)];
}

/** Unsigned LEB128. */
function leb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    out.push(v > 0 ? byte | 0x80 : byte);
  } while (v > 0);
  return out;
}

/** Signed LEB128 (small constants). */
function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}
