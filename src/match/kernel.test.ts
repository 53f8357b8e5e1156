import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HIST_BINS, kernelBytes, postingsArena, postingsKernel } from "./kernel.js";

/** Random posting lists over n capabilities: (capability, impact) pairs, ids ascending per list. */
const lists = fc.integer({ min: 1, max: 300 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    lists: fc.array(
      fc
        .uniqueArray(fc.nat(n - 1), { maxLength: n })
        .chain((ids) =>
          fc.tuple(
            fc.constant([...ids].sort((a, b) => a - b)),
            fc.array(fc.float({ min: 0, max: 1, noNaN: true }), { minLength: ids.length, maxLength: ids.length }),
          ),
        ),
      { minLength: 1, maxLength: 6 },
    ),
    weights: fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 6, maxLength: 6 }),
    cut: fc.double({ min: 0, max: 10, noNaN: true }),
    viaTouched: fc.boolean(),
    stride: fc.integer({ min: 1, max: 5 }),
    scale: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 2000, noNaN: true })),
  }),
);

describe("the accumulator kernel (WebAssembly)", () => {
  it("is a valid module", () => {
    expect(WebAssembly.validate(kernelBytes())).toBe(true);
  });

  it("adds, lists touched capabilities, gathers and samples exactly as the JavaScript loops do, bit for bit", () => {
    fc.assert(
      fc.property(lists, ({ n, lists: ls, weights, cut, viaTouched, stride, scale }) => {
        const total = ls.reduce((s, [ids]) => s + ids.length, 0);
        const arena = postingsArena(total, n);
        if (!arena) throw new Error("a small arena must fit");
        const k = postingsKernel(arena);
        const buf = arena.memory.buffer;
        const docs = new Uint32Array(buf, 0, total * 2),
          imps = new Float32Array(buf, 0, total * 2);
        const starts: number[] = [0];
        for (const [ids, vals] of ls) {
          let p = starts[starts.length - 1] as number;
          ids.forEach((d, j) => {
            docs[2 * p] = d;
            imps[2 * p + 1] = vals[j] as number;
            p++;
          });
          starts.push(p);
        }
        const acc = new Float32Array(buf, arena.accByte, n),
          touched = new Uint32Array(buf, arena.touchedByte, n),
          cand = new Uint32Array(buf, arena.candByte, n);
        // The reference: the engine's JavaScript loops over plain arrays.
        const refAcc = new Float32Array(n),
          refTouched: number[] = [];
        let count = 0,
          refCount = 0;
        ls.forEach((_, t) => {
          const w = weights[t] as number;
          for (let p = starts[t] as number; p < (starts[t + 1] as number); p++) {
            const d = docs[2 * p] as number;
            const cur = refAcc[d] as number;
            // A typed array drops writes past its end: the list keeps its first n entries, the count goes on.
            if (cur === 0) {
              if (refCount < n) refTouched.push(d);
              refCount++;
            }
            refAcc[d] = cur + w * (imps[2 * p + 1] as number);
          }
          const from = 8 * (starts[t] as number),
            to = 8 * (starts[t + 1] as number);
          if (viaTouched) count = k.addTouched(from, to, w, arena.accByte, arena.touchedByte, count, n);
          else k.add(from, to, w, arena.accByte);
        });
        expect([...acc]).toEqual([...refAcc]);
        const dense: number[] = [];
        for (let d = 0; d < n; d++) if ((refAcc[d] as number) >= cut && refAcc[d] !== 0) dense.push(d);
        const m = k.gather(n, arena.accByte, cut, arena.candByte, arena.touchedByte, 1);
        expect([...cand.subarray(0, m)]).toEqual(dense);
        // The sample histogram, against the JavaScript loop.
        const hist = new Uint32Array(buf, arena.histByte, HIST_BINS);
        const refHist = new Uint32Array(HIST_BINS);
        for (let d = 0; d < n; d += stride) {
          const v = refAcc[d] as number;
          if (v > 0) {
            const b = Math.min(HIST_BINS - 1, Math.floor(v * scale));
            refHist[b] = (refHist[b] as number) + 1;
          }
        }
        hist.fill(0);
        k.histogram(n, arena.accByte, stride, scale, arena.histByte, arena.touchedByte, 1);
        expect([...hist]).toEqual([...refHist]);
        if (!viaTouched) return;
        expect(count).toBe(refCount);
        const listed = [...touched.subarray(0, Math.min(count, n))];
        expect(listed).toEqual(refTouched);
        const fromList = listed.filter((d) => (refAcc[d] as number) >= cut && refAcc[d] !== 0);
        const m2 = k.gather(listed.length, arena.accByte, cut, arena.candByte, arena.touchedByte, 0);
        expect([...cand.subarray(0, m2)]).toEqual(fromList);
      }),
      { numRuns: 300 },
    );
  });

  it("never lists more touched capabilities than the list holds (a weight of 0 touches one again and again)", () => {
    const arena = postingsArena(4, 2);
    if (!arena) throw new Error("a small arena must fit");
    const docs = new Uint32Array(arena.memory.buffer, 0, 8);
    [0, 1, 0, 1].forEach((d, p) => (docs[2 * p] = d));
    const cand = new Uint32Array(arena.memory.buffer, arena.candByte, 2);
    cand.fill(7);
    const k = postingsKernel(arena);
    expect(k.addTouched(0, 32, 0, arena.accByte, arena.touchedByte, 0, 2)).toBe(4);
    // The region after the list (the candidates) is untouched.
    expect([...cand]).toEqual([7, 7]);
  });

  it("declines an arena past 4 GiB (the engine then keeps plain arrays)", () => {
    expect(postingsArena(600_000_000, 1000)).toBeUndefined();
    expect(postingsArena(10, 10)?.accByte).toBe(80);
  });
});
